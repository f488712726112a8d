import pytest
from django.urls import reverse

from tests.factories import AreaFactory, ContactFactory, OpportunityFactory, OrganisationFactory, ProtocolFactory


def url(organisation):
    return reverse("territory:organisation_detail", args=[organisation.pk])


def test_it_shows_contacts_opportunities_and_protocols(worker_client):
    organisation = OrganisationFactory(name="Oratorio di Mazzo")
    ContactFactory(organisation=organisation, first_name="Davide", last_name="Sala", is_liaison=True)
    OpportunityFactory(organisation=organisation, title="Doposcuola medie")
    ProtocolFactory(title="Patto educativo", partners=[organisation])

    response = worker_client.get(url(organisation))

    content = response.content.decode()
    assert response.status_code == 200
    for text in ("Oratorio di Mazzo", "Davide Sala", "Doposcuola medie", "Patto educativo"):
        assert text in content


def test_a_missing_organisation_answers_404(worker_client):
    assert worker_client.get(reverse("territory:organisation_detail", args=[424242])).status_code == 404


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(url(OrganisationFactory()))
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_edit_links_are_hidden_without_permission(no_role_client):
    organisation = OrganisationFactory()
    content = no_role_client.get(url(organisation)).content.decode()
    assert reverse("territory:organisation_update", args=[organisation.pk]) not in content


@pytest.mark.parametrize("rows", [1, 30])
def test_query_count_does_not_grow_with_rows(worker_client, django_assert_max_num_queries, rows):
    organisation = OrganisationFactory(
        areas_served=[AreaFactory(neighbourhood=True)], target_groups=["elderly"], poverty_dimensions=["material"]
    )
    for _ in range(rows):
        ContactFactory(organisation=organisation)
        OpportunityFactory(organisation=organisation, target_groups=["elderly"], areas=[AreaFactory()])
        ProtocolFactory(partners=[organisation, OrganisationFactory()])
    # session (read, then saved again for the idle timeout: 3), user, 2 permission sets, the organisation, 11 prefetches (areas and their parents,
    # groups, dimensions, contacts, opportunities and their groups, dimensions and areas,
    # protocols and their partners)
    with django_assert_max_num_queries(19):
        response = worker_client.get(url(organisation))
    assert response.status_code == 200
