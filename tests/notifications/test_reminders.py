"""Every reminder, in time: due today, overdue, not yet due, already done, not visible to that user."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from accounts.roles import COORDINATOR, SOCIAL_WORKER
from community.models import ActionItem
from notifications.jobs import hourly
from notifications.models import Notification
from outbox.models import Email
from outbox.services import deliver_due
from tests.factories import (
    CaseFactory,
    CommunityActionFactory,
    JointPlanFactory,
    MeetingFactory,
    ReferralFactory,
    TableFactory,
    TableMemberFactory,
    TeamFactory,
    UserFactory,
)

ROME = ZoneInfo("Europe/Rome")
DUE = date(2026, 3, 10)


def at(day: date, hour: int = 6):
    """Travel to `day` at `hour` in Rome (before anybody's digest time by default)."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, 5, tzinfo=ROME), tick=False)


def kinds(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


@pytest.fixture
def follow_up(worker):
    return ReferralFactory(
        case=CaseFactory(person__team=worker.team, responsible=worker), status="sent", follow_up_on=DUE
    )


@pytest.mark.parametrize(
    ("day", "expected"),
    [(DUE - timedelta(days=1), []), (DUE, ["follow_up_due"]), (DUE + timedelta(days=2), ["follow_up_due"])],
    ids=["not yet due", "due today", "overdue"],
)
def test_a_referral_follow_up_reminds_its_worker(follow_up, worker, day, expected):
    with at(day):
        hourly()
    assert kinds(worker) == expected


def test_a_follow_up_reminds_once_on_the_day_and_once_when_overdue(follow_up, worker):
    for day in (DUE, DUE, DUE + timedelta(days=1), DUE + timedelta(days=2)):
        with at(day):
            hourly()
    assert kinds(worker) == ["follow_up_due", "follow_up_due"]
    overdue = Notification.objects.filter(user=worker).order_by("-pk").first()
    with time_machine.travel(datetime(2026, 3, 12, 9, tzinfo=ROME)):
        assert "overdue since" in overdue.message() or "scaduta dal" in overdue.message()


def test_a_concluded_referral_reminds_nobody(follow_up, worker):
    follow_up.status = "declined"
    follow_up.decline_reason = "posti esauriti"
    follow_up.save()
    with at(DUE):
        hourly()
    assert kinds(worker) == []


def test_nobody_is_reminded_of_a_record_they_can_no_longer_see(follow_up, worker):
    # The worker moved to another team: the case stays with the first team, whose records they no longer see.
    worker.team = TeamFactory(name="Altra équipe")
    worker.save()
    with at(DUE):
        hourly()
    assert kinds(worker) == []


def test_a_plan_review_reminds_the_cases_worker(worker):
    JointPlanFactory(case=CaseFactory(person__team=worker.team, responsible=worker), next_review_on=DUE)
    with at(DUE - timedelta(days=3)):
        hourly()
    assert kinds(worker) == []
    with at(DUE):
        hourly()
    assert kinds(worker) == ["plan_review_due"]


def test_a_closed_plan_reminds_nobody(worker):
    JointPlanFactory(
        case=CaseFactory(person__team=worker.team, responsible=worker), next_review_on=DUE, status="closed"
    )
    with at(DUE):
        hourly()
    assert kinds(worker) == []


def test_minutes_in_review_remind_the_coordinator_once(coordinator):
    meeting = MeetingFactory(table=TableFactory(coordinator=coordinator), minutes_status="in_review")
    with at(DUE):
        hourly()
        hourly()
    assert kinds(coordinator) == ["minutes_to_review"]
    meeting.minutes_status = "approved"
    meeting.approved_by = coordinator
    meeting.approved_at = datetime(2026, 3, 10, 9, tzinfo=ROME)
    meeting.save()
    with at(DUE + timedelta(days=1)):
        hourly()
    assert kinds(coordinator) == ["minutes_to_review"]


def test_minutes_still_unsent_a_week_after_the_meeting_remind_the_coordinator(coordinator, settings):
    settings.MINUTES_REMINDER_DAYS = 7
    MeetingFactory(table=TableFactory(coordinator=coordinator), starts_at=datetime(2026, 3, 3, 17, tzinfo=ROME))
    sent = MeetingFactory(table=TableFactory(coordinator=coordinator), starts_at=datetime(2026, 3, 3, 17, tzinfo=ROME))
    sent.minutes_status, sent.approved_by, sent.approved_at = "sent", coordinator, sent.starts_at
    sent.save()
    with at(date(2026, 3, 9)):
        hourly()
    assert kinds(coordinator) == []
    with at(date(2026, 3, 10)):
        hourly()
    assert kinds(coordinator) == ["minutes_not_sent"]


def test_a_worker_without_a_role_is_not_told_about_tables(db):
    outsider = UserFactory(username="esterno", team=None)
    MeetingFactory(table=TableFactory(coordinator=outsider), minutes_status="in_review")
    with at(DUE):
        hourly()
    assert kinds(outsider) == []


def test_action_items_remind_workers_in_the_app_and_members_by_email(coordinator, worker):
    meeting = MeetingFactory(table=TableFactory(coordinator=coordinator))
    member = TableMemberFactory(table=meeting.table, citizen_name="Lucia Ferri", email="lucia@example.it")
    ActionItem.objects.create(meeting=meeting, description="Volantino", assignee=worker, due_on=DUE)
    ActionItem.objects.create(meeting=meeting, description="Orari", owner=member, due_on=DUE)
    ActionItem.objects.create(meeting=meeting, description="Fatta", owner=member, due_on=DUE, status="done")
    with at(DUE):
        hourly()
        hourly()
    assert kinds(worker) == ["action_item_due"]
    emails = Email.objects.filter(kind="action_item")
    assert [(e.address, e.subject) for e in emails] == [
        ("lucia@example.it", "Azione concordata in scadenza oggi: Orari")
    ]
    deliver_due()
    assert mail.outbox[0].to == ["lucia@example.it"]


def test_community_action_follow_ups_remind_its_workers(worker):
    other = UserFactory(username="luca", team=worker.team, role=SOCIAL_WORKER)
    CommunityActionFactory(workers=[worker, other], follow_up_on=DUE, date=DUE - timedelta(days=10))
    with at(DUE):
        hourly()
    assert (kinds(worker), kinds(other)) == (["community_follow_up"], ["community_follow_up"])


def test_reminders_carry_no_special_category_data(worker):
    case = CaseFactory(
        person__team=worker.team, person__first_name="Maria", person__last_name="Rossi", responsible=worker,
        goals="OBIETTIVO-RISERVATO",
    )  # fmt: skip
    case.person.household_notes = "NOTE-RISERVATE"
    case.person.save()
    ReferralFactory(case=case, status="sent", follow_up_on=DUE, reason="MOTIVO-RISERVATO")
    with at(DUE):
        hourly()
    notification = Notification.objects.get(user=worker)
    text = notification.message() + str(notification.params)
    assert "M.R." in text
    for secret in ("Maria", "Rossi", "RISERVAT", "MOTIVO"):
        assert secret not in text


@pytest.fixture
def coordinator(team):
    return UserFactory(username="paola", team=team, role=COORDINATOR)
