"""Account pages: joining, signing in (with the two-factor step), passwords, two-factor set-up, sessions."""

import time
from base64 import b32encode
from urllib.parse import urlencode

import segno
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from coproduce.core.access import PUBLIC, SIGNED_IN, access
from coproduce.core.forms import posted

from . import selectors, services
from .forms import (
    ChangePasswordForm,
    CurrentPasswordForm,
    PasswordResetForm,
    ResendConfirmationForm,
    SetPasswordForm,
    SetupCodeForm,
    SignInForm,
    SignUpForm,
    VerifyCodeForm,
)
from .models import User

# The password step of a two-factor sign-in is remembered in the session for this long.
PENDING_SIGN_IN_SECONDS = 10 * 60
PENDING_KEY = "accounts_pending_sign_in"
RECOVERY_CODES_KEY = "accounts_new_recovery_codes"


def safe_next(request, candidate: str | None, default: str = "") -> str:
    default = default or reverse("core:home")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


# --- Joining ----------------------------------------------------------------------------------------------


@access(PUBLIC)
def sign_up(request):
    if request.user.is_authenticated:
        return redirect("accounts:account")
    form = SignUpForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.sign_up(
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["new_password1"],
            request=request,
        )
        return redirect("accounts:check_email")
    return render(request, "accounts/sign_up.html", {"form": form})


@access(PUBLIC)
def check_email(request):
    return render(request, "accounts/check_email.html", {"days": settings.EMAIL_CONFIRMATION_DAYS})


@access(PUBLIC)
def confirm_email(request, token):
    user = services.user_for_confirmation_token(token)
    if user is None:
        return render(request, "accounts/confirm_email_invalid.html")
    if request.method == "POST":
        services.confirm_email(user, request=request)
        messages.success(request, "Your email address is confirmed.")
        return redirect("accounts:account" if request.user.is_authenticated else "accounts:sign_in")
    return render(
        request, "accounts/confirm_email.html", {"confirmed_already": user.email_confirmed_at is not None}
    )


@access(PUBLIC)
def resend_confirmation(request):
    form = ResendConfirmationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.resend_confirmation(form.cleaned_data["email"], request=request)
        return redirect("accounts:check_email")
    return render(request, "accounts/resend_confirmation.html", {"form": form})


@access(SIGNED_IN)
@require_POST
def resend_my_confirmation(request):
    services.resend_confirmation(request.user.email, request=request)
    messages.success(request, f"We have sent a new confirmation link to {request.user.email}.")
    return redirect("accounts:account")


# --- Signing in and out -----------------------------------------------------------------------------------


def _finish_sign_in(request, user, backend, next_url):
    login(request, user, backend=backend)
    services.record_sign_in(user, request=request)
    if user.requires_two_factor and not services.has_two_factor(user):
        return redirect(f"{reverse('accounts:two_factor_setup')}?{_next_query(next_url)}")
    return redirect(next_url)


def _next_query(next_url: str) -> str:
    return urlencode({"next": next_url})


@access(PUBLIC)
def sign_in(request):
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated:
        return redirect(next_url)
    if request.method == "POST" and selectors.sign_in_paused(
        request.POST.get("email", ""), get_client_ip_address(request)
    ):
        return locked_out(request, None)
    form = SignInForm(request, posted(request))
    if request.method == "POST" and form.is_valid():
        user = form.user
        if services.has_two_factor(user):
            request.session.cycle_key()
            request.session[PENDING_KEY] = {
                "user": user.pk,
                "backend": user.backend,
                "at": time.time(),
                "next": next_url,
            }
            return redirect("accounts:two_factor_verify")
        return _finish_sign_in(request, user, user.backend, next_url)
    return render(request, "accounts/sign_in.html", {"form": form, "next": next_url})


@access(PUBLIC)
@require_POST
def sign_out(request):
    services.sign_out(request)
    messages.success(request, "You have signed out.")
    return redirect("core:home")


def locked_out(request, credentials, *args, **kwargs):
    """django-axes calls this when an account or an address has too many failed sign-ins. The page is the same
    whether or not the email address has an account."""
    return render(request, "accounts/locked_out.html", status=429)


# --- Two-factor -------------------------------------------------------------------------------------------


def _pending_user(request):
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SIGN_IN_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None, None
    user = User.objects.filter(pk=pending.get("user"), is_active=True).first()
    return user, pending


def qr_code_svg(device) -> str:
    svg = segno.make(device.config_url, error="m").svg_inline(scale=5, omitsize=False, title=None)
    alt = "QR code to add this account to your authenticator app"
    return svg.replace("<svg ", f'<svg role="img" aria-label="{alt}" focusable="false" ', 1)


def secret_for_people(device) -> str:
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@access(SIGNED_IN)
def two_factor_setup(request):
    user = request.user
    next_url = safe_next(
        request, request.POST.get("next") or request.GET.get("next"), reverse("accounts:account")
    )
    if services.has_two_factor(user):
        messages.info(
            request, "Two-factor authentication is already set up. You can reset it from your account."
        )
        return redirect("accounts:account")
    device = services.start_two_factor_enrolment(user)
    form = SetupCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        codes = services.confirm_two_factor_enrolment(
            user, device, form.cleaned_data["code"], request=request
        )
        if codes is not None:
            request.session[RECOVERY_CODES_KEY] = codes
            return redirect(f"{reverse('accounts:two_factor_recovery_codes')}?{_next_query(next_url)}")
        form.add_error(
            "code", "The code is not correct. Check the time on your phone and enter the newest code"
        )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {"form": form, "qr_svg": qr_code_svg(device), "secret": secret_for_people(device), "next": next_url},
    )


@access(SIGNED_IN)
def two_factor_recovery_codes(request):
    codes = request.session.pop(RECOVERY_CODES_KEY, None)
    next_url = safe_next(request, request.GET.get("next"), reverse("accounts:account"))
    return render(request, "accounts/two_factor_recovery_codes.html", {"codes": codes, "next": next_url})


@access(PUBLIC)
def two_factor_verify(request):
    if request.user.is_authenticated:
        user, pending = request.user, None
        if request.user.is_verified():
            return redirect(safe_next(request, request.GET.get("next")))
        next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
        if not services.has_two_factor(user):
            return redirect(f"{reverse('accounts:two_factor_setup')}?{_next_query(next_url)}")
    else:
        user, pending = _pending_user(request)
        if user is None:
            messages.info(request, "Sign in again to continue.")
            return redirect("accounts:sign_in")
        next_url = safe_next(request, pending.get("next"))
    form = VerifyCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        device = services.verify_second_factor(user, form.cleaned_data["code"], request=request)
        if device is not None:
            if pending is not None:
                request.session.pop(PENDING_KEY, None)
                login(request, user, backend=pending["backend"])
                otp_login(request, device)
                services.record_sign_in(user, request=request)
            else:
                otp_login(request, device)
            return redirect(next_url)
        form.add_error(
            "code", "The code is not correct. Enter the newest code from your app, or a recovery code"
        )
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


@access(SIGNED_IN)
def two_factor_reset(request):
    form = CurrentPasswordForm(request.user, posted(request))
    if request.method == "POST" and form.is_valid():
        services.reset_two_factor(request.user, request=request)
        messages.success(request, "Your authenticator app has been removed. Set up a new one now.")
        return redirect("accounts:two_factor_setup")
    return render(
        request,
        "accounts/two_factor_reset.html",
        {"form": form, "has_two_factor": services.has_two_factor(request.user)},
    )


# --- Passwords --------------------------------------------------------------------------------------------


@access(SIGNED_IN)
def change_password(request):
    form = ChangePasswordForm(request.user, posted(request))
    if request.method == "POST" and form.is_valid():
        services.change_password(request.user, form.cleaned_data["new_password1"], request=request)
        messages.success(request, "Your password has been changed. You have been signed out everywhere else.")
        return redirect("accounts:account")
    return render(request, "accounts/change_password.html", {"form": form})


@access(PUBLIC)
class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")


@access(PUBLIC)
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@access(PUBLIC)
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["request"] = self.request
        return kwargs


@access(PUBLIC)
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# --- Your account and sessions ----------------------------------------------------------------------------


@access(SIGNED_IN)
def account(request):
    return render(
        request,
        "accounts/account.html",
        {"account": request.user, "has_two_factor": services.has_two_factor(request.user)},
    )


@access(SIGNED_IN)
def sessions(request):
    rows = selectors.open_sessions(request.user, current_key=request.session.session_key)
    return render(request, "accounts/sessions.html", {"sessions": rows})


@access(SIGNED_IN)
@require_POST
def end_session(request, session_id):
    if not services.end_session(request.user, session_id, request=request):
        raise Http404("No such session")
    messages.success(request, "That session has ended. The device has been signed out.")
    return redirect("accounts:sessions")


@access(SIGNED_IN)
@require_POST
def end_other_sessions(request):
    count = services.end_other_sessions(request.user, request=request)
    noun = "session" if count == 1 else "sessions"
    messages.success(request, f"{count} other {noun} ended. You are still signed in on this device.")
    return redirect("accounts:sessions")
