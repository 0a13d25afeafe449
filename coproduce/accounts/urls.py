from django.urls import path

from . import views_member, views_public

app_name = "accounts"

urlpatterns = [
    path("", views_member.account, name="account"),
    path("sign-in/", views_public.sign_in, name="sign_in"),
    path("sign-out/", views_public.sign_out, name="sign_out"),
    path("join/", views_public.sign_up, name="sign_up"),
    path("join/check-your-email/", views_public.check_email, name="check_email"),
    path("confirm-email/resend/", views_public.resend_confirmation, name="resend_confirmation"),
    path("confirm-email/resend-mine/", views_member.resend_my_confirmation, name="resend_my_confirmation"),
    path("confirm-email/<str:token>/", views_public.confirm_email, name="confirm_email"),
    path("two-factor/set-up/", views_member.two_factor_setup, name="two_factor_setup"),
    path(
        "two-factor/recovery-codes/", views_member.two_factor_recovery_codes, name="two_factor_recovery_codes"
    ),
    path("two-factor/verify/", views_public.two_factor_verify, name="two_factor_verify"),
    path("two-factor/reset/", views_member.two_factor_reset, name="two_factor_reset"),
    path("password/", views_member.change_password, name="change_password"),
    path("password-reset/", views_public.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views_public.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views_public.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        views_public.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("sessions/", views_member.sessions, name="sessions"),
    path("sessions/end-others/", views_member.end_other_sessions, name="end_other_sessions"),
    path("sessions/<int:session_id>/end/", views_member.end_session, name="end_session"),
]
