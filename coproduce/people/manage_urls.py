from django.urls import path

from . import views_equality

app_name = "people_manage"

urlpatterns = [
    path("equality/", views_equality.network_profile, name="equality_profile"),
    path("<int:pk>/equality/", views_equality.person_answers, name="equality_answers"),
    path("permissions/", views_equality.permission_list, name="permissions"),
    path("permissions/<int:user_id>/", views_equality.permission_edit, name="permission_edit"),
]
