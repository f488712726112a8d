"""A user's signed-in sessions: allauth.usersessions keeps one row per session, written at sign-in.

Why allauth's rows and not a model of our own: they are created, re-keyed on a password change and ended
(session store and row together) by the library that runs the sign-in, so no sign-in path can miss them.
Its own activity tracking writes on every request; we do not turn it on. When a session was last used is
read from the session store instead: core.sessions renews a session's expiry at most once a minute while it
is used, so its expiry date less SESSION_COOKIE_AGE is the last activity, to the minute, for no write.
That needs the database session store (signin/checks.py says so at start-up).
"""

from datetime import datetime, timedelta

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone


def open_sessions(user) -> QuerySet[UserSession]:
    """The user's sessions still open, most recently used first, with `expires_at`: one query."""
    expiry = Session.objects.filter(session_key=OuterRef("session_key")).values("expire_date")[:1]
    return (
        UserSession.objects.filter(user_id=user.pk)
        .annotate(expires_at=Subquery(expiry))
        .filter(expires_at__gt=timezone.now())
        .order_by("-expires_at", "-pk")
    )


def last_seen(expires_at: datetime) -> datetime:
    return expires_at - timedelta(seconds=settings.SESSION_COOKIE_AGE)
