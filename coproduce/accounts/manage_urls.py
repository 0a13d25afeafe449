from django.urls import path

from . import views_manage

app_name = "accounts_manage"

urlpatterns = [
    path("", views_manage.account_list, name="list"),
    path("<int:user_id>/", views_manage.account_roles, name="roles"),
]
