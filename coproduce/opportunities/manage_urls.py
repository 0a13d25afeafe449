from django.urls import path

from . import views_manage

app_name = "opportunities_manage"

urlpatterns = [
    path("", views_manage.opportunity_list, name="list"),
    path("new/", views_manage.advertise, name="advertise"),
    path("<int:pk>/", views_manage.detail, name="detail"),
    path("<int:pk>/edit/", views_manage.edit, name="edit"),
    path("<int:pk>/status/", views_manage.change_status, name="change_status"),
    path("<int:pk>/on-behalf/", views_manage.on_behalf, name="on_behalf"),
    path("<int:pk>/invite/<int:person_pk>/", views_manage.invite, name="invite"),
    path("<int:pk>/selection/", views_manage.selection, name="selection"),
]
