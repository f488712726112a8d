from datetime import date

import pytest

from cases.matching import age_groups, suggest_opportunities
from tests.factories import AreaFactory, CaseFactory, OpportunityFactory, ReferralFactory


def test_age_groups():
    today = date(2026, 11, 24)
    assert "adolescents" in age_groups(date(2012, 1, 1), today)
    assert "children" in age_groups(date(2020, 1, 1), today)
    assert "elderly" in age_groups(date(1950, 1, 1), today)
    assert age_groups(None, today) == ["everyone", "families"]


@pytest.fixture
def case(db):
    quartiere = AreaFactory(neighbourhood=True)
    case = CaseFactory(person__area=quartiere, person__birth_date=date(2012, 5, 1))
    case.needs.create(dimension_id=3, level=3)  # educational, high
    case.needs.create(dimension_id=4, level=1)  # relational, low
    return case


def titles(case):
    return [opportunity.title for opportunity in suggest_opportunities(case)]


def test_opportunities_are_ranked_by_need_area_and_age(case):
    area = case.person.area
    OpportunityFactory(
        title="Doposcuola nel quartiere",
        poverty_dimensions=["educational"],
        areas=[area],
        target_groups=["adolescents"],
    )
    OpportunityFactory(
        title="Doposcuola altrove", poverty_dimensions=["educational"], areas=[AreaFactory(municipality=True)]
    )
    OpportunityFactory(title="Gruppo di cammino", poverty_dimensions=["relational"], target_groups=["elderly"])
    OpportunityFactory(title="Emporio", poverty_dimensions=["material"], areas=[area])
    OpportunityFactory(title="Chiuso", poverty_dimensions=["educational"], active=False)
    assert titles(case) == ["Doposcuola nel quartiere", "Doposcuola altrove", "Gruppo di cammino"]


def test_an_opportunity_already_referred_to_is_not_suggested_again(case):
    opportunity = OpportunityFactory(title="Doposcuola", poverty_dimensions=["educational"])
    ReferralFactory(case=case, opportunity=opportunity, status="sent")
    assert titles(case) == []
    declined = OpportunityFactory(title="Rifiutato", poverty_dimensions=["educational"])
    ReferralFactory(case=case, opportunity=declined, status="declined", decline_reason="pieno")
    assert titles(case) == ["Rifiutato"]


def test_no_needs_no_suggestions(db):
    OpportunityFactory(poverty_dimensions=["educational"])
    assert titles(CaseFactory()) == []


def test_suggestions_take_one_query(case, django_assert_num_queries):
    OpportunityFactory.create_batch(5, poverty_dimensions=["educational"])
    case = type(case).objects.prefetch_related("needs").select_related("person__area").get(pk=case.pk)
    with django_assert_num_queries(1):
        assert len(titles(case)) == 5


def test_the_suggestions_page_lists_them_with_a_refer_button(worker_client, worker, django_assert_max_num_queries):
    from django.urls import reverse

    case = CaseFactory(person__team=worker.team, responsible=worker)
    case.needs.create(dimension_id=3, level=2)
    opportunity = OpportunityFactory(title="Doposcuola", poverty_dimensions=["educational"])
    OpportunityFactory.create_batch(10, poverty_dimensions=["educational"])
    url = reverse("cases:case_suggestions", args=[case.pk])
    with django_assert_max_num_queries(14):
        response = worker_client.get(url)
    assert f"?opportunity={opportunity.pk}" in response.content.decode()


def test_another_team_gets_404_on_the_suggestions(other_team_client, worker):
    from django.urls import reverse

    case = CaseFactory(person__team=worker.team, responsible=worker)
    assert other_team_client.get(reverse("cases:case_suggestions", args=[case.pk])).status_code == 404
