from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("contact/", views.contact, name="contact"),
    path("manage/", views.manage_home, name="manage"),
    path("health/", views.health, name="health"),
    path("csp-report/", views.csp_report, name="csp_report"),
]
