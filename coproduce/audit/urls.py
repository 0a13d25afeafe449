from django.urls import path

from . import views_manage

app_name = "audit"

urlpatterns = [
    path("", views_manage.events, name="events"),
    path("export.csv", views_manage.export, name="export"),
]
