"""Reads for account pages: each page's queries come from one function here."""

import datetime
from dataclasses import dataclass

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Q, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from coproduce.core.links import link

from .models import Role, RoleGrant, User, UserSession
from .user_agents import approximate_ip, describe


@dataclass(frozen=True)
class SessionView:
    id: int
    device: str
    approximate_ip: str
    created_at: object
    last_seen_at: object
    is_current: bool


def open_sessions(user: User, *, current_key: str | None) -> list[SessionView]:
    rows = UserSession.objects.filter(user=user, ended_at__isnull=True).order_by("-last_seen_at")
    views = [
        SessionView(
            id=row.pk,
            device=describe(row.user_agent),
            approximate_ip=approximate_ip(row.ip_address),
            created_at=row.created_at,
            last_seen_at=row.last_seen_at,
            is_current=row.session_key == current_key,
        )
        for row in rows
    ]
    # This device first, then the most recently active.
    return sorted(views, key=lambda view: not view.is_current)


def accounts_for_management(search: str = ""):
    """Accounts for the administrators' list (`account_rows` makes a page of them into its rows)."""
    accounts = User.objects.order_by("full_name", "id").only("full_name", "email")
    search = search.strip()
    if search:
        accounts = accounts.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
    return accounts


def account_rows(accounts) -> list[dict]:
    """A page of accounts as the list's rows, each account's roles read in one query for the page."""
    accounts = list(accounts)
    labels = dict(Role.choices)
    roles: dict[int, list[str]] = {}
    grants = RoleGrant.objects.filter(user__in=[a.pk for a in accounts]).order_by("role")
    for user_id, role in grants.values_list("user_id", "role"):
        roles.setdefault(user_id, []).append(labels.get(role, role))
    return [
        {
            "id": account.pk,
            "url": link("accounts_manage:roles", args=(account.pk,)),
            "name": account.full_name or account.email,
            "email": account.email,
            "roles": ", ".join(roles.get(account.pk, [])) or "None",
        }
        for account in accounts
    ]


def sign_in_paused(email: str, address: str | None) -> bool:
    """Too many recent failures from this address for any accounts, or for this account from any addresses.

    django-axes pauses one account at one address after a few failures (AXES_FAILURE_LIMIT). These wider
    limits are much higher, so a shared office whose one person mistypes is not locked out, while someone
    guessing many accounts from one address, or one account from many, is still stopped.
    """
    email = email.replace("\x00", "")  # PostgreSQL text cannot hold NUL (the form refuses it anyway)
    since = timezone.now() - datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    recent = AccessAttempt.objects.filter(attempt_time__gte=since)
    failures = recent.aggregate(
        address=Sum("failures_since_start", filter=Q(ip_address=address or "0.0.0.0")),  # noqa: S104
        account=Sum("failures_since_start", filter=Q(username__iexact=email.strip())),
    )
    return (failures["address"] or 0) >= settings.COPRODUCE_SIGNIN_ADDRESS_FAILURE_LIMIT or (
        failures["account"] or 0
    ) >= settings.COPRODUCE_SIGNIN_ACCOUNT_FAILURE_LIMIT


def site_url(path: str) -> str:
    return settings.COPRODUCE["SITE_URL"].rstrip("/") + path


def programme_name() -> str:
    return settings.COPRODUCE["PROGRAMME_NAME"]


def account_or_404(pk) -> User:
    return get_object_or_404(User, pk=pk)


def active_account(pk) -> User | None:
    return User.objects.filter(pk=pk, is_active=True).first()
