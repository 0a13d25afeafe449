"""A signed-in person's account pages: their account, two-factor set-up, password change, sessions."""

from base64 import b32encode

import segno
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coproduce.core.access import SIGNED_IN, access
from coproduce.core.forms import posted

from . import selectors, services
from .forms import (
    ChangePasswordForm,
    CurrentPasswordForm,
    SetupCodeForm,
)
from .views_public import next_query, safe_next

RECOVERY_CODES_KEY = "accounts_new_recovery_codes"


@access(SIGNED_IN)
@require_POST
def resend_my_confirmation(request):
    services.resend_confirmation(request.user.email, request=request)
    messages.success(request, f"We have sent a new confirmation link to {request.user.email}.")
    return redirect("accounts:account")


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
            return redirect(f"{reverse('accounts:two_factor_recovery_codes')}?{next_query(next_url)}")
        form.add_error(
            "code", "The code is not correct. Check the time on your phone and enter the newest code"
        )
    return render(
        request,
        "accounts/member/two_factor_setup.html",
        {"form": form, "qr_svg": qr_code_svg(device), "secret": secret_for_people(device), "next": next_url},
    )


@access(SIGNED_IN)
def two_factor_recovery_codes(request):
    codes = request.session.pop(RECOVERY_CODES_KEY, None)
    next_url = safe_next(request, request.GET.get("next"), reverse("accounts:account"))
    return render(
        request, "accounts/member/two_factor_recovery_codes.html", {"codes": codes, "next": next_url}
    )


@access(SIGNED_IN)
def two_factor_reset(request):
    form = CurrentPasswordForm(request.user, posted(request))
    if request.method == "POST" and form.is_valid():
        services.reset_two_factor(request.user, request=request)
        messages.success(request, "Your authenticator app has been removed. Set up a new one now.")
        return redirect("accounts:two_factor_setup")
    return render(
        request,
        "accounts/member/two_factor_reset.html",
        {"form": form, "has_two_factor": services.has_two_factor(request.user)},
    )


@access(SIGNED_IN)
def change_password(request):
    form = ChangePasswordForm(request.user, posted(request))
    if request.method == "POST" and form.is_valid():
        services.change_password(request.user, form.cleaned_data["new_password1"], request=request)
        messages.success(request, "Your password has been changed. You have been signed out everywhere else.")
        return redirect("accounts:account")
    return render(request, "accounts/member/change_password.html", {"form": form})


@access(SIGNED_IN)
def account(request):
    return render(
        request,
        "accounts/member/account.html",
        {"account": request.user, "has_two_factor": services.has_two_factor(request.user)},
    )


@access(SIGNED_IN)
def sessions(request):
    rows = selectors.open_sessions(request.user, current_key=request.session.session_key)
    return render(request, "accounts/member/sessions.html", {"sessions": rows})


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
