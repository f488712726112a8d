"""The convocation of a table meeting: an e-mail in Italian to each member, with a calendar invitation.

Scheduling sends the invitation, each move an update of it (same UID, higher SEQUENCE), cancelling
its cancellation. They carry the table, the date, the place and the agenda: nothing about anyone in
charge of the service, and no minutes (those go out once approved).
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

from community.models import Meeting
from core.calendar import CANCEL, REQUEST, CalendarEvent, Organizer, invitation
from outbox.services import File

SCHEDULED, MOVED, CANCELLED = "scheduled", "moved", "cancelled"
METHODS = {SCHEDULED: REQUEST, MOVED: REQUEST, CANCELLED: CANCEL}


def calendar_event(meeting: Meeting) -> CalendarEvent:
    """The meeting as a calendar event for the members' invitations."""
    with translation.override("it"):
        summary = render_to_string("community/convocation_summary.txt", {"meeting": meeting}).strip()
    return CalendarEvent(
        uid=str(meeting.uid),
        summary=summary,
        start=meeting.starts_at,
        end=meeting.ends_at,
        sequence=meeting.sequence,
        location=meeting.place,
        description=meeting.agenda,
        # No link: members are organisations and citizens without an account in the service.
        cancelled=meeting.is_cancelled,
    )


def convocation_attachment(meeting: Meeting, change: str, *, address: str, actor) -> File:
    """The .ics for one member: iTIP wants the recipient among the attendees."""
    coordinator = meeting.table.coordinator
    organizer = Organizer(
        email=coordinator.email or settings.DEFAULT_FROM_EMAIL,
        name=str(coordinator),
        sent_by=getattr(actor, "email", "") or "",
    )
    method = METHODS[change]
    content = invitation(calendar_event(meeting), method=method, organizer=organizer, attendees=[address])
    filename = f"{'annullamento' if change == CANCELLED else 'convocazione'}-{slugify(meeting.table.name)}.ics"
    return File(filename, content, f"text/calendar; method={method}")


def convocation_email(meeting: Meeting, change: str, recipient: str) -> tuple[str, str]:
    """Subject and body for one member, always in Italian (members have no language choice)."""
    with translation.override("it"):
        context = {"meeting": meeting, "recipient": recipient, "change": change}
        subject = render_to_string("community/convocation_email_subject.txt", context).strip()
        body = render_to_string("community/convocation_email.txt", context)
    return subject, body
