from datetime import date

import pytest

from indicators.figures import (
    Filters,
    actions_by,
    actions_by_month,
    bonds_by_month,
    cases_by_dimension,
    referral_answers,
    referral_outcomes,
)
from indicators.periods import Period
from tests.factories import AreaFactory, CaseFactory, CommunityActionFactory, JointPlanFactory, ReferralFactory
from tests.helpers import record_transition

PERIOD = Period(date(2026, 1, 1), date(2026, 6, 30))


@pytest.fixture
def data(db):
    area = AreaFactory(neighbourhood=True, name="Mazzo")
    case = CaseFactory(person__area=area)
    CommunityActionFactory(date=date(2026, 1, 10), area=area)
    CommunityActionFactory(kind="workshop", bond_kind="new_bonds", date=date(2026, 1, 20))
    CommunityActionFactory(date=date(2025, 12, 31))  # outside the period
    accepted = ReferralFactory(case=case, status="accepted")
    record_transition(accepted, "sent", date(2026, 2, 1))
    record_transition(accepted, "accepted", date(2026, 2, 11))  # 10 days
    declined = ReferralFactory(
        case=case, kind="use", status="declined", decline_reason="pieno", status_changed_on=date(2026, 3, 5)
    )
    record_transition(declined, "sent", date(2026, 3, 1))
    record_transition(declined, "declined", date(2026, 3, 5))  # 4 days
    late = ReferralFactory(case=case, status="accepted")
    record_transition(late, "sent", date(2026, 3, 1))
    record_transition(late, "accepted", date(2026, 3, 21))  # 20 days
    JointPlanFactory(case=case, started_on=date(2026, 4, 2))
    case.needs.create(dimension_id=1, level=3)
    CaseFactory(status="closed").needs.create(dimension_id=1, level=3)  # closed cases are not counted
    return {"area": area, "case": case}


def test_actions_by_month_count_the_six_actions(data):
    figures = actions_by_month(Filters(PERIOD))
    assert len(figures["months"]) == 6
    series = figures["series"]
    assert series["invitation"] == [1, 0, 0, 0, 0, 0]
    assert series["workshop"] == [1, 0, 0, 0, 0, 0]
    assert series["referral"] == [0, 1, 1, 0, 0, 0]
    assert series["use"] == [0, 0, 1, 0, 0, 0]
    assert series["joint"] == [0, 0, 0, 1, 0, 0]


def test_acceptance_rate_and_median_days(data):
    answers = referral_answers(Filters(PERIOD))
    assert answers == {"answered": 3, "accepted": 2, "declined": 1, "acceptance_rate": 67, "median_days": 10}


def test_outcomes_cases_by_dimension_and_bonds(data):
    filters = Filters(PERIOD)
    assert referral_outcomes(filters)["declined"] == 1
    assert cases_by_dimension(filters) == [("material", {1: 0, 2: 0, 3: 1})]
    assert bonds_by_month(filters)["series"]["new_bonds"][0] == 1


def test_the_area_filter_applies_to_every_figure(data):
    filters = Filters(PERIOD, area=data["area"].parent)
    assert sum(actions_by_month(filters)["series"]["workshop"]) == 0
    assert sum(actions_by_month(filters)["series"]["invitation"]) == 1
    assert referral_answers(filters)["answered"] == 3
    assert dict(actions_by(filters, "area"))["Mazzo"]["referral"] == 2


def test_by_worker_names_people(data):
    rows = dict(actions_by(Filters(PERIOD), "worker"))
    assert str(data["case"].responsible) in rows


@pytest.mark.parametrize("rows", [1, 30])
def test_figures_take_a_fixed_number_of_queries(db, django_assert_max_num_queries, rows):
    for day in range(rows):
        case = CaseFactory()
        CommunityActionFactory(date=date(2026, 1, 1 + day % 28))
        referral = ReferralFactory(case=case, status="accepted")
        record_transition(referral, "sent", date(2026, 2, 1))
        record_transition(referral, "accepted", date(2026, 2, 3))
    filters = Filters(PERIOD)
    with django_assert_max_num_queries(15):
        actions_by_month(filters)
        actions_by(filters, "area")
        actions_by(filters, "worker")
        referral_answers(filters)
        referral_outcomes(filters)
        cases_by_dimension(filters)
        bonds_by_month(filters)
