"""Jobs of sign-in, run by the job queue (see core.jobs)."""

from importlib import import_module

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.models import Session


def purge_sessions() -> int:
    """Remove ended sessions from the store and from the sessions list; returns the rows removed.

    Django leaves expired sessions in the table until someone clears them; allauth leaves a row per session
    until its user signs in again. Nightly, both go, as the inventory promises.
    """
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    ended, _by_model = UserSession.objects.exclude(session_key__in=Session.objects.values("session_key")).delete()
    return ended
