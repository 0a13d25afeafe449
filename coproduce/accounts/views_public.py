"""Account pages anyone may open: joining, confirming an email, signing in (with the two-factor step),
resetting a forgotten password."""

import time
from urllib.parse import urlencode

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from coproduce.core.access import PUBLIC, access
from coproduce.core.forms import posted

from . import selectors, services
from .forms import (
    PasswordResetForm,
    ResendConfirmationForm,
    SetPasswordForm,
    SignInForm,
    SignUpForm,
    VerifyCodeForm,
)

# The password step of a two-factor sign-in is remembered in the session for this long.
PENDING_SIGN_IN_SECONDS = 10 * 60


PENDING_KEY = "accounts_pending_sign_in"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
# Where a joiner carries on: "check your answers" sends them to the first question not yet answered, and
# someone who has already joined to their profile.
JOIN_URL = reverse_lazy("people:join_check")


def safe_next(request, candidate: str | None, default: str = "") -> str:
    default = default or reverse("core:home")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@access(PUBLIC)
def sign_up(request):
    if request.user.is_authenticated:
        return redirect("accounts:account")
    form = SignUpForm(posted(request))
    if request.method == "POST" and form.is_valid():
        user = services.sign_up(
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["new_password1"],
            request=request,
        )
        if user is None:
            # The address has an account: its owner was emailed. The answer is the same redirect as for a
            # new account; the join page then asks this browser to sign in.
            return redirect(JOIN_URL)
        # Joining is one journey: the new account is signed in and goes straight on to the join questions;
        # the confirmation link can be opened at any point (docs/decisions/0018-paying-people-we-can-pay.md).
        login(request, user, backend=MODEL_BACKEND)
        services.record_sign_in(user, request=request)
        messages.success(
            request,
            f"Your account is made and you are signed in. We have emailed a link to {user.email} to confirm "
            "your address: open it when you are ready. Now tell us about yourself.",
        )
        return redirect(JOIN_URL)
    return render(request, "accounts/public/sign_up.html", {"form": form})


@access(PUBLIC)
def check_email(request):
    return render(request, "accounts/public/check_email.html", {"days": settings.EMAIL_CONFIRMATION_DAYS})


@access(PUBLIC)
def confirm_email(request, token):
    user = services.user_for_confirmation_token(token)
    if user is None:
        return render(request, "accounts/public/confirm_email_invalid.html")
    if request.method == "POST":
        services.confirm_email(user, request=request)
        messages.success(request, "Your email address is confirmed.")
        # The join the person started carries on where it stopped (signing in first if this browser is not).
        if request.user.is_authenticated:
            return redirect(JOIN_URL if request.user == user else "accounts:account")
        return redirect(f"{reverse('accounts:sign_in')}?{next_query(str(JOIN_URL))}")
    return render(
        request,
        "accounts/public/confirm_email.html",
        {"confirmed_already": user.email_confirmed_at is not None},
    )


@access(PUBLIC)
def resend_confirmation(request):
    form = ResendConfirmationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.resend_confirmation(form.cleaned_data["email"], request=request)
        return redirect("accounts:check_email")
    return render(request, "accounts/public/resend_confirmation.html", {"form": form})


def _finish_sign_in(request, user, backend, next_url):
    login(request, user, backend=backend)
    services.record_sign_in(user, request=request)
    if user.requires_two_factor and not services.has_two_factor(user):
        return redirect(f"{reverse('accounts:two_factor_setup')}?{next_query(next_url)}")
    return redirect(next_url)


def next_query(next_url: str) -> str:
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
    return render(request, "accounts/public/sign_in.html", {"form": form, "next": next_url})


@access(PUBLIC)
@require_POST
def sign_out(request):
    services.sign_out(request)
    messages.success(request, "You have signed out.")
    return redirect("core:home")


def locked_out(request, credentials, *args, **kwargs):
    """django-axes calls this when an account or an address has too many failed sign-ins. The page is the same
    whether or not the email address has an account."""
    return render(request, "accounts/public/locked_out.html", status=429)


def _pending_user(request):
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SIGN_IN_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None, None
    user = selectors.active_account(pending.get("user"))
    return user, pending


@access(PUBLIC)
def two_factor_verify(request):
    if request.user.is_authenticated:
        user, pending = request.user, None
        if request.user.is_verified():
            return redirect(safe_next(request, request.GET.get("next")))
        next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
        if not services.has_two_factor(user):
            return redirect(f"{reverse('accounts:two_factor_setup')}?{next_query(next_url)}")
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
    return render(request, "accounts/public/two_factor_verify.html", {"form": form, "next": next_url})


@access(PUBLIC)
class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/public/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")


@access(PUBLIC)
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/public/password_reset_done.html"


@access(PUBLIC)
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "accounts/public/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["request"] = self.request
        return kwargs


@access(PUBLIC)
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/public/password_reset_complete.html"
