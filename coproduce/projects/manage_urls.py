from django.urls import path

from . import views_manage

app_name = "projects_manage"

urlpatterns = [
    path("", views_manage.project_list, name="list"),
    path("report/", views_manage.ladder_report, name="report"),
    path("<int:pk>/", views_manage.project_page, name="project"),
    path("<int:pk>/triage/", views_manage.triage, name="triage"),
    path("<int:pk>/stage/", views_manage.change_stage, name="stage"),
    path("<int:pk>/team/", views_manage.team, name="team"),
    path("<int:pk>/team/add/", views_manage.team_add, name="team_add"),
    path("<int:pk>/team/<int:member_pk>/role/", views_manage.team_change_role, name="team_role"),
    path("<int:pk>/team/<int:member_pk>/remove/", views_manage.team_remove, name="team_remove"),
    path("<int:pk>/rate/", views_manage.rate, name="rate"),
    path("<int:pk>/publishing/", views_manage.publishing, name="publishing"),
]
