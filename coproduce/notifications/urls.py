from django.urls import path

from . import views_member, views_public

app_name = "notifications"

urlpatterns = [
    path("me/messages/", views_member.mine, name="mine"),
    path("me/messages/<int:pk>/", views_member.mine_detail, name="mine_detail"),
    path("notify/receipts/", views_public.delivery_receipt, name="delivery_receipt"),
]
