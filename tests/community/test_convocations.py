"""Convocations: scheduling, moving and cancelling a table meeting tell every member, with an .ics
invitation that keeps its UID and raises its SEQUENCE; a cancelled meeting takes no minutes."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from icalendar import Calendar

from community import services
from community.convocations import SCHEDULED
from community.models import ActionItem, Meeting
from notifications.jobs import hourly
from notifications.models import Notification
from outbox.models import Email
from outbox.services import deliver_due
from tests.factories import (
    ContactFactory,
    MeetingFactory,
    OrganisationFactory,
    TableFactory,
    TableMemberFactory,
)
from tests.helpers import error_codes

ROME = ZoneInfo("Europe/Rome")
NOW = datetime(2026, 3, 1, 10, 0, tzinfo=ROME)
ADDRESSES = {"lucia@example.it", "giulia.neri@example.it", "info@ortisociali.example.it"}


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def table(coordinator):
    """Five members, three distinct addresses: one member has none, one shares Lucia's."""
    table = TableFactory(coordinator=coordinator, name="Tavolo orti sociali")
    TableMemberFactory(table=table, citizen_name="Lucia Ferri", email="lucia@example.it")
    TableMemberFactory(table=table, citizen_name="Lucia Ferri (figlia)", email=" LUCIA@example.it")
    TableMemberFactory(table=table, citizen_name="", email="", contact=ContactFactory(email="giulia.neri@example.it"))
    TableMemberFactory(
        table=table, citizen_name="", email="", organisation=OrganisationFactory(email="info@ortisociali.example.it")
    )
    TableMemberFactory(table=table, citizen_name="Piero senza e-mail", email="")
    return table


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def sent_invitations() -> dict[str, Calendar]:
    """Deliver what is queued; the .ics each member received, by address."""
    deliver_due()
    found = {}
    for message in mail.outbox:
        [attachment] = message.attachments
        assert attachment.filename.endswith(".ics")
        found[message.to[0]] = Calendar.from_ical(attachment.content)
    mail.outbox.clear()
    return found


def vevent(calendar: Calendar):
    [event] = calendar.walk("VEVENT")
    return event


def schedule(client, table, **data):
    fields = {"starts_at": "2026-03-10T17:30", "place": "Cascina Merlata", "agenda": "1. Semine di primavera"}
    return client.post(reverse("community:meeting_create", args=[table.pk]), {**fields, **data})


def test_scheduling_moving_and_cancelling_each_send_an_invitation_with_one_uid(coordinator_client, table):
    response = schedule(coordinator_client, table)
    meeting = Meeting.objects.get()
    assert response.url == meeting.get_absolute_url()

    # Convocation: one e-mail per distinct address, in Italian, with a REQUEST.
    deliver_due()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(ADDRESSES)
    lucia = next(message for message in mail.outbox if message.to == ["lucia@example.it"])
    assert "Tavolo orti sociali" in lucia.subject and "10/03/2026" in lucia.subject
    assert lucia.body.startswith("Gentile Lucia Ferri,")
    assert "10 marzo 2026" in lucia.body and "17:30" in lucia.body
    assert "Ordine del giorno" in lucia.body and "Semine di primavera" in lucia.body
    assert "Cascina Merlata" in lucia.body
    assert lucia.attachments[0].mimetype == "text/calendar; method=REQUEST"
    invitations = {}
    for message in mail.outbox:
        invitations[message.to[0]] = Calendar.from_ical(message.attachments[0].content)
    mail.outbox.clear()
    convocation = invitations["lucia@example.it"]
    event = vevent(convocation)
    assert convocation["METHOD"] == "REQUEST"
    assert str(event["UID"]) == str(meeting.uid)
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == datetime(2026, 3, 10, 17, 30, tzinfo=ROME)
    assert event.decoded("DTEND") == datetime(2026, 3, 10, 19, 30, tzinfo=ROME)
    assert str(event["LOCATION"]) == "Cascina Merlata"
    assert str(event["ORGANIZER"]) == f"mailto:{table.coordinator.email}"
    # iTIP wants the recipient among the attendees: each member's file names that member only.
    assert str(vevent(invitations["giulia.neri@example.it"])["ATTENDEE"]) == "mailto:giulia.neri@example.it"

    # Moved: an update with the same UID and the next SEQUENCE.
    meeting.refresh_from_db()
    coordinator_client.post(
        reverse("community:meeting_update", args=[meeting.pk]),
        {
            "starts_at": "2026-03-12T18:00",
            "place": "Cascina Merlata",
            "agenda": "1. Semine di primavera",
            "decisions": "Decisione riservata.",
            "minutes": "Appunti riservati del coordinatore.",
            "edited_version": meeting.version,
        },
    )
    moved = sent_invitations()
    assert set(moved) == ADDRESSES
    update = moved["lucia@example.it"]
    assert update["METHOD"] == "REQUEST"
    assert str(vevent(update)["UID"]) == str(meeting.uid)
    assert vevent(update)["SEQUENCE"] == 1
    assert vevent(update).decoded("DTSTART") == datetime(2026, 3, 12, 18, 0, tzinfo=ROME)

    # Cancelled: a CANCEL with the same UID and a higher SEQUENCE, and the reason in the e-mail.
    meeting.refresh_from_db()
    response = coordinator_client.post(
        reverse("community:meeting_cancel", args=[meeting.pk]), {"reason": "La cascina è chiusa per lavori."}
    )
    assert response.status_code == 302
    deliver_due()
    assert len(mail.outbox) == 3
    assert all("La cascina è chiusa per lavori." in message.body for message in mail.outbox)
    assert all(message.attachments[0].mimetype == "text/calendar; method=CANCEL" for message in mail.outbox)
    cancellation = Calendar.from_ical(mail.outbox[0].attachments[0].content)
    assert cancellation["METHOD"] == "CANCEL"
    assert str(vevent(cancellation)["UID"]) == str(meeting.uid)
    assert vevent(cancellation)["SEQUENCE"] == 2
    assert vevent(cancellation)["STATUS"] == "CANCELLED"

    meeting.refresh_from_db()
    assert (meeting.sequence, meeting.is_cancelled) == (2, True)
    # Nothing written at the meeting (minutes, decisions) goes out with a convocation.
    for email in Email.objects.filter(kind="convocation").prefetch_related("attachments"):
        for text in (email.body, bytes(email.attachments.get().content).decode()):
            assert "riservat" not in text


def test_saving_the_minutes_without_moving_tells_nobody(coordinator_client, table):
    schedule(coordinator_client, table)
    meeting = Meeting.objects.get()
    queued = Email.objects.count()
    response = coordinator_client.post(
        reverse("community:meeting_update", args=[meeting.pk]),
        {
            "starts_at": "2026-03-10T17:30",
            "place": "Cascina Merlata",
            "agenda": "1. Semine di primavera\n2. Varie",
            "minutes": "Bozza",
            "edited_version": meeting.version,
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.sequence, meeting.minutes) == (0, "Bozza")
    assert Email.objects.count() == queued


def test_the_meeting_page_lists_the_convocations_with_their_state(coordinator_client, table):
    schedule(coordinator_client, table)
    meeting = Meeting.objects.get()
    page = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    assert 'id="convocations-heading"' in page
    assert page.count("In coda") >= 3
    assert "giulia.neri@example.it" in page


def test_a_meeting_recorded_after_it_was_held_convokes_nobody(coordinator_client, table):
    response = schedule(coordinator_client, table, starts_at="2026-02-20T17:30")
    assert response.status_code == 302
    assert not Email.objects.exists()
    assert Meeting.objects.get().uid


def test_a_table_without_addresses_is_scheduled_and_says_so(coordinator_client, coordinator):
    table = TableFactory(coordinator=coordinator)
    TableMemberFactory(table=table, email="")
    response = schedule(coordinator_client, table)
    assert response.status_code == 302
    assert Meeting.objects.filter(table=table).exists()
    assert not Email.objects.exists()
    with translation.override("it"):
        expected = gettext("No member of the table has an e-mail address: nobody was told.")
    assert any(expected in str(message) for message in response.wsgi_request._messages)


def test_a_meeting_without_a_date_is_re_rendered(coordinator_client, table):
    response = schedule(coordinator_client, table, starts_at="")
    assert response.status_code == 200
    assert error_codes(response) == {"starts_at": ["required"]}
    assert "Questo campo è obbligatorio." in response.content.decode()
    assert not Meeting.objects.exists() and not Email.objects.exists()


def test_queuing_a_convocation_again_sends_nothing_more(table, coordinator):
    meeting = services.schedule_meeting(
        table=table, actor=coordinator, starts_at=NOW + timedelta(days=9), place="Sala", agenda=""
    )
    assert len(services.queue_convocations(meeting, SCHEDULED, actor=coordinator)) == 0
    assert Email.objects.filter(kind="convocation").count() == 3
    deliver_due()
    deliver_due()
    assert len(mail.outbox) == 3


def test_a_cancellation_needs_a_reason(coordinator_client, table):
    meeting = MeetingFactory(table=table, starts_at=NOW + timedelta(days=5), minutes="")
    response = coordinator_client.post(reverse("community:meeting_cancel", args=[meeting.pk]), {"reason": "  "})
    assert response.status_code == 200
    assert error_codes(response, "cancel_form") == {"reason": ["required"]}
    assert "Indica perché l&#x27;incontro è annullato: i componenti lo leggeranno." in response.content.decode()
    meeting.refresh_from_db()
    assert not meeting.is_cancelled and not Email.objects.exists()


def test_cancelling_twice_sends_once(coordinator_client, table):
    meeting = MeetingFactory(table=table, starts_at=NOW + timedelta(days=5), minutes="")
    url = reverse("community:meeting_cancel", args=[meeting.pk])
    assert coordinator_client.post(url, {"reason": "Sala non disponibile"}).status_code == 302
    again = coordinator_client.post(url, {"reason": "Sala non disponibile"})
    assert again.status_code == 200
    assert error_codes(again, "cancel_form") == {"__all__": ["already_cancelled"]}
    assert Email.objects.filter(kind="convocation").count() == 3


def test_a_meeting_whose_minutes_are_under_way_cannot_be_cancelled(coordinator_client, table):
    meeting = MeetingFactory(table=table, minutes_status="in_review")
    response = coordinator_client.post(reverse("community:meeting_cancel", args=[meeting.pk]), {"reason": "Errore"})
    assert error_codes(response, "cancel_form") == {"__all__": ["held"]}
    meeting.refresh_from_db()
    assert not meeting.is_cancelled


def test_cancelling_needs_post_a_role_and_a_login(client, no_role_client, table):
    meeting = MeetingFactory(table=table, starts_at=NOW + timedelta(days=5), minutes="")
    url = reverse("community:meeting_cancel", args=[meeting.pk])
    assert no_role_client.get(url).status_code == 405
    assert no_role_client.post(url, {"reason": "Nessuno"}).status_code == 403
    client.logout()
    assert client.post(url, {"reason": "Nessuno"}).status_code == 302
    meeting.refresh_from_db()
    assert not meeting.is_cancelled


def test_a_cancelled_meeting_takes_no_minutes_and_no_action_items(coordinator_client, table, coordinator):
    meeting = MeetingFactory(table=table, starts_at=NOW + timedelta(days=5), minutes="")
    services.cancel_meeting(meeting=meeting, actor=coordinator, reason="Sala non disponibile")
    meeting.refresh_from_db()

    page = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    assert 'id="cancelled"' in page and "Sala non disponibile" in page
    assert reverse("community:meeting_update", args=[meeting.pk]) not in page
    assert meeting.minutes_moves_for(coordinator) == []

    edit = coordinator_client.post(
        reverse("community:meeting_update", args=[meeting.pk]),
        {"starts_at": "2026-03-20T17:30", "minutes": "Verbale", "edited_version": meeting.version},
    )
    assert error_codes(edit) == {"__all__": ["meeting_cancelled"]}
    status = coordinator_client.post(reverse("community:minutes_status", args=[meeting.pk]), {"to_status": "in_review"})
    assert error_codes(status, "status_form") == {"__all__": ["meeting_cancelled"]}
    item = coordinator_client.post(
        reverse("community:action_item_add", args=[meeting.pk]),
        {"description": "X", "assignee": coordinator.pk, "due_on": "2026-03-20"},
    )
    assert error_codes(item, "item_form") == {"__all__": ["meeting_cancelled"]}
    meeting.refresh_from_db()
    assert (meeting.minutes, meeting.starts_at.date(), ActionItem.objects.count()) == ("", date(2026, 3, 6), 0)


def test_a_cancelled_meeting_reminds_nobody(table, coordinator):
    """A past meeting whose minutes were never written reminds its coordinator, unless it was cancelled."""
    held = MeetingFactory(table=table, starts_at=NOW - timedelta(days=8), minutes="")
    called_off = MeetingFactory(table=table, starts_at=NOW - timedelta(days=8), minutes="")
    ActionItem.objects.create(meeting=called_off, description="Y", assignee=coordinator, due_on=NOW.date())
    services.cancel_meeting(meeting=called_off, actor=coordinator, reason="Annullato per maltempo")
    # A meeting already held is cancelled after the fact: nobody is e-mailed about it.
    assert not Email.objects.exists()
    hourly()
    reminded = Notification.objects.filter(user=coordinator)
    assert [n.record_id for n in reminded] == [str(held.pk)]


def test_seed_demo_convokes_the_upcoming_meetings_once(db, settings):
    settings.DEBUG = True  # seed_demo runs only on a developer's machine
    call_command("seed_demo", stdout=StringIO())
    upcoming = Meeting.objects.filter(starts_at__gt=NOW)
    convocations = Email.objects.filter(kind="convocation")
    counts = (Meeting.objects.count(), upcoming.count(), convocations.count())
    assert counts[1] >= 1 and counts[2] >= 1
    assert all(meeting.uid for meeting in upcoming)
    assert set(convocations.values_list("record_id", flat=True)) == {
        str(pk) for pk in upcoming.values_list("pk", flat=True)
    }
    call_command("seed_demo", stdout=StringIO())
    assert (Meeting.objects.count(), upcoming.count(), convocations.count()) == counts


def test_a_double_click_on_schedule_makes_one_meeting(coordinator_client, table):
    assert schedule(coordinator_client, table).status_code == 302
    again = schedule(coordinator_client, table)
    assert again.status_code == 200
    assert error_codes(again) == {"__all__": ["already_scheduled"]}
    assert Meeting.objects.count() == 1
    assert Email.objects.filter(kind="convocation").count() == 3


def test_a_worker_scheduling_for_the_coordinator_is_named_as_sender(worker_client, worker, table):
    schedule(worker_client, table)
    organizer = vevent(sent_invitations()["lucia@example.it"])["ORGANIZER"]
    assert str(organizer) == f"mailto:{table.coordinator.email}"
    assert organizer.params["SENT-BY"] == f"mailto:{worker.email}"
