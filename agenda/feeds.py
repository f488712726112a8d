"""The user's agenda as a calendar feed (.ics) for their calendar app.

It carries the items' summaries only: no one's name, nothing written about anyone (a case appears by
its number, a meeting by its table), since the feed leaves the service for whatever calendar
provider the user subscribes with. Each event links back to its record, behind the login.
"""

from collections.abc import Callable, Iterable
from datetime import timedelta

from django.utils.translation import gettext as _

from agenda.items import DAY, Item
from core.calendar import CalendarEvent, feed

# What the feed spans around today: recent weeks (overdue items older than that are included too)
# and the months ahead that people plan in.
FEED_PAST = timedelta(weeks=8)
FEED_AHEAD = timedelta(weeks=26)
# Clients are asked to poll no more often than this.
REFRESH = timedelta(hours=1)


def _event(item: Item, absolute: Callable[[str], str]) -> CalendarEvent:
    return CalendarEvent(
        uid=item.uid,
        summary=item.summary,
        start=item.starts_at or item.day,
        end=item.ends_at or item.day + DAY,
        sequence=item.sequence,
        location=item.location,
        url=absolute(item.url),
        cancelled=item.cancelled,
    )


def agenda_feed(items: Iterable[Item], *, absolute: Callable[[str], str]) -> bytes:
    return feed((_event(item, absolute) for item in items), name=_("Rete: my agenda"), refresh=REFRESH)
