import pytest
from django.urls import reverse

from territory.models import Opportunity
from tests.factories import AreaFactory, ContactFactory, OpportunityFactory, OrganisationFactory
from tests.helpers import error_codes

CREATE_URL = reverse("territory:opportunity_create")


def update_url(opportunity):
    return reverse("territory:opportunity_update", args=[opportunity.pk])


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Oratorio San Michele di Mazzo")


@pytest.fixture
def valid_data(organisation):
    liaison = ContactFactory(organisation=organisation, is_liaison=True)
    return {
        "organisation": organisation.pk,
        "title": "Doposcuola medie",
        "kind": "after_school",
        "target_groups": ["3"],
        "poverty_dimensions": ["3"],
        "areas": [AreaFactory(neighbourhood=True).pk],
        "capacity": "20",
        "start_date": "2026-09-15",
        "end_date": "2027-06-10",
        "liaison": liaison.pk,
        "active": "on",
    }


def test_the_form_starts_from_the_organisation(worker_client, organisation, django_assert_max_num_queries):
    ContactFactory.create_batch(3, is_liaison=True)
    with django_assert_max_num_queries(12):
        response = worker_client.get(CREATE_URL, {"organisation": organisation.pk})
    assert response.status_code == 200
    assert response.context["form"]["organisation"].value() == str(organisation.pk)


def test_the_liaisons_follow_the_organisation_and_the_areas_are_searchable(worker_client, organisation):
    liaison = ContactFactory(organisation=organisation, is_liaison=True)
    page = worker_client.get(CREATE_URL).content.decode()
    assert f'<option value="{liaison.pk}" data-group="{organisation.pk}">' in page
    assert 'data-follows="id_organisation"' in page
    assert 'name="areas" size="8"' in page
    assert "data-searchable" in page


def test_it_adds_an_opportunity(worker_client, organisation, valid_data):
    response = worker_client.post(CREATE_URL, valid_data)
    opportunity = Opportunity.objects.get()
    assert response.status_code == 302
    assert response.url == opportunity.get_absolute_url()
    assert opportunity.organisation == organisation
    assert [group.code for group in opportunity.target_groups.all()] == ["adolescents"]
    # It is then found among the organisation's opportunities.
    detail = worker_client.get(organisation.get_absolute_url())
    assert "Doposcuola medie" in detail.content.decode()


def test_an_end_date_before_the_start_is_refused(worker_client, valid_data):
    response = worker_client.post(CREATE_URL, {**valid_data, "start_date": "2026-09-15", "end_date": "2026-06-10"})
    assert response.status_code == 200
    assert list(error_codes(response)) == ["end_date"]
    assert "La data di fine non può precedere la data di inizio." in response.content.decode()
    assert not Opportunity.objects.exists()


def test_a_liaison_of_another_organisation_is_refused(worker_client, valid_data):
    stranger = ContactFactory(is_liaison=True)
    response = worker_client.post(CREATE_URL, {**valid_data, "liaison": stranger.pk})
    assert list(error_codes(response)) == ["liaison"]
    assert "La figura di raccordo deve essere un contatto della stessa organizzazione." in response.content.decode()
    assert not Opportunity.objects.exists()


def test_missing_fields_are_reported(worker_client, valid_data):
    response = worker_client.post(CREATE_URL, {**valid_data, "title": "", "kind": "", "capacity": "-3"})
    assert error_codes(response) == {"title": ["required"], "kind": ["required"], "capacity": ["min_value"]}
    assert not Opportunity.objects.exists()


def test_anonymous_is_sent_to_login(client, valid_data):
    response = client.post(CREATE_URL, valid_data)
    assert response.status_code == 302
    assert not Opportunity.objects.exists()


def test_a_user_without_the_role_is_refused(no_role_client, valid_data):
    assert no_role_client.post(CREATE_URL, valid_data).status_code == 403
    assert not Opportunity.objects.exists()


def test_it_updates_an_opportunity(worker_client, organisation, valid_data):
    opportunity = OpportunityFactory(organisation=organisation, title="Vecchio titolo")
    response = worker_client.post(
        update_url(opportunity), {**valid_data, "title": "Nuovo titolo", "edited_version": opportunity.version}
    )
    opportunity.refresh_from_db()
    assert response.status_code == 302
    assert opportunity.title == "Nuovo titolo"


def test_a_concurrent_edit_is_refused(worker_client, organisation, valid_data):
    opportunity = OpportunityFactory(organisation=organisation, title="Iniziale")
    Opportunity.objects.filter(pk=opportunity.pk).update(title="Cambiato da altri", version=2)
    response = worker_client.post(update_url(opportunity), {**valid_data, "title": "Mio", "edited_version": 1})
    opportunity.refresh_from_db()
    assert error_codes(response) == {"__all__": ["stale"]}
    assert opportunity.title == "Cambiato da altri"


def test_updating_a_missing_opportunity_answers_404(worker_client):
    assert worker_client.get(reverse("territory:opportunity_update", args=[424242])).status_code == 404
