import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import services


@receiver(user_logged_in, dispatch_uid="accounts.track_session")
def track_session_on_sign_in(sender, request, user, **kwargs):
    if request is not None:
        services.track_session(user, request)
        # When the session began and was last used: the idle and overall limits (accounts/middleware.py).
        now = time.time()
        request.session["started_at"] = request.session["seen_at"] = now
