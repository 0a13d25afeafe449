"""Writes for accounts: each verb runs in one transaction and records its audit event there."""

from __future__ import annotations

import datetime
from importlib import import_module

from django.conf import settings
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from coproduce.audit.services import client_ip, record
from coproduce.core.errors import ServiceError
from coproduce.core.tasks import queue_email

from .models import Role, RoleGrant, User, UserSession, normalise_email
from .selectors import programme_name, site_url

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
EMAIL_CONFIRMATION_SALT = "coproduce.accounts.email-confirmation"


class LastAdministratorError(ServiceError):
    """Refused: the programme would be left with nobody who can manage accounts."""


# --- Sign up and email confirmation -----------------------------------------------------------------------


def _email_fingerprint(email: str) -> str:
    # The link stops working if the address changes; the address itself is not put in the link.
    return salted_hmac(EMAIL_CONFIRMATION_SALT, email).hexdigest()[:20]


def email_confirmation_token(user: User) -> str:
    return signing.TimestampSigner(salt=EMAIL_CONFIRMATION_SALT).sign_object(
        {"u": user.pk, "e": _email_fingerprint(user.email)}
    )


def user_for_confirmation_token(token: str) -> User | None:
    """The account a confirmation link belongs to, or None when it is expired, altered or out of date."""
    signer = signing.TimestampSigner(salt=EMAIL_CONFIRMATION_SALT)
    try:
        data = signer.unsign_object(token, max_age=datetime.timedelta(days=settings.EMAIL_CONFIRMATION_DAYS))
    except (signing.BadSignature, ValueError, UnicodeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    user = User.objects.filter(pk=data["u"], is_active=True).first()
    if user is None or not constant_time_compare(str(data.get("e")), _email_fingerprint(user.email)):
        return None
    return user


def _send_confirmation_email(user: User) -> None:
    link = site_url(reverse("accounts:confirm_email", args=[email_confirmation_token(user)]))
    days = settings.EMAIL_CONFIRMATION_DAYS
    queue_email(
        user.email,
        f"Confirm your email address for {programme_name()}",
        f"Hello {user.display_name},\n\n"
        f"Confirm your email address by opening this link:\n\n{link}\n\n"
        f"The link works for {days} days.\n"
        f"If you did not join {programme_name()}, you can ignore this email.\n",
    )


def _send_existing_account_notice(user: User) -> None:
    queue_email(
        user.email,
        f"Someone tried to join {programme_name()} with your email address",
        f"Hello {user.display_name},\n\n"
        "Someone tried to create an account with this email address, but you already have one.\n\n"
        f"If it was you, sign in here: {site_url(reverse('accounts:sign_in'))}\n"
        f"Forgotten your password? Reset it here: {site_url(reverse('accounts:password_reset'))}\n\n"
        "If it was not you, you do not need to do anything. Your account has not changed.\n",
    )


def sign_up(*, email: str, full_name: str, password: str, request=None) -> User | None:
    """Create a member account and email a confirmation link.

    When the address already has an account nothing is created: its owner gets a note instead, and the
    caller shows the same "check your email" page, so the form never reveals who has an account.
    """
    email = normalise_email(email)
    hashed = make_password(password)  # hashed either way, so both paths take about as long
    with transaction.atomic():
        existing = User.objects.filter(email=email).first()
        if existing is not None:
            record("accounts.sign_up_for_existing_account", obj=existing, request=request)
            _send_existing_account_notice(existing)
            return None
        user = User(email=email, full_name=full_name, password=hashed)
        user.save()
        RoleGrant.objects.create(user=user, role=Role.MEMBER)
        record(
            "accounts.signed_up", actor=None, obj=user, changed_fields=["email", "full_name"], request=request
        )
        _send_confirmation_email(user)
    return user


def resend_confirmation(email: str, *, request=None) -> None:
    """Send a new confirmation link if the address has an unconfirmed account; silent otherwise."""
    with transaction.atomic():
        user = User.objects.filter(email=normalise_email(email), is_active=True).first()
        if user is None or user.email_confirmed_at is not None:
            return
        record("accounts.confirmation_resent", obj=user, request=request)
        _send_confirmation_email(user)


def confirm_email(user: User, *, request=None) -> None:
    with transaction.atomic():
        if user.email_confirmed_at is not None:
            return
        user.email_confirmed_at = timezone.now()
        user.save(update_fields=["email_confirmed_at"])
        record(
            "accounts.email_confirmed",
            actor=user,
            obj=user,
            changed_fields=["email_confirmed_at"],
            request=request,
        )


# --- Signing in and out -----------------------------------------------------------------------------------


def record_sign_in(user: User, *, request) -> None:
    with transaction.atomic():
        record("accounts.signed_in", actor=user, obj=user, request=request)


def record_failed_sign_in(email: str, *, request) -> None:
    """Audit a refused sign-in. The actor is unknown; the object is the account, when there is one."""
    with transaction.atomic():
        user = User.objects.filter(email=normalise_email(email)).first()
        record("accounts.sign_in_failed", actor=None, obj=user, request=request)


def sign_out(request) -> None:
    user = request.user
    with transaction.atomic():
        if user.is_authenticated:
            key = request.session.session_key
            UserSession.objects.filter(session_key=key, ended_at__isnull=True).update(ended_at=timezone.now())
            record("accounts.signed_out", actor=user, obj=user, request=request)
    logout(request)


def end_expired_session(request, *, reason: str) -> None:
    """Sign out a browser whose session ran out (idle too long, or open too long for a back-office role)."""
    user = request.user
    with transaction.atomic():
        key = request.session.session_key
        UserSession.objects.filter(session_key=key, ended_at__isnull=True).update(ended_at=timezone.now())
        record("accounts.session_expired", actor=user, obj=user, changed_fields=[reason], request=request)
    logout(request)


# --- Browser sessions -------------------------------------------------------------------------------------


def _session_store(session_key: str):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key)


def track_session(user: User, request) -> UserSession | None:
    """Create or refresh the row for this browser's session (called when someone signs in)."""
    session = getattr(request, "session", None)
    key = session.session_key if session is not None else None
    if not key:
        return None
    now = timezone.now()
    meta = getattr(request, "META", {})
    try:
        ip = client_ip(request)
    except (AttributeError, ValueError):
        ip = None
    row, _ = UserSession.objects.update_or_create(
        session_key=key,
        defaults={
            "user": user,
            "last_seen_at": now,
            "ended_at": None,
            "user_agent": meta.get("HTTP_USER_AGENT", "")[:300],
            "ip_address": ip,
        },
        create_defaults={
            "user": user,
            "created_at": now,
            "last_seen_at": now,
            "user_agent": meta.get("HTTP_USER_AGENT", "")[:300],
            "ip_address": ip,
        },
    )
    return row


def _end_sessions(rows) -> list[str]:
    keys = [row.session_key for row in rows]
    UserSession.objects.filter(session_key__in=keys).update(ended_at=timezone.now())
    for key in keys:
        _session_store(key).delete()
    return keys


def end_session(user: User, session_id: int, *, request) -> bool:
    """End one of the user's other sessions. Returns False when there is no such open session."""
    with transaction.atomic():
        row = (
            UserSession.objects.filter(user=user, pk=session_id, ended_at__isnull=True)
            .exclude(session_key=request.session.session_key)
            .first()
        )
        if row is None:
            return False
        _end_sessions([row])
        record("accounts.session_ended", actor=user, obj=row, request=request)
    return True


def end_other_sessions(user: User, *, request, verb: str | None = "accounts.other_sessions_ended") -> int:
    current = request.session.session_key if request is not None else None
    with transaction.atomic():
        rows = list(UserSession.objects.filter(user=user, ended_at__isnull=True).exclude(session_key=current))
        _end_sessions(rows)
        if verb:
            record(verb, actor=user, obj=user, request=request)
    return len(rows)


# --- Passwords --------------------------------------------------------------------------------------------


def change_password(user: User, new_password: str, *, request) -> None:
    """Set a new password, keep this browser signed in and end every other session."""
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        record(
            "accounts.password_changed", actor=user, obj=user, changed_fields=["password"], request=request
        )
        end_other_sessions(user, request=request, verb=None)
    update_session_auth_hash(request, user)


def record_password_reset_requested(user: User, *, request) -> None:
    with transaction.atomic():
        record("accounts.password_reset_requested", actor=None, obj=user, request=request)


def send_password_reset_email(user: User, *, uidb64: str, token: str, request=None) -> None:
    link = site_url(reverse("accounts:password_reset_confirm", args=[uidb64, token]))
    with transaction.atomic():
        record_password_reset_requested(user, request=request)
        queue_email(
            user.email,
            f"Reset your password for {programme_name()}",
            f"Hello {user.display_name},\n\n"
            f"Someone asked to reset the password for your account. To choose a new password, open:\n\n"
            f"{link}\n\n"
            "The link works once. If you did not ask for this, you can ignore this email: "
            "your password has not changed.\n",
        )


def reset_password(user: User, new_password: str, *, request=None) -> None:
    """Set the password from a reset link and sign the account out everywhere."""
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        record("accounts.password_reset", actor=None, obj=user, changed_fields=["password"], request=request)
        rows = list(UserSession.objects.filter(user=user, ended_at__isnull=True))
        _end_sessions(rows)


# --- Two-factor authentication ----------------------------------------------------------------------------


def has_two_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def start_two_factor_enrolment(user: User) -> TOTPDevice:
    """The unconfirmed authenticator the setup page shows (the same one until it is confirmed)."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def confirm_two_factor_enrolment(user: User, device: TOTPDevice, code: str, *, request) -> list[str] | None:
    """Confirm the authenticator with a code from it. Returns the new recovery codes, or None if wrong."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(code):
        return None
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        StaticDevice.objects.filter(user=user).delete()
        recovery = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create([StaticToken(device=recovery, token=code) for code in codes])
        record("accounts.two_factor_enrolled", actor=user, obj=user, request=request)
    otp_login(request, device)
    return codes


def verify_second_factor(user: User, code: str, *, request):
    """Check a code from the authenticator app or a recovery code. Returns the device that matched."""
    code = "".join((code or "").split()).lower()
    if not code:
        return None
    if code.isdigit() and len(code) == 6:
        for device in TOTPDevice.objects.filter(user=user, confirmed=True):
            if device.verify_token(code):
                return device
    else:
        for device in StaticDevice.objects.filter(user=user, confirmed=True):
            if device.verify_token(code):
                with transaction.atomic():
                    record("accounts.recovery_code_used", actor=user, obj=user, request=request)
                return device
    with transaction.atomic():
        record("accounts.two_factor_failed", actor=None, obj=user, request=request)
    return None


def reset_two_factor(user: User, *, request) -> None:
    """Remove the authenticator and recovery codes so the person can set up a new app."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        record("accounts.two_factor_reset", actor=user, obj=user, request=request)
    request.session.pop("otp_device_id", None)


# --- Roles ------------------------------------------------------------------------------------------------


def grant_role(user: User, role: str, *, actor: User, request=None) -> bool:
    """Give `user` a role. Returns False when they already had it."""
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}")
    with transaction.atomic():
        _, created = RoleGrant.objects.get_or_create(user=user, role=role, defaults={"granted_by": actor})
        if created:
            record(
                f"accounts.role_granted.{role}",
                actor=actor,
                obj=user,
                changed_fields=["roles"],
                request=request,
            )
    user.__dict__.pop("roles", None)
    return created


def revoke_role(user: User, role: str, *, actor: User, request=None) -> bool:
    """Take a role away. Refuses to remove the last administrator. Returns False when they did not have it."""
    with transaction.atomic():
        if role == Role.ADMINISTRATOR:
            # Lock every administrator grant so two people cannot each remove "the other" last one.
            admins = list(RoleGrant.objects.select_for_update().filter(role=Role.ADMINISTRATOR))
            if len(admins) <= 1 and any(grant.user_id == user.pk for grant in admins):
                raise LastAdministratorError(
                    "Keep the administrator role: there must be at least one administrator", field="roles"
                )
        deleted, _ = RoleGrant.objects.filter(user=user, role=role).delete()
        if deleted:
            record(
                f"accounts.role_revoked.{role}",
                actor=actor,
                obj=user,
                changed_fields=["roles"],
                request=request,
            )
    user.__dict__.pop("roles", None)
    return bool(deleted)


def set_roles(user: User, roles, *, actor: User, request=None) -> tuple[list[str], list[str]]:
    """Make `user`'s roles exactly `roles`, one audited grant or revoke per change, all or nothing."""
    wanted = set(roles)
    with transaction.atomic():
        current = set(RoleGrant.objects.filter(user=user).values_list("role", flat=True))
        granted = sorted(wanted - current)
        revoked = sorted(current - wanted)
        for role in granted:
            grant_role(user, role, actor=actor, request=request)
        for role in revoked:
            revoke_role(user, role, actor=actor, request=request)
    return granted, revoked
