from django.urls import path

from . import views_member

app_name = "meetings"

urlpatterns = [
    path("", views_member.my_meetings, name="my_meetings"),
    path("<int:pk>/", views_member.detail, name="detail"),
    path("<int:pk>/reply/", views_member.reply, name="reply"),
    path("<int:pk>/calendar.ics", views_member.calendar_file, name="calendar_file"),
    path("papers/<int:pk>/", views_member.paper_download, name="paper"),
    path("actions/<int:pk>/", views_member.update_action, name="update_action"),
    path("calendar-feed/", views_member.feed_settings, name="feed_settings"),
    path("calendar-feed/<str:token>.ics", views_member.calendar_feed, name="calendar_feed"),
    path("project/<int:key>/", views_member.scope_meetings, {"kind": "project"}, name="project_meetings"),
    path(
        "project/<int:key>/actions/", views_member.scope_actions, {"kind": "project"}, name="project_actions"
    ),
    path(
        "project/<int:key>/decisions/",
        views_member.scope_decisions,
        {"kind": "project"},
        name="project_decisions",
    ),
    path("groups/<slug:key>/", views_member.scope_meetings, {"kind": "body"}, name="body_meetings"),
    path("groups/<slug:key>/actions/", views_member.scope_actions, {"kind": "body"}, name="body_actions"),
    path(
        "groups/<slug:key>/decisions/", views_member.scope_decisions, {"kind": "body"}, name="body_decisions"
    ),
]
