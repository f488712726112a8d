"""My agenda: what appears, overdue first, weeks and months, the team's agenda, and its cost."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from accounts.roles import COORDINATOR
from agenda.items import ItemKind
from community.models import ActionItem
from tests.agenda.conftest import TODAY, at, one_of_each
from tests.factories import TeamFactory, UserFactory

URL = reverse("agenda:agenda")
ALL_KINDS = sorted(ItemKind.values)


def kinds(items) -> list[str]:
    return sorted(item.kind for item in items)


def page_items(response):
    agenda = response.context["agenda"]
    return agenda.overdue, {day: items for day, items in agenda.days}


def test_a_worker_sees_each_kind_of_item_on_its_day(worker_client, worker, today):
    records = one_of_each(worker, TODAY + timedelta(days=1))
    response = worker_client.get(URL)
    overdue, days = page_items(response)

    assert overdue == []
    assert list(days) == [TODAY + timedelta(days=1)]
    items = days[TODAY + timedelta(days=1)]
    assert kinds(items) == ALL_KINDS
    # The meeting, which has a time, comes first in its day; each item links to its record.
    assert items[0].kind == ItemKind.TABLE_MEETING
    urls = {item.kind: item.url for item in items}
    assert urls[ItemKind.FOLLOW_UP] == records["referral"].get_absolute_url()
    assert urls[ItemKind.PLAN_REVIEW] == records["plan"].get_absolute_url()
    assert urls[ItemKind.ACTION_ITEM] == records["meeting"].get_absolute_url()
    assert urls[ItemKind.COMMUNITY_FOLLOW_UP] == records["community_action"].get_absolute_url()
    page = response.content.decode()
    for url in urls.values():
        assert f'href="{url}"' in page


def test_dates_are_worded_by_the_locale(worker_client, worker, today):
    one_of_each(worker, TODAY)
    page = worker_client.get(URL).content.decode()
    # Italian by default: the day's name, the week's span and the meeting's time.
    assert "Mercoledì 11 marzo 2026" in page
    assert "09 marzo 2026 – 15 marzo 2026" in page
    assert "17:30" in page
    worker_client.cookies["django_language"] = "en"
    english = worker_client.get(URL).content.decode()
    assert "Wednesday March 11, 2026" in english
    assert "March 9, 2026 – March 15, 2026" in english


def test_overdue_items_come_first_and_are_flagged(worker_client, worker, today):
    one_of_each(worker, TODAY - timedelta(days=20))
    one_of_each(worker, TODAY)
    response = worker_client.get(URL)
    overdue, days = page_items(response)

    # Open things whose day has passed, whatever the period shown; meetings held are not overdue.
    assert kinds(overdue) == sorted(
        [ItemKind.PLAN_REVIEW, ItemKind.FOLLOW_UP, ItemKind.ACTION_ITEM, ItemKind.COMMUNITY_FOLLOW_UP]
    )
    assert all(item.overdue for item in overdue)
    assert list(days) == [TODAY]
    page = response.content.decode()
    assert page.index("scaduta dal") < page.index("Mercoledì 11 marzo 2026")
    # Overdue items stay on top when another period is shown.
    next_week = worker_client.get(URL, {"day": (TODAY + timedelta(days=7)).isoformat()})
    assert kinds(next_week.context["agenda"].overdue) == kinds(overdue)


def test_done_and_closed_things_leave_the_agenda(worker_client, worker, today):
    records = one_of_each(worker, TODAY - timedelta(days=2))
    records["referral"].status = "withdrawn"
    records["referral"].save()
    records["plan"].status = "closed"
    records["plan"].save()
    ActionItem.objects.update(status="done")
    overdue, _days = page_items(worker_client.get(URL))
    assert kinds(overdue) == [ItemKind.COMMUNITY_FOLLOW_UP]


def test_a_community_follow_up_long_past_is_no_longer_overdue(worker_client, worker, today):
    one_of_each(worker, TODAY - timedelta(days=31))
    overdue, _days = page_items(worker_client.get(URL))
    assert ItemKind.COMMUNITY_FOLLOW_UP not in kinds(overdue)


def test_a_week_runs_from_monday_to_sunday(worker_client, worker, today):
    one_of_each(worker, date(2026, 3, 15))
    one_of_each(worker, date(2026, 3, 16))
    one_of_each(worker, date(2026, 3, 8))
    _overdue, days = page_items(worker_client.get(URL))
    assert list(days) == [date(2026, 3, 15)]

    _overdue, days = page_items(worker_client.get(URL, {"day": "2026-03-16"}))
    assert list(days) == [date(2026, 3, 16)]
    assert worker_client.get(URL, {"day": "2026-03-19"}).context["agenda"].period.start == date(2026, 3, 16)


def test_a_month_runs_from_the_first_to_the_last_day(worker_client, worker, today):
    one_of_each(worker, date(2026, 3, 31))
    one_of_each(worker, date(2026, 4, 1))
    response = worker_client.get(URL, {"period": "month"})
    _overdue, days = page_items(response)
    assert list(days) == [date(2026, 3, 31)]
    assert "Marzo 2026" in response.content.decode()

    april = worker_client.get(URL, {"period": "month", "day": "2026-04-30"})
    assert list(page_items(april)[1]) == [date(2026, 4, 1)]


def test_the_navigation_leads_to_the_previous_and_next_period(worker_client, worker, today):
    page = worker_client.get(URL, {"period": "month"}).content.decode()
    assert "period=month&amp;day=2026-02-28" in page
    assert "period=month&amp;day=2026-04-01" in page
    week = worker_client.get(URL).content.decode()
    assert "?day=2026-03-08" in week and "?day=2026-03-16" in week


def test_a_table_meeting_at_night_belongs_to_its_local_day(worker_client, worker, today):
    # 23:30 in Rome is the next day in UTC: the day is Rome's.
    records = one_of_each(worker, date(2026, 3, 15))
    records["meeting"].starts_at = records["meeting"].starts_at.replace(hour=23)
    records["meeting"].save()
    _overdue, days = page_items(worker_client.get(URL))
    assert ItemKind.TABLE_MEETING in kinds(days[date(2026, 3, 15)])


def test_a_cancelled_meeting_is_shown_as_such(worker_client, worker, today):
    records = one_of_each(worker, TODAY)
    meeting = records["meeting"]
    meeting.cancelled_at, meeting.cancellation_reason = meeting.starts_at - timedelta(days=1), "Sala non disponibile"
    meeting.save()
    response = worker_client.get(URL)
    [item] = [i for i in page_items(response)[1][TODAY] if i.kind == ItemKind.TABLE_MEETING]
    assert item.cancelled
    assert "text-decoration-line-through" in response.content.decode()


@pytest.fixture
def teams(worker, coordinator, other_team_worker):
    """Sara and Paola (north team) each with a week of items; Marco (south team) with his own."""
    one_of_each(worker, TODAY)
    one_of_each(coordinator, TODAY + timedelta(days=1))
    one_of_each(other_team_worker, TODAY)
    return worker, coordinator, other_team_worker


def test_a_worker_sees_only_their_own_items(worker_client, teams, today):
    _overdue, days = page_items(worker_client.get(URL))
    assert list(days) == [TODAY]
    assert kinds(days[TODAY]) == ALL_KINDS


def test_a_coordinator_switches_to_the_teams_agenda(client, teams, today):
    worker, coordinator, marco = teams
    client.force_login(coordinator)
    mine = client.get(URL)
    assert list(page_items(mine)[1]) == [TODAY + timedelta(days=1)]
    assert 'id="team-agenda"' in mine.content.decode()

    team = client.get(URL, {"scope": "team"})
    _overdue, days = page_items(team)
    assert list(days) == [TODAY, TODAY + timedelta(days=1)]
    assert kinds(days[TODAY]) == ALL_KINDS
    assert {owner for item in days[TODAY] for owner in item.owners} == {str(worker)}
    page = team.content.decode()
    # Another team's items never appear.
    assert "Tavolo di marco" not in page
    assert str(marco) not in page


def test_a_coordinator_of_a_team_never_sees_another_teams_items(client, teams, today):
    worker, coordinator, marco = teams
    south_coordinator = UserFactory(username="lucia", team=marco.team, role=COORDINATOR)
    client.force_login(south_coordinator)
    _overdue, days = page_items(client.get(URL, {"scope": "team"}))
    assert list(days) == [TODAY]
    assert {owner for item in days[TODAY] for owner in item.owners} == {str(marco)}


def test_a_worker_may_not_see_the_teams_agenda(worker_client, teams, today):
    response = worker_client.get(URL, {"scope": "team"})
    assert response.status_code == 403
    assert 'id="team-agenda"' not in worker_client.get(URL).content.decode()


def test_without_a_role_the_agenda_is_empty(no_role_client, no_role_user, today):
    no_role_user.team = TeamFactory(name="Équipe Nord")
    no_role_user.save()
    one_of_each(no_role_user, TODAY)
    response = no_role_client.get(URL)
    assert response.status_code == 200
    assert response.context["agenda"].is_empty
    assert no_role_client.get(URL, {"scope": "team"}).status_code == 403


def test_the_agenda_needs_a_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_agenda_is_read_only(worker_client, today):
    assert worker_client.post(URL).status_code == 405


@pytest.mark.parametrize("day", ["31/02/2026", "domani", "0001-01-01", "9999-12-31"])
def test_a_bad_date_shows_the_current_week_with_a_message(worker_client, worker, today, day):
    one_of_each(worker, TODAY)
    response = worker_client.get(URL, {"day": day, "period": "fortnight"})
    assert response.status_code == 200
    assert response.context["agenda"].period.start == date(2026, 3, 9)
    assert list(page_items(response)[1]) == [TODAY]
    page = response.content.decode()
    assert 'class="alert alert-warning"' in page
    assert set(response.context["form"].errors) == {"day", "period"}


def test_the_top_bar_links_to_the_agenda(worker_client, today):
    assert f'href="{URL}"' in worker_client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("rows", [1, 30])
@pytest.mark.parametrize("scope", ["mine", "team"])
def test_the_agenda_query_count_does_not_grow(client, coordinator, worker, django_assert_max_num_queries, rows, scope):
    with at(TODAY):
        for index in range(rows):
            one_of_each(coordinator, TODAY + timedelta(days=index % 5))
            one_of_each(worker, TODAY - timedelta(days=1 + index % 5))
        client.force_login(coordinator)
        # The session (read, and saved on the first request), the user and their permissions: 7;
        # one query per kind of item: 6; the workers of the team's community actions: 1.
        with django_assert_max_num_queries(14):
            response = client.get(URL, {"scope": scope})
    agenda = response.context["agenda"]
    assert len(agenda.overdue) + sum(len(items) for _day, items in agenda.days) >= 6 * rows


def test_an_action_shared_by_two_workers_appears_once_in_the_teams_agenda(client, worker, coordinator, today):
    records = one_of_each(worker, TODAY)
    records["community_action"].workers.add(coordinator)
    client.force_login(coordinator)
    _overdue, days = page_items(client.get(URL, {"scope": "team"}))
    [shared] = [item for item in days[TODAY] if item.kind == ItemKind.COMMUNITY_FOLLOW_UP]
    assert set(shared.owners) == {str(worker), str(coordinator)}


def test_a_bad_date_keeps_the_other_choices(client, coordinator, today):
    client.force_login(coordinator)
    response = client.get(URL, {"day": "ieri", "period": "month", "scope": "team"})
    assert response.context["agenda"].period.start == date(2026, 3, 1)
    assert response.context["team"] is True
    assert set(response.context["form"].errors) == {"day"}
