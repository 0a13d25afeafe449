"""Keep "Where you're signed in" true: note activity, and sign out a browser whose session was ended."""

import datetime
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils import timezone
from django.utils.functional import LazyObject, empty

from . import services
from .models import UserSession

# Activity is written at most this often per session, so an ordinary page view costs one indexed read.
TOUCH_INTERVAL = datetime.timedelta(minutes=5)
# The session itself notes the last request at most once a minute: precise enough for the idle limit, and
# only one session write a minute however busy the person is.
SEEN_INTERVAL_SECONDS = 60


def _resolved_user(request):
    """The signed-in user, no longer behind the lazy proxies the authentication and two-factor middleware
    put it in: this middleware reads it on every request anyway, and every later read (the menu's access
    rules ask a hundred times a page) would otherwise go through the proxy."""
    user = getattr(request, "user", None)
    if isinstance(user, LazyObject):
        while isinstance(user, LazyObject):  # the two-factor proxy holds the authentication one
            if user._wrapped is empty:
                user._setup()
            user = user._wrapped
        request.user = user
    return user


@dataclass(frozen=True)
class BrowserSession:
    id: int
    user_id: int
    ended_at: datetime.datetime | None
    last_seen_at: datetime.datetime


def browser_session(user, session_key: str) -> BrowserSession | None:
    """This browser's UserSession row, read with the user's roles (one query where two were made on every
    signed-in request: every page asks the roles, from the idle limit to the menu). The roles are kept on
    the user only when the row is theirs."""
    rows = list(
        UserSession.objects.filter(session_key=session_key)
        .order_by()
        .values_list("id", "user_id", "ended_at", "last_seen_at", "user__role_grants__role")
    )
    if not rows:
        return None
    row = BrowserSession(*rows[0][:4])
    if row.user_id == user.pk and "roles" not in user.__dict__:
        user.__dict__["roles"] = frozenset(role for *_, role in rows if role is not None)  # User.roles
    return row


class SessionActivityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = _resolved_user(request)
        session = getattr(request, "session", None)
        if user is not None and session is not None and session.session_key and user.is_authenticated:
            row = browser_session(user, session.session_key)
            if self.expired(request, user, session):
                return self.get_response(request)
            self.note_activity(request, user, row)
        return self.get_response(request)

    @staticmethod
    def expired(request, user, session) -> bool:
        """Back-office sessions (two-factor roles) end after COPRODUCE_STAFF_IDLE_MINUTES without a request
        and COPRODUCE_STAFF_SESSION_HOURS in all; members' sessions last COPRODUCE_SESSION_AGE_SECONDS from
        their last request (the session cookie's age)."""
        now = time.time()
        started = session.setdefault("started_at", now)
        seen = session.get("seen_at", now)
        if user.requires_two_factor:
            reason = ""
            idle, longest = settings.COPRODUCE_STAFF_IDLE_MINUTES, settings.COPRODUCE_STAFF_SESSION_HOURS
            if now - seen > idle * 60:
                reason, text = "idle", f"You were signed out after {idle} minutes without activity."
            elif now - started > longest * 3600:
                reason, text = "too_long", f"You were signed out after {longest} hours. Sign in again."
            if reason:
                services.end_expired_session(request, reason=reason)
                messages.info(request, text)
                return True
        if now - seen >= SEEN_INTERVAL_SECONDS or "seen_at" not in session:
            session["seen_at"] = now
        return False

    def note_activity(self, request, user, row: BrowserSession | None):
        if row is None:
            # A session from before this browser's row existed (or one started outside the sign-in form).
            services.track_session(user, request)
            return
        if row.ended_at is not None or row.user_id != user.pk:
            logout(request)
            return
        now = timezone.now()
        if now - row.last_seen_at >= TOUCH_INTERVAL:
            UserSession.objects.filter(pk=row.id).update(last_seen_at=now)
