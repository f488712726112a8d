"""The daily digest: once a day at the chosen time, whatever the job's runs; preferences respected."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from notifications.jobs import hourly
from notifications.kinds import Kind
from notifications.models import Notification
from notifications.services import notify, save_preference
from outbox.services import deliver_due
from tests.factories import CaseFactory, ReferralFactory

ROME = ZoneInfo("Europe/Rome")


def at(hour: int, day: date = date(2026, 3, 10)):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, 5, tzinfo=ROME), tick=False)


@pytest.fixture
def due_things(worker):
    case = CaseFactory(person__team=worker.team, responsible=worker)
    ReferralFactory(case=case, status="sent", follow_up_on=date(2026, 3, 10))
    ReferralFactory(case=case, status="accepted", follow_up_on=date(2026, 3, 9))
    return case


def test_the_morning_digest_sends_each_worker_one_email_listing_what_is_due(worker, due_things):
    with at(6):
        hourly()
        deliver_due()
    assert mail.outbox == []  # made, not yet sent: the default digest time is 7
    with at(7):
        hourly()
        hourly()  # the job running twice sends nothing more
        deliver_due()
    assert [message.to for message in mail.outbox] == [[worker.email]]
    body = mail.outbox[0].body
    assert body.count("/casi/invii/") == 2
    assert Notification.objects.filter(user=worker, emailed_at__isnull=True).count() == 0
    with at(7, date(2026, 3, 10)):
        hourly()
        deliver_due()
    assert len(mail.outbox) == 1


def test_the_digest_comes_at_the_chosen_hour(worker, due_things):
    save_preference(user=worker, email_mode="digest", digest_hour=18)
    with at(7):
        hourly()
        deliver_due()
    assert mail.outbox == []
    with at(18):
        hourly()
        deliver_due()
    assert len(mail.outbox) == 1


def test_immediate_mode_sends_each_notification_at_once_and_no_digest(worker, due_things):
    save_preference(user=worker, email_mode="immediate", digest_hour=7)
    with at(6):
        hourly()
        deliver_due()
    assert len(mail.outbox) == 2
    with at(7):
        hourly()
        deliver_due()
    assert len(mail.outbox) == 2


def test_no_email_at_all_when_the_user_wants_none(worker, due_things):
    save_preference(user=worker, email_mode="none", digest_hour=7)
    with at(7):
        hourly()
        deliver_due()
    assert mail.outbox == []
    assert Notification.objects.filter(user=worker).count() == 2


def test_emails_are_in_italian_whatever_the_language(worker, due_things, settings):
    with at(7):
        hourly()
        deliver_due()
    assert mail.outbox[0].subject.startswith("Rete:")
    assert "Ciao" in mail.outbox[0].body


def test_a_user_is_counted_unread_and_reading_brings_it_down(worker, due_things):
    with at(6):
        hourly()
    worker.refresh_from_db()
    assert worker.unread_notifications == 2
    notification = notify(user=worker, kind=Kind.CASE_ASSIGNED, params={"case": 1, "person": "A.B.", "by": "x"})
    worker.refresh_from_db()
    assert worker.unread_notifications == 3
    assert notification is not None
