from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("join/", views.sign_up, name="sign_up"),
    path("", views.account, name="account"),
]
