"""Writes for API tokens: create and revoke, each in one transaction with its audit event."""

from __future__ import annotations

import datetime

from django.db import transaction
from knox.models import AuthToken

from coproduce.accounts.rules import UNCONFIRMED_EMAIL, has_confirmed_email
from coproduce.audit.services import record
from coproduce.core.errors import ServiceError

from .models import ApiToken
from .rules import may_create_api_token
from .selectors import token_limit

MAX_EXPIRY_DAYS = 366
DEFAULT_EXPIRY_DAYS = 90


class TokenRefused(ServiceError):
    """The token cannot be created; the message says why in plain English."""


def create_token(user, *, name: str, expiry_days: int | None = None, request=None) -> tuple[ApiToken, str]:
    """Create an API token for `user` and return it with its secret, which is never stored or shown again.

    `user` is the signed-in person (request.user): back-office roles must be two-factor verified.
    """
    if not has_confirmed_email(user):
        raise TokenRefused(UNCONFIRMED_EMAIL)
    if not may_create_api_token(user):
        raise TokenRefused("Enter a two-factor code before creating an API token.")
    if expiry_days is not None and not 1 <= expiry_days <= MAX_EXPIRY_DAYS:
        raise TokenRefused(f"A token can last between 1 and {MAX_EXPIRY_DAYS} days.")
    expiry = datetime.timedelta(days=expiry_days or DEFAULT_EXPIRY_DAYS)
    device = getattr(user, "otp_device", None)
    if user.requires_two_factor and device is None:
        raise TokenRefused("Enter a two-factor code before creating an API token.")
    with transaction.atomic():
        limit = token_limit()
        if limit is not None and AuthToken.objects.filter(user=user).count() >= limit:
            raise TokenRefused(f"You already have {limit} tokens. Revoke one you no longer use first.")
        auth_token, secret = AuthToken.objects.create(user=user, expiry=expiry)
        token = ApiToken.objects.create(
            auth_token=auth_token,
            name=name,
            second_factor=device.persistent_id if user.requires_two_factor else "",
        )
        record("api.token_created", actor=user, obj=token, changed_fields=["name", "expiry"], request=request)
    return token, secret


def revoke_token(token: ApiToken, *, actor, request=None) -> None:
    """Revoke a token: requests using it are refused from now on."""
    with transaction.atomic():
        record("api.token_revoked", actor=actor, obj=token, request=request)
        token.auth_token.delete()
