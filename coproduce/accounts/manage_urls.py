from django.urls import path

from . import manage_views

app_name = "accounts_manage"

urlpatterns = [
    path("", manage_views.account_list, name="list"),
    path("<int:user_id>/", manage_views.account_roles, name="roles"),
]
