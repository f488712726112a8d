"""Writes of the agenda: making, revoking and noting the use of a user's calendar feed."""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from agenda.models import CalendarFeed
from audit.models import Action
from audit.services import record

# Calendar apps poll every few minutes to every few hours: the last use is kept to the hour, so a
# poll costs one conditional UPDATE that mostly changes nothing.
USE_PRECISION = timedelta(hours=1)


def token_hash(token: str) -> str:
    """The token is 256 random bits, so a plain SHA-256 is enough: there is nothing to guess."""
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_feed(*, user) -> str:
    """Make a new secret address for the user's feed and return its token, which is kept nowhere.

    The previous address, if any, stops working at once.
    """
    # One user making two feeds at once (a double click) takes turns on the user's row.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    revoke_feed(user=user)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user=user, token_hash=token_hash(token))
    # The trail records that a feed was made or revoked, never its token.
    record(Action.CREATE, feed)
    return token


@transaction.atomic
def revoke_feed(*, user) -> bool:
    """Revoke the user's feed: its address answers 404 from now on. False if there was none."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return False
    record(Action.DELETE, feed)
    feed.delete()
    return True


def feed_for_token(token: str) -> CalendarFeed | None:
    """The live feed behind a token, or None (unknown, revoked, or its owner's account disabled)."""
    if not token or len(token) > 200:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(token_hash=token_hash(token)).first()
    if feed is None or not feed.user.is_active:
        return None
    return feed


def note_feed_use(*, feed: CalendarFeed, now: datetime) -> None:
    """Remember when the feed was last read, so its owner can spot an address they did not expect in use."""
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - USE_PRECISION)
    CalendarFeed.objects.filter(stale, pk=feed.pk).update(last_used_at=now)
