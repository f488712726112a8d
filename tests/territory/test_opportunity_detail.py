import pytest
from django.urls import reverse

from tests.factories import AreaFactory, ContactFactory, OpportunityFactory


def url(opportunity):
    return reverse("territory:opportunity_detail", args=[opportunity.pk])


def test_it_shows_the_opportunity_and_how_to_reach_it(worker_client):
    opportunity = OpportunityFactory(title="Doposcuola medie Mazzo", how_to_access="Colloquio il martedì.")
    opportunity.liaison = ContactFactory(organisation=opportunity.organisation, first_name="Davide", last_name="Sala")
    opportunity.save()
    content = worker_client.get(url(opportunity)).content.decode()
    for text in ("Doposcuola medie Mazzo", "Colloquio il martedì.", "Davide Sala"):
        assert text in content


def test_a_missing_opportunity_answers_404(worker_client):
    assert worker_client.get(reverse("territory:opportunity_detail", args=[424242])).status_code == 404


def test_anonymous_is_sent_to_login(client, db):
    assert client.get(url(OpportunityFactory())).status_code == 302


@pytest.mark.parametrize("rows", [1, 30])
def test_query_count_does_not_grow_with_rows(worker_client, django_assert_max_num_queries, rows):
    opportunity = OpportunityFactory(
        areas=[AreaFactory(neighbourhood=True) for _ in range(rows)], target_groups=["elderly", "families"]
    )
    with django_assert_max_num_queries(12):
        assert worker_client.get(url(opportunity)).status_code == 200
