"""Keep "Where you're signed in" true: note activity, and sign out a browser whose session was ended."""

import datetime

from django.contrib.auth import logout
from django.utils import timezone

from . import services
from .models import UserSession

# Activity is written at most this often per session, so an ordinary page view costs one indexed read.
TOUCH_INTERVAL = datetime.timedelta(minutes=5)


class SessionActivityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is not None and session is not None and session.session_key and user.is_authenticated:
            self.note_activity(request, user, session.session_key)
        return self.get_response(request)

    def note_activity(self, request, user, session_key):
        row = (
            UserSession.objects.filter(session_key=session_key)
            .only("id", "user_id", "ended_at", "last_seen_at")
            .first()
        )
        if row is None:
            # A session from before this browser's row existed (or one started outside the sign-in form).
            services.track_session(user, request)
            return
        if row.ended_at is not None or row.user_id != user.pk:
            logout(request)
            return
        now = timezone.now()
        if now - row.last_seen_at >= TOUCH_INTERVAL:
            UserSession.objects.filter(pk=row.pk).update(last_seen_at=now)
