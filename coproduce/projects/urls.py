from django.urls import path

from . import views_member, views_public

app_name = "projects"

urlpatterns = [
    path("projects/", views_public.public_list, name="public_list"),
    path("projects/<slug:slug>/", views_public.public_detail, name="public_detail"),
    path("requests/", views_member.request_list, name="requests"),
    path("requests/new/", views_member.request_new, name="request_new"),
    path("requests/<int:pk>/", views_member.request_detail, name="request"),
    path("requests/<int:pk>/edit/", views_member.request_edit, name="request_edit"),
    path("your-projects/", views_member.your_projects, name="your_projects"),
    path("your-projects/<int:pk>/", views_member.team_project, name="team_project"),
    path("your-projects/<int:pk>/outputs/add/", views_member.output_form, name="output_add"),
    path("your-projects/<int:pk>/outputs/<int:output_pk>/", views_member.output_form, name="output_edit"),
    path(
        "your-projects/<int:pk>/outputs/<int:output_pk>/delete/",
        views_member.output_delete,
        name="output_delete",
    ),
    path("your-projects/<int:pk>/updates/add/", views_member.update_form, name="update_add"),
    path("your-projects/<int:pk>/updates/<int:update_pk>/", views_member.update_form, name="update_edit"),
    path(
        "your-projects/<int:pk>/updates/<int:update_pk>/delete/",
        views_member.update_delete,
        name="update_delete",
    ),
    path("your-projects/<int:pk>/agreement/", views_member.agreement, name="agreement"),
    path("your-projects/<int:pk>/jargon/", views_member.jargon, name="jargon"),
    path(
        "your-projects/<int:pk>/jargon/<int:term_pk>/remove/",
        views_member.jargon_remove,
        name="jargon_remove",
    ),
]
