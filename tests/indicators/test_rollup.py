"""The rollup and the background refresh: the same figures as before, computed outside the request."""

from datetime import UTC, date, datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django_q.models import Schedule

from cases.models import CaseMeeting, PlanPartner, PlanReview
from community.models import Meeting
from core.jobs import SCHEDULE_PREFIX
from indicators import figures, rollup
from indicators.activity import NONE, collaboration_by_quarter, collaboration_summary
from indicators.cache import figures_key, standard_filters
from indicators.invalidation import DIRTY_KEY
from indicators.jobs import refresh_figures
from indicators.models import MonthlyCount
from indicators.periods import Period
from territory.models import Area
from tests.factories import (
    AreaFactory,
    CaseFactory,
    CommunityActionFactory,
    ContactFactory,
    JointPlanFactory,
    MeetingFactory,
    OpportunityFactory,
    OrganisationFactory,
    ReferralFactory,
    TableMemberFactory,
    UserFactory,
)
from tests.helpers import record_transition
from tests.indicators import previous

YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture
def region(db):
    """Work in two quartieri of a comune and outside them, spread over the year and its edges."""
    quartiere = AreaFactory(neighbourhood=True, name="Mazzo")
    other = AreaFactory(neighbourhood=True, name="Terrazzano")
    comune = quartiere.parent
    orgs = [OrganisationFactory(name=f"Org {i}") for i in range(5)]
    anna, bruno = UserFactory(), UserFactory()
    for day, kind, area, org_list, workers, citizens in [
        (date(2026, 1, 10), "invitation", quartiere, orgs[:2], [anna], None),
        (date(2026, 2, 14), "workshop", quartiere, orgs[:1], [anna, bruno], 12),
        (date(2026, 2, 28), "animation", other, orgs[2:3], [], 30),
        (date(2026, 3, 31), "training", comune, orgs[1:3], [bruno], 7),
        (date(2026, 5, 1), "hook_up", None, orgs[3:], [anna], None),
        (date(2026, 8, 16), "listening", quartiere, [], [bruno], None),
        (date(2025, 12, 31), "invitation", quartiere, orgs, [anna], None),  # before the year
    ]:
        CommunityActionFactory(
            date=day,
            kind=kind,
            area=area,
            organisations=org_list,
            workers=workers,
            citizens_count=citizens,
            bond_kind="new_bonds" if kind == "workshop" else "care",
            hook_up_kind="volunteer_availability" if kind == "hook_up" else "",
        )
    case = CaseFactory(person__area=quartiere)
    far = CaseFactory(person__area=other)
    for person_case, org, kind, sent, answer, answered_on in [
        (case, orgs[0], "use", date(2026, 2, 1), "accepted", date(2026, 2, 11)),
        (case, orgs[1], "referral", date(2026, 3, 1), "declined", date(2026, 3, 5)),
        (far, orgs[2], "use", date(2026, 4, 1), "accepted", date(2026, 4, 21)),
        (far, orgs[2], "use", date(2026, 6, 30), "accepted", date(2026, 7, 2)),
    ]:
        referral = ReferralFactory(
            case=person_case,
            kind=kind,
            opportunity=OpportunityFactory(organisation=org),
            status=answer,
            status_changed_on=answered_on,
            decline_reason="pieno" if answer == "declined" else "",
        )
        record_transition(referral, "sent", sent)
        record_transition(referral, answer, answered_on)
    plan = JointPlanFactory(case=case, started_on=date(2026, 4, 2))
    PlanPartner.objects.create(plan=plan, organisation=orgs[1], role="Partner")
    PlanPartner.objects.create(plan=plan, organisation=orgs[4], role="Partner")
    PlanReview.objects.create(plan=plan, reviewed_on=date(2026, 9, 1), summary="ok", reviewer=plan.case.responsible)
    CaseMeeting.objects.create(plan=plan, held_on=date(2026, 10, 20), minutes="ok", recorded_by=plan.case.responsible)
    meeting = MeetingFactory(starts_at=datetime(2026, 11, 5, 17, 30, tzinfo=UTC), table__area=quartiere)
    present = TableMemberFactory(table=meeting.table, contact=ContactFactory(organisation=orgs[3]))
    Meeting.attendees.through.objects.create(meeting=meeting, tablemember=present)
    case.needs.create(dimension_id=1, level=3)
    far.needs.create(dimension_id=2, level=1)
    CaseFactory(status="closed", person__area=quartiere).needs.create(dimension_id=1, level=2)
    return {"quartiere": quartiere, "comune": comune, "other": other}


def previous_dashboard(filters):
    return {
        "by_month": previous.actions_by_month(filters),
        "by_area": dict(previous.actions_by(filters, "area")),
        "by_worker": dict(previous.actions_by(filters, "worker")),
        "answers": previous.referral_answers(filters),
        "outcomes": previous.referral_outcomes(filters),
        "by_dimension": previous.cases_by_dimension(filters),
        "bonds": previous.bonds_by_month(filters),
        "belonging": previous.belonging_by_month(filters),
    }


def dashboard(filters, reader):
    computed = figures.dashboard(filters, reader)
    computed.pop("computed_at")
    # Ties among areas or workers came in the database's order before; the figures are what must agree.
    return {**computed, "by_area": dict(computed["by_area"]), "by_worker": dict(computed["by_worker"])}


def previous_collaboration(filters):
    """The rows and counts per quarter of the Collaborations page, as its view computed them before."""
    by_org = previous.collaboration_by_quarter(filters.period, filters.area)
    quarters = filters.period.quarters
    rows = {}
    for org, by_quarter in by_org.items():
        levels = [by_quarter[q].level if q in by_quarter else NONE for q in quarters]
        rows[org] = (levels, sum(activity.total for activity in by_quarter.values()))
    per_quarter = [
        {
            "quarter": q,
            **{lv: sum(1 for levels, _t in rows.values() if levels[i] == lv) for lv in ("occasional", "continuous")},
        }
        for i, q in enumerate(quarters)
    ]
    return rows, per_quarter


def collaboration(filters, reader):
    summary = collaboration_summary(filters, reader)
    assert summary["total"] <= 200  # every row shown
    return {row["id"]: (row["levels"], row["total"]) for row in summary["rows"]}, summary["per_quarter"]


def filter_sets(region):
    half = Period(date(2026, 2, 1), date(2026, 7, 31))
    return [
        figures.Filters(YEAR),
        figures.Filters(YEAR, region["quartiere"]),
        figures.Filters(YEAR, region["comune"]),
        figures.Filters(YEAR, region["other"]),
        figures.Filters(half),
        figures.Filters(half, region["quartiere"]),
    ]


def test_the_rollup_and_the_records_give_the_figures_the_pages_gave_before(region):
    rollup.rebuild()
    from_rollup = rollup.Reader(True, rollup.built_at())
    for filters in filter_sets(region):
        expected = previous_dashboard(filters)
        assert dashboard(filters, rollup.live_reader()) == expected
        assert dashboard(filters, from_rollup) == expected
        expected = previous_collaboration(filters)
        assert collaboration(filters, rollup.live_reader()) == expected
        assert collaboration(filters, from_rollup) == expected
    # The activity by organisation (the network, one organisation's page, planning) is unchanged too.
    for area in (None, region["quartiere"]):
        assert {
            org: {q: (a.months, dict(a.counts)) for q, a in quarters.items()}
            for org, quarters in collaboration_by_quarter(YEAR, area).items()
        } == {
            org: {q: (a.months, dict(a.counts)) for q, a in quarters.items()}
            for org, quarters in previous.collaboration_by_quarter(YEAR, area).items()
        }
    assert figures.dashboard(figures.Filters(YEAR), from_rollup)["by_month"]["series"]["invitation"][0] == 1


def test_a_period_of_whole_months_reads_the_rollup_once_built_and_any_other_the_records(region):
    assert not rollup.reader_for(YEAR).from_rollup  # never built
    rollup.rebuild()
    assert rollup.reader_for(YEAR).from_rollup
    assert rollup.reader_for(Period(date(2026, 2, 1), date(2026, 2, 28))).from_rollup
    assert not rollup.reader_for(Period(date(2026, 1, 15), date(2026, 12, 31))).from_rollup
    assert not rollup.reader_for(Period(date(2026, 1, 1), date(2026, 12, 30))).from_rollup


def test_rebuilding_replaces_the_rows(region):
    first = rollup.rebuild()
    assert first == MonthlyCount.objects.count() > 0
    assert rollup.rebuild() == first


def test_the_job_fills_the_shared_cache_with_the_standard_sets(region, worker_client, django_assert_max_num_queries):
    refresh_figures()
    sets = standard_filters()
    assert len(sets) == 1 + Area.objects.count()  # the region and each area
    for filters in sets:
        assert cache.get(figures_key("dashboard", filters)) is not None
        assert cache.get(figures_key("collaboration", filters)) is not None
    # The page reads them: none of its figures is computed on the request.
    with django_assert_max_num_queries(12):
        page = worker_client.get(reverse("indicators:collaboration"))
    assert page.context["computed_at"] == rollup.built_at()
    with django_assert_max_num_queries(12):
        assert worker_client.get(reverse("indicators:dashboard")).status_code == 200


def refresh_schedules():
    """The refreshes scheduled by changes (not the periodic one)."""
    runs = Schedule.objects.filter(func="core.jobs.run", args__contains="indicators.jobs.refresh_figures")
    return runs.exclude(name__startswith=SCHEDULE_PREFIX)


def test_a_burst_of_changes_schedules_exactly_one_refresh(transactional_db):
    """Real commits (a transactional test): each change below commits on its own, as in three requests."""
    assert not refresh_schedules().exists()
    action = CommunityActionFactory(date=date(2026, 3, 1))
    action.organisations.add(OrganisationFactory())
    record_transition(ReferralFactory(), "sent", date(2026, 3, 2))
    assert refresh_schedules().count() == 1
    assert cache.get(DIRTY_KEY)
    # The job clears the flag first: the next change asks for the next refresh.
    refresh_figures()
    assert cache.get(DIRTY_KEY) is None
    CommunityActionFactory(date=date(2026, 3, 3))
    assert refresh_schedules().count() == 2


def test_one_transaction_of_many_changes_marks_the_figures_once(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        for day in (1, 2, 3):
            CommunityActionFactory(date=date(2026, 3, day))
    assert len(callbacks) == 1


def test_the_refreshed_figures_follow_the_records(region, worker_client):
    params = {"start": "2026-01-01", "end": "2026-12-31"}
    refresh_figures()
    before = sum(worker_client.get(reverse("indicators:dashboard"), params).context["by_month"]["series"]["invitation"])
    CommunityActionFactory(date=date(2026, 6, 1), kind="invitation")
    cache.clear()  # what the job's refresh does for the standard sets
    stale = worker_client.get(reverse("indicators:dashboard"), params).context
    assert sum(stale["by_month"]["series"]["invitation"]) == before  # the rollup is as the job left it
    refresh_figures()
    cache.clear()
    fresh = worker_client.get(reverse("indicators:dashboard"), params).context
    assert sum(fresh["by_month"]["series"]["invitation"]) == before + 1
