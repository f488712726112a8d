"""Table members leave a table on a date and stay in its history (issue 14)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from community.choices import MinutesStatus
from community.forms import ActionItemForm, MeetingRecordForm
from community.models import ActionItem, TableMember
from community.services import queue_minutes
from tests.factories import MeetingFactory, TableFactory, TableMemberFactory
from tests.helpers import error_codes


@pytest.fixture
def table(worker):
    return TableFactory(coordinator=worker)


def leave_url(member):
    return reverse("community:member_leave", args=[member.pk])


def test_a_member_leaves_on_a_date_and_stays_in_the_history(worker_client, table):
    member = TableMemberFactory(table=table, citizen_name="Lucia Ferri")
    assert worker_client.get(leave_url(member)).status_code == 200
    response = worker_client.post(leave_url(member), {"left_on": "2026-03-01"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.left_on == date(2026, 3, 1)
    page = worker_client.get(table.get_absolute_url())
    assert member in page.context["former_members"] and member not in page.context["members"]
    assert "01/03/2026" in page.content.decode()
    assert TableMember.objects.filter(pk=member.pk).exists()


def test_a_date_in_the_future_is_refused(worker_client, table):
    member = TableMemberFactory(table=table)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = worker_client.post(leave_url(member), {"left_on": tomorrow.isoformat()})
    assert response.status_code == 200
    assert error_codes(response) == {"left_on": ["future_date"]}
    with translation.override("it"):
        message = str(response.context["form"].errors["left_on"][0])
    assert escape(message) in response.content.decode()
    member.refresh_from_db()
    assert member.left_on is None


def test_a_missing_date_is_said_in_italian(worker_client, table):
    response = worker_client.post(leave_url(TableMemberFactory(table=table)), {"left_on": ""})
    assert "Questo campo è obbligatorio." in response.content.decode()


def test_leaving_twice_is_refused(worker_client, table):
    member = TableMemberFactory(table=table, left_on=date(2026, 1, 1))
    response = worker_client.post(leave_url(member), {"left_on": "2026-03-01"})
    assert error_codes(response) == {"__all__": ["already_left"]}


def test_who_left_before_a_meeting_gets_no_minutes_and_is_not_offered(table):
    meeting = MeetingFactory(table=table, starts_at=timezone.now() - timedelta(days=3))
    staying = TableMemberFactory(table=table, email="resta@example.it")
    gone = TableMemberFactory(table=table, email="esce@example.it", left_on=timezone.localdate() - timedelta(days=10))
    # Who leaves on the day of the meeting was still a member at it.
    same_day = TableMemberFactory(table=table, email="ultimo@example.it", left_on=meeting.day)
    assert set(MeetingRecordForm(instance=meeting).fields["attendees"].queryset) == {staying, same_day}
    assert set(ActionItemForm(instance=ActionItem(meeting=meeting)).fields["owner"].queryset) == {staying, same_day}
    meeting.minutes_status = MinutesStatus.APPROVED
    meeting.approved_by, meeting.approved_at = table.coordinator, timezone.now()
    meeting.save()
    assert sorted(email.address for email in queue_minutes(meeting)) == ["resta@example.it", "ultimo@example.it"]
    assert gone not in table.members.on(meeting.day)


def test_a_user_without_the_role_may_not(no_role_client, table):
    member = TableMemberFactory(table=table)
    assert no_role_client.post(leave_url(member), {"left_on": "2026-03-01"}).status_code == 403
    member.refresh_from_db()
    assert member.left_on is None


def test_a_missing_member_answers_404(worker_client):
    assert worker_client.get(reverse("community:member_leave", args=[424242])).status_code == 404


@pytest.mark.parametrize("rows", [1, 30])
def test_the_table_page_reads_current_and_former_members_at_once(
    worker_client, table, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        TableMemberFactory(table=table)
        TableMemberFactory(table=table, left_on=date(2026, 1, 1))
    with django_assert_max_num_queries(13):
        assert worker_client.get(table.get_absolute_url()).status_code == 200
