from django.urls import path

from . import views_public

app_name = "handbook"

urlpatterns = [
    path("handbook/", views_public.index, name="index"),
    path("handbook/jargon-buster/", views_public.jargon_buster, name="jargon_buster"),
    path("handbook/sections/<slug:slug>/", views_public.section, name="section"),
    path("handbook/pages/<slug:slug>/", views_public.page, name="page"),
    path("handbook/pages/<slug:slug>/easy-read/", views_public.easy_read, name="easy_read"),
    path("handbook/pages/<slug:slug>/feedback/", views_public.feedback, name="feedback"),
    path("resources/", views_public.resources, name="resources"),
    path("resources/<slug:slug>/", views_public.generated, name="generated"),
    path("resources/<slug:slug>/document.<str:kind>", views_public.generated_file, name="generated_file"),
    path("resources/<slug:slug>/<str:format>/", views_public.resource_download, name="resource_download"),
]
