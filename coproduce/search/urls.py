from django.urls import path

from . import views_public

app_name = "search"

urlpatterns = [
    path("", views_public.results, name="results"),
]
