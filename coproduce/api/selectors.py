"""Reads for the API token pages and the API's own endpoints."""

from django.conf import settings
from django.db.models import QuerySet
from django_otp import devices_for_user

from .models import ApiToken


def tokens_for(user) -> QuerySet[ApiToken]:
    """The tokens a person holds, newest first (only their own: every lookup goes through this)."""
    return ApiToken.objects.filter(auth_token__user=user).select_related("auth_token")


def has_two_factor(user) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def token_limit() -> int | None:
    return settings.REST_KNOX.get("TOKEN_LIMIT_PER_USER")
