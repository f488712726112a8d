"""The lists' plain rows (cases/lists.py, territory/lists.py, community/lists.py) say what the models say."""

from datetime import date

import pytest
from django.utils.formats import date_format

from cases.lists import follow_up_rows
from cases.models import Referral
from community.lists import action_rows
from community.models import CommunityAction
from core.models import related_values
from territory.lists import opportunity_rows, organisation_rows
from territory.models import Opportunity, Organisation
from tests.factories import (
    AreaFactory,
    CommunityActionFactory,
    OpportunityFactory,
    OrganisationFactory,
    ReferralFactory,
    UserFactory,
    poverty_dimension,
    target_group,
)

pytestmark = pytest.mark.django_db


def test_organisation_and_opportunity_rows():
    organisation = OrganisationFactory(name="Caritas Nord", municipality=AreaFactory(municipality=True))
    organisation.target_groups.set([target_group("families"), target_group("adolescents")])
    organisation.poverty_dimensions.set([poverty_dimension("economic_work"), poverty_dimension("material")])
    opportunity = OpportunityFactory(
        organisation=organisation,
        areas=[AreaFactory(name="Zona B"), AreaFactory(name="Zona A")],
        target_groups=["elderly"],
    )
    [row] = organisation_rows([Organisation.objects.get(pk=organisation.pk)])
    assert row["url"] == organisation.get_absolute_url() and row["kind"] == organisation.get_kind_display()
    assert row["municipality"] == str(organisation.municipality)
    assert row["target_groups"] == [str(group) for group in organisation.target_groups.all()]
    assert row["poverty_dimensions"] == [str(d) for d in organisation.poverty_dimensions.all()]
    [row] = opportunity_rows([Opportunity.objects.for_list().get(pk=opportunity.pk)])
    assert row["areas"] == [area.name for area in opportunity.areas.all()] == ["Zona A", "Zona B"]
    assert row["organisation"] == "Caritas Nord" and row["organisation_url"] == organisation.get_absolute_url()
    assert row["target_groups"] == [str(group) for group in opportunity.target_groups.all()]


def test_action_rows():
    workers = [
        UserFactory(first_name="Sara", last_name="Neri"),
        UserFactory(username="solo", first_name="", last_name=""),
    ]
    organisations = [OrganisationFactory(name="Beta"), OrganisationFactory(name="Alfa")]
    action = CommunityActionFactory(workers=workers, organisations=organisations, date=date(2026, 3, 10))
    [row] = action_rows([CommunityAction.objects.for_log().get(pk=action.pk)])
    assert row["workers"] == [str(worker) for worker in action.workers.all()]
    assert "solo" in row["workers"] and "Sara Neri" in row["workers"]
    assert row["organisations"] == ["Alfa", "Beta"]
    assert row["date"] == date_format(action.date, "SHORT_DATE_FORMAT")
    assert row["kind"] == action.get_kind_display() and row["bond_kind"] == action.get_bond_kind_display()


def test_related_values_reads_a_page_in_one_query(django_assert_num_queries):
    actions = [CommunityActionFactory(organisations=[OrganisationFactory()]) for _ in range(5)]
    with django_assert_num_queries(1):
        found = related_values(CommunityAction.organisations, [a.pk for a in actions], "name")
    assert set(found) == {a.pk for a in actions}


def test_follow_up_rows_say_what_the_referral_says():
    today = date(2026, 3, 10)
    referral = ReferralFactory(status="sent", follow_up_on=date(2026, 3, 9))
    [row] = follow_up_rows([Referral.objects.select_related("case__person", "opportunity__organisation").get()], today)
    assert row["url"] == referral.get_absolute_url() and row["case_url"] == referral.case.get_absolute_url()
    assert row["person"] == str(referral.case.person) and row["status"] == referral.get_status_display()
    assert row["opportunity"] == referral.opportunity.title
    assert row["organisation"] == referral.opportunity.organisation.name
    assert row["overdue"] and row["due"] == date_format(referral.follow_up_on, "SHORT_DATE_FORMAT")
    assert not follow_up_rows([referral], date(2026, 3, 9))[0]["overdue"]  # due today is not overdue
