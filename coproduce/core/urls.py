from django.urls import path

from . import views_manage, views_public

app_name = "core"

urlpatterns = [
    path("", views_public.home, name="home"),
    path("accessibility/", views_public.accessibility, name="accessibility"),
    path("privacy/", views_public.privacy, name="privacy"),
    path("contact/", views_public.contact, name="contact"),
    path("manage/", views_manage.manage_home, name="manage"),
    path("health/", views_public.health, name="health"),
    path("csp-report/", views_public.csp_report, name="csp_report"),
]
