from django.urls import path

from . import views_member, views_public

app_name = "programme"

urlpatterns = [
    path("concordat/", views_public.concordat, name="concordat"),
    path("concordat/versions/", views_public.concordat_history, name="concordat_history"),
    path("concordat/versions/<int:number>/", views_public.concordat_version, name="concordat_version"),
    path("concordat/sign/", views_member.concordat_sign, name="concordat_sign"),
    path("board/you/", views_member.my_board, name="my_board"),
]
