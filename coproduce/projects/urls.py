from django.urls import path

from . import views_public, views_requests, views_team

app_name = "projects"

urlpatterns = [
    path("projects/", views_public.public_list, name="public_list"),
    path("projects/<slug:slug>/", views_public.public_detail, name="public_detail"),
    path("requests/", views_requests.request_list, name="requests"),
    path("requests/new/", views_requests.request_new, name="request_new"),
    path("requests/<int:pk>/", views_requests.request_detail, name="request"),
    path("requests/<int:pk>/edit/", views_requests.request_edit, name="request_edit"),
    path("your-projects/", views_team.your_projects, name="your_projects"),
    path("your-projects/<int:pk>/", views_team.team_project, name="team_project"),
    path("your-projects/<int:pk>/outputs/add/", views_team.output_form, name="output_add"),
    path("your-projects/<int:pk>/outputs/<int:output_pk>/", views_team.output_form, name="output_edit"),
    path(
        "your-projects/<int:pk>/outputs/<int:output_pk>/delete/",
        views_team.output_delete,
        name="output_delete",
    ),
    path("your-projects/<int:pk>/updates/add/", views_team.update_form, name="update_add"),
    path("your-projects/<int:pk>/updates/<int:update_pk>/", views_team.update_form, name="update_edit"),
    path(
        "your-projects/<int:pk>/updates/<int:update_pk>/delete/",
        views_team.update_delete,
        name="update_delete",
    ),
    path("your-projects/<int:pk>/agreement/", views_team.agreement, name="agreement"),
    path("your-projects/<int:pk>/jargon/", views_team.jargon, name="jargon"),
    path(
        "your-projects/<int:pk>/jargon/<int:term_pk>/remove/", views_team.jargon_remove, name="jargon_remove"
    ),
]
