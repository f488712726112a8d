"""Calendar files (iCalendar, RFC 5545) built with the icalendar package: invitations and feeds.

Apps describe events as plain data (CalendarEvent); this module knows the format. Timed events are
written in UTC, which every client converts to its own zone, so no VTIMEZONE block is needed; all-day
events are dates.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event, vCalAddress, vDuration

PRODID = "-//Rete//Rete//IT"
# iTIP methods (RFC 5546): an invitation or its update, and its cancellation.
REQUEST = "REQUEST"
CANCEL = "CANCEL"


@dataclass(frozen=True)
class CalendarEvent:
    """One event. The same `uid` with a higher `sequence` replaces it in the recipient's calendar."""

    uid: str
    summary: str
    start: date | datetime
    end: date | datetime
    sequence: int = 0
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False


@dataclass(frozen=True)
class Organizer:
    email: str
    name: str = ""
    # Who sent the invitation on the organiser's behalf, when someone else did.
    sent_by: str = ""


def _calendar(**properties) -> Calendar:
    calendar = Calendar.new(prodid=PRODID, **properties)
    # The library gives each calendar a random UID; the events carry the identities that matter.
    calendar.pop("UID", None)
    return calendar


def _mailto(address: str) -> vCalAddress:
    return vCalAddress(f"mailto:{address}")


def _moment(value: date | datetime) -> date | datetime:
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def _vevent(event: CalendarEvent) -> Event:
    return Event.new(
        uid=event.uid,
        summary=event.summary,
        start=_moment(event.start),
        end=_moment(event.end),
        sequence=event.sequence,
        location=event.location or None,
        description=event.description or None,
        url=event.url or None,
        status="CANCELLED" if event.cancelled else "CONFIRMED",
    )


def invitation(event: CalendarEvent, *, method: str, organizer: Organizer, attendees: Sequence[str]) -> bytes:
    """An e-mail invitation (iTIP): REQUEST invites or moves the event, CANCEL calls it off."""
    if method not in (REQUEST, CANCEL):
        raise ValueError(f"Unknown iTIP method {method!r}")
    calendar = _calendar(method=method)
    vevent = _vevent(event)
    who = _mailto(organizer.email)
    if organizer.name:
        who.params["CN"] = organizer.name
    if organizer.sent_by and organizer.sent_by.lower() != organizer.email.lower():
        who.params["SENT-BY"] = f"mailto:{organizer.sent_by}"
    vevent.add("organizer", who)
    for address in attendees:
        attendee = _mailto(address)
        # Members answer the coordinator in person: the service keeps no RSVP.
        attendee.params["RSVP"] = "FALSE"
        vevent.add("attendee", attendee)
    calendar.add_component(vevent)
    return calendar.to_ical()


def feed(events: Iterable[CalendarEvent], *, name: str, refresh: timedelta) -> bytes:
    """A subscribed calendar: clients poll it and replace what they had, so it carries no METHOD."""
    calendar = _calendar(name=name, refresh_interval=refresh)
    # RFC 7986 wants the value type spelled out; Outlook reads its own property for the interval.
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"
    calendar.add("x-published-ttl", vDuration(refresh))
    for event in events:
        calendar.add_component(_vevent(event))
    return calendar.to_ical()
