from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("join/", views.sign_up, name="sign_up"),
    path("join/check-your-email/", views.check_email, name="check_email"),
    path("confirm-email/resend/", views.resend_confirmation, name="resend_confirmation"),
    path("confirm-email/resend-mine/", views.resend_my_confirmation, name="resend_my_confirmation"),
    path("confirm-email/<str:token>/", views.confirm_email, name="confirm_email"),
    path("two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/recovery-codes/", views.two_factor_recovery_codes, name="two_factor_recovery_codes"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/reset/", views.two_factor_reset, name="two_factor_reset"),
    path("password/", views.change_password, name="change_password"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/end-others/", views.end_other_sessions, name="end_other_sessions"),
    path("sessions/<int:session_id>/end/", views.end_session, name="end_session"),
]
