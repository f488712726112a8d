import pytest
from django.urls import reverse

from tests.factories import AreaFactory, ContactFactory, OpportunityFactory

URL = reverse("territory:opportunity_list")


def titles(response):
    return [opportunity["title"] for opportunity in response.context["page"].object_list]


def test_it_lists_opportunities_with_their_organisation(worker_client):
    OpportunityFactory(title="Orti sociali di via Verdi", organisation__name="Orti Cornaredo APS")
    response = worker_client.get(URL)
    assert titles(response) == ["Orti sociali di via Verdi"]
    assert "Orti Cornaredo APS" in response.content.decode()


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_it_filters_like_the_organisation_list(worker_client):
    municipality = AreaFactory(municipality=True)
    quartiere = AreaFactory(neighbourhood=True, parent=municipality)
    OpportunityFactory(title="Doposcuola del quartiere", areas=[quartiere], target_groups=["adolescents"])
    OpportunityFactory(title="Emporio", kind="food_aid", areas=[municipality], target_groups=["families"])
    OpportunityFactory(title="Altrove", areas=[AreaFactory(municipality=True)], target_groups=["adolescents"])

    assert titles(worker_client.get(URL, {"area": quartiere.pk})) == ["Doposcuola del quartiere", "Emporio"]
    assert titles(worker_client.get(URL, {"area": quartiere.pk, "target_group": "3"})) == ["Doposcuola del quartiere"]
    assert titles(worker_client.get(URL, {"kind": "food_aid"})) == ["Emporio"]
    assert titles(worker_client.get(URL, {"q": "dopo"})) == ["Doposcuola del quartiere"]


@pytest.mark.parametrize("rows", [1, 30])
def test_query_count_does_not_grow_with_rows(worker_client, django_assert_max_num_queries, rows):
    area = AreaFactory(neighbourhood=True)
    for _ in range(rows):
        opportunity = OpportunityFactory(areas=[area], target_groups=["elderly"], poverty_dimensions=["relational"])
        opportunity.liaison = ContactFactory(organisation=opportunity.organisation, is_liaison=True)
        opportunity.save()
    # session (read, then saved again for the idle timeout: 3), user, 2 permission sets, count, page (with organisation and liaison),
    # 3 prefetches, 3 choice lists of the filter form
    with django_assert_max_num_queries(15):
        assert worker_client.get(URL).status_code == 200
