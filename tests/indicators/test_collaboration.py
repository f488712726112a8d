"""The collaboration rule and the activity log, against hand-built data."""

from datetime import UTC, date, datetime

import pytest

from cases.models import CaseMeeting, PlanPartner, PlanReview, ReferralTransition
from community.models import Meeting
from indicators.activity import (
    CONTINUOUS,
    NONE,
    OCCASIONAL,
    QuarterActivity,
    became_continuous,
    collaboration_by_quarter,
)
from indicators.periods import Period, Quarter
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
)

YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))
Q1, Q2, Q3, Q4 = (Quarter(2026, n) for n in range(1, 5))


def activity(months, **counts):
    result = QuarterActivity()
    result.months = {date(2026, m, 1) for m in months}
    result.counts.update(counts)
    return result


@pytest.mark.parametrize(
    ("months", "counts", "level"),
    [
        ([], {}, NONE),
        ([1], {"invitation": 1}, OCCASIONAL),
        ([1], {"invitation": 5}, OCCASIONAL),  # many contacts in one month are still occasional
        ([1, 3], {"invitation": 1, "hook_up": 1}, CONTINUOUS),
        ([2], {"joint": 1}, CONTINUOUS),  # a joint take-charge is continuous by nature
    ],
)
def test_the_level_rule(months, counts, level):
    assert activity(months, **counts).level == level


def test_became_continuous_needs_occasional_first_and_continuous_last():
    quarters = [Q1, Q2, Q3, Q4]
    assert became_continuous({Q1: activity([1], invitation=1), Q3: activity([7, 8], use=2)}, quarters)
    assert not became_continuous({Q1: activity([1, 2], invitation=2), Q3: activity([7, 8], use=2)}, quarters)
    assert not became_continuous({Q3: activity([7, 8], use=2)}, quarters)
    assert not became_continuous({Q1: activity([1], invitation=1), Q3: activity([7], use=1)}, quarters)


@pytest.mark.django_db
def test_every_source_counts_in_the_right_quarter_and_month():
    org = OrganisationFactory()
    other = OrganisationFactory()
    CommunityActionFactory(date=date(2026, 1, 15), organisations=[org])  # invitation, Q1
    CommunityActionFactory(kind="workshop", date=date(2026, 2, 10), organisations=[org, other])  # Q1
    referral = ReferralFactory(opportunity=OpportunityFactory(organisation=org), kind="use")
    ReferralTransition.objects.create(
        referral=referral,
        from_status="draft",
        to_status="sent",
        occurred_on=date(2026, 4, 3),
        actor=referral.created_by,
    )
    ReferralFactory(opportunity=OpportunityFactory(organisation=org))  # a draft: no collaboration yet
    plan = JointPlanFactory(started_on=date(2026, 7, 1))
    PlanPartner.objects.create(plan=plan, organisation=org, role="Partner")
    PlanReview.objects.create(plan=plan, reviewed_on=date(2026, 8, 1), summary="ok", reviewer=plan.case.responsible)
    CaseMeeting.objects.create(plan=plan, held_on=date(2026, 8, 20), minutes="ok", recorded_by=plan.case.responsible)
    meeting = MeetingFactory(starts_at=datetime(2026, 11, 5, 17, 30, tzinfo=UTC))
    present = TableMemberFactory(table=meeting.table, contact=ContactFactory(organisation=org))
    TableMemberFactory(table=meeting.table, organisation=other)  # member, but absent
    Meeting.attendees.through.objects.create(meeting=meeting, tablemember=present)

    result = collaboration_by_quarter(YEAR)

    assert dict(result[org.pk][Q1].counts) == {"invitation": 1, "workshop": 1}
    assert result[org.pk][Q1].level == CONTINUOUS  # January and February
    assert dict(result[org.pk][Q2].counts) == {"use": 1}
    assert result[org.pk][Q2].level == OCCASIONAL
    assert dict(result[org.pk][Q3].counts) == {"joint": 3}
    assert result[org.pk][Q3].level == CONTINUOUS
    assert dict(result[org.pk][Q4].counts) == {"table": 1}
    assert dict(result[other.pk][Q1].counts) == {"workshop": 1}
    assert Q4 not in result[other.pk]


@pytest.mark.django_db
def test_the_area_filter_keeps_the_area_and_what_is_inside_it():
    org = OrganisationFactory()
    quartiere = AreaFactory(neighbourhood=True)
    CommunityActionFactory(date=date(2026, 3, 1), organisations=[org], area=quartiere)
    CommunityActionFactory(date=date(2026, 3, 2), organisations=[org], area=AreaFactory(municipality=True))
    result = collaboration_by_quarter(YEAR, area=quartiere.parent)
    assert result[org.pk][Q1].total == 1


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 30])
def test_the_activity_takes_a_fixed_number_of_queries(django_assert_max_num_queries, rows):
    for _ in range(rows):
        org = OrganisationFactory()
        CommunityActionFactory(date=date(2026, 5, 1), organisations=[org])
        plan = JointPlanFactory(case=CaseFactory())
        PlanPartner.objects.create(plan=plan, organisation=org, role="Partner")
    with django_assert_max_num_queries(6):
        collaboration_by_quarter(YEAR)
