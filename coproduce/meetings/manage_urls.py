from django.urls import path

from . import views_manage

app_name = "meetings_manage"

urlpatterns = [
    path("", views_manage.meeting_list, name="list"),
    path("new/", views_manage.meeting_create, name="create"),
    path("<int:pk>/", views_manage.overview, name="overview"),
    path("<int:pk>/edit/", views_manage.meeting_edit, name="edit"),
    path("<int:pk>/cancel/", views_manage.cancel, name="cancel"),
    path("<int:pk>/invite/", views_manage.invite, name="invite"),
    path("<int:pk>/agenda/add/", views_manage.agenda_add, name="agenda_add"),
    path("<int:pk>/agenda/", views_manage.agenda, name="agenda"),
    path("agenda-items/<int:pk>/edit/", views_manage.agenda_edit, name="agenda_edit"),
    path("agenda-items/<int:pk>/delete/", views_manage.agenda_delete, name="agenda_delete"),
    path("agenda-items/<int:pk>/move/", views_manage.agenda_move, name="agenda_move"),
    path("<int:pk>/papers/add/", views_manage.paper_add, name="paper_add"),
    path("papers/<int:pk>/edit/", views_manage.paper_edit, name="paper_edit"),
    path("papers/<int:pk>/delete/", views_manage.paper_delete, name="paper_delete"),
    path("actions/<int:pk>/edit/", views_manage.action_edit, name="action_edit"),
    path("<int:pk>/on-behalf/", views_manage.on_behalf, name="on_behalf"),
    path("<int:pk>/support/", views_manage.support, name="support"),
    path("<int:pk>/attendance/", views_manage.attendance, name="attendance"),
    path("<int:pk>/minutes/", views_manage.minutes, name="minutes"),
    path("<int:pk>/decisions/add/", views_manage.decision_add, name="decision_add"),
    path("<int:pk>/actions/add/", views_manage.action_add, name="action_add"),
    path("venues/", views_manage.venue_list, name="venues"),
    path("venues/new/", views_manage.venue_edit, name="venue_create"),
    path("venues/<int:pk>/", views_manage.venue_edit, name="venue_edit"),
    path("groups/<slug:slug>/members/", views_manage.body_members, name="body_members"),
    path("groups/<slug:slug>/members/add/", views_manage.body_member_add, name="body_member_add"),
    path(
        "groups/<slug:slug>/members/<int:pk>/remove/",
        views_manage.body_member_remove,
        name="body_member_remove",
    ),
]
