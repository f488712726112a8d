from django.utils import timezone

ACTIVITY_KEY = "_last_activity"
# Saving the session on every request would cost two queries per page; every minute is enough for
# an idle timeout measured in tens of minutes.
RESAVE_AFTER_SECONDS = 60


class IdleTimeoutMiddleware:
    """Sessions end SESSION_COOKIE_AGE seconds after the last activity, not after the login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.session_key:
            now = int(timezone.now().timestamp())
            if now - session.get(ACTIVITY_KEY, 0) >= RESAVE_AFTER_SECONDS:
                # Touching the session makes Django save it with a fresh expiry date.
                session[ACTIVITY_KEY] = now
        return self.get_response(request)
