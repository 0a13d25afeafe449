from django.urls import path

from . import views_member

app_name = "api_tokens"

urlpatterns = [
    path("", views_member.token_list, name="list"),
    path("create/", views_member.token_create, name="create"),
    path("<int:token_id>/revoke/", views_member.token_revoke, name="revoke"),
]
