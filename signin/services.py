"""Ending sessions and removing second factors: what an admin does when a worker leaves or loses a phone."""

from enum import StrEnum

from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.db import transaction
from django.utils.functional import LazyObject

from signin.sessions import open_sessions
from signin.signals import second_factor_reset, sessions_ended


class EndReason(StrEnum):
    """Why sessions were ended, as the audit trail records it."""

    ADMIN = "admin"
    SELF = "self"
    PASSWORD = "password"  # noqa: S105 (changed or reset: a reason, not a password)
    SECOND_FACTOR_RESET = "second_factor_reset"


def end_sessions(*, user, reason: str, keep_session_key: str | None = None) -> int:
    """End the user's sessions, all but `keep_session_key`; returns how many were still open.

    The session is deleted from the store, so its cookie, replayed, opens nothing. A password change ends
    the others quietly when there were none; every other reason is recorded even then, as the act it is.
    """
    user = _concrete(user)
    rows = list(UserSession.objects.filter(user_id=user.pk).exclude(session_key=keep_session_key or ""))
    still_open = set(open_sessions(user).values_list("session_key", flat=True))
    for row in rows:
        row.end()
    count = sum(row.session_key in still_open for row in rows)
    if count or reason != EndReason.PASSWORD:
        sessions_ended.send(sender=type(user), user=user, count=count, reason=reason)
    return count


@transaction.atomic
def reset_second_factor(*, user) -> int:
    """Remove every second factor of the user (app, security keys, recovery codes) and end their sessions.

    At the next sign-in a role that requires one is sent to enrolment. Returns how many were removed.
    """
    user = _concrete(user)
    count, _by_model = Authenticator.objects.filter(user_id=user.pk).delete()
    second_factor_reset.send(sender=type(user), user=user, count=count)
    end_sessions(user=user, reason=EndReason.SECOND_FACTOR_RESET)
    return count


def _concrete(user):
    """The user itself rather than request.user's lazy proxy: the audit trail labels records by their class."""
    if isinstance(user, LazyObject):
        user.pk  # noqa: B018 (evaluates the proxy)
        return user._wrapped
    return user
