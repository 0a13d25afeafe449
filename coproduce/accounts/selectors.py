"""Reads for account pages: each page's queries come from one function here."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404

from .models import RoleGrant, User, UserSession
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
    """Accounts for the administrators' list, with their roles in one extra query per page."""
    accounts = User.objects.order_by("full_name", "id").prefetch_related(
        Prefetch("role_grants", queryset=RoleGrant.objects.order_by("role"), to_attr="grants")
    )
    search = search.strip()
    if search:
        accounts = accounts.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
    return accounts


def site_url(path: str) -> str:
    return settings.COPRODUCE["SITE_URL"].rstrip("/") + path


def programme_name() -> str:
    return settings.COPRODUCE["PROGRAMME_NAME"]


def account_or_404(pk) -> User:
    return get_object_or_404(User, pk=pk)


def active_account(pk) -> User | None:
    return User.objects.filter(pk=pk, is_active=True).first()
