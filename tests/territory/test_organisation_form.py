import pytest
from django.urls import reverse

from territory.models import Organisation
from tests.factories import AreaFactory, OrganisationFactory
from tests.helpers import error_codes

CREATE_URL = reverse("territory:organisation_create")


def update_url(organisation):
    return reverse("territory:organisation_update", args=[organisation.pk])


@pytest.fixture
def valid_data(db):
    municipality = AreaFactory(municipality=True, name="Rho")
    return {
        "name": "Cooperativa sociale Il Girasole",
        "kind": "social_cooperative",
        "cooperative_type": "A",
        "fiscal_code": " 0048841 0010 ",
        "municipality": municipality.pk,
        "latitude": "45.531",
        "longitude": "9.04",
        "areas_served": [municipality.pk],
        "target_groups": ["3"],
        "poverty_dimensions": ["3"],
        "active": "on",
    }


def test_it_creates_an_organisation(worker_client, valid_data):
    response = worker_client.post(CREATE_URL, valid_data)

    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response.url == organisation.get_absolute_url()
    assert organisation.fiscal_code == "00488410010"
    assert organisation.runts_section == "d"
    assert [group.code for group in organisation.target_groups.all()] == ["adolescents"]


def test_the_form_renders(worker_client, django_assert_max_num_queries):
    AreaFactory.create_batch(5, municipality=True)
    with django_assert_max_num_queries(11):
        response = worker_client.get(CREATE_URL)
    assert response.status_code == 200


def test_anonymous_is_sent_to_login(client, valid_data):
    response = client.post(CREATE_URL, valid_data)
    assert response.status_code == 302
    assert reverse("login") in response.url
    assert not Organisation.objects.exists()


def test_a_user_without_the_role_is_refused(no_role_client, valid_data):
    assert no_role_client.get(CREATE_URL).status_code == 403
    assert no_role_client.post(CREATE_URL, valid_data).status_code == 403
    assert not Organisation.objects.exists()


def test_an_invalid_fiscal_code_is_explained_in_italian(worker_client, valid_data):
    response = worker_client.post(CREATE_URL, {**valid_data, "fiscal_code": "00488410011"})

    assert response.status_code == 200
    assert error_codes(response) == {"fiscal_code": ["invalid_fiscal_code"]}
    content = response.content.decode()
    assert "non è un codice fiscale valido" in content
    assert "Nulla è stato salvato" in content
    assert not Organisation.objects.exists()


def test_coordinates_out_of_range_are_refused(worker_client, valid_data):
    response = worker_client.post(CREATE_URL, {**valid_data, "latitude": "95", "longitude": "-200"})

    assert error_codes(response) == {"latitude": ["latitude_range"], "longitude": ["longitude_range"]}
    assert "La latitudine deve essere compresa tra -90 e 90" in response.content.decode()
    assert not Organisation.objects.exists()


def test_half_coordinates_are_refused(worker_client, valid_data):
    response = worker_client.post(CREATE_URL, {**valid_data, "longitude": ""})
    assert error_codes(response) == {"longitude": ["coordinates_incomplete"]}
    assert not Organisation.objects.exists()


def test_a_cooperative_type_needs_a_cooperative(worker_client, valid_data):
    response = worker_client.post(CREATE_URL, {**valid_data, "kind": "odv"})
    assert error_codes(response) == {"cooperative_type": ["not_a_cooperative"]}
    assert "Solo le cooperative sociali" in response.content.decode()
    assert not Organisation.objects.exists()


def test_a_duplicate_fiscal_code_is_refused(worker_client, valid_data):
    OrganisationFactory(fiscal_code="00488410010")
    response = worker_client.post(CREATE_URL, valid_data)
    assert error_codes(response) == {"fiscal_code": ["duplicate_fiscal_code"]}
    assert "organizzazione ha già questo codice fiscale" in response.content.decode()
    assert Organisation.objects.count() == 1


def test_it_updates_an_organisation(worker_client, valid_data):
    organisation = OrganisationFactory(name="Vecchio nome")
    response = worker_client.post(
        update_url(organisation), {**valid_data, "name": "Nuovo nome", "edited_version": organisation.version}
    )
    organisation.refresh_from_db()
    assert response.status_code == 302
    assert organisation.name == "Nuovo nome"
    assert organisation.version == 2


def test_a_concurrent_edit_is_detected_and_nothing_is_lost(worker_client, valid_data):
    organisation = OrganisationFactory(name="Nome iniziale")
    opened_version = organisation.version
    # Someone else saves first.
    worker_client.post(
        update_url(organisation), {**valid_data, "name": "Salvato da Paola", "edited_version": opened_version}
    )

    response = worker_client.post(
        update_url(organisation), {**valid_data, "name": "Salvato da Sara", "edited_version": opened_version}
    )

    organisation.refresh_from_db()
    assert response.status_code == 200
    assert organisation.name == "Salvato da Paola"
    assert error_codes(response) == {"__all__": ["stale"]}
    content = response.content.decode()
    assert "Qualcun altro ha salvato" in content
    assert 'value="Salvato da Sara"' in content


def test_updating_a_missing_organisation_answers_404(worker_client):
    assert worker_client.get(reverse("territory:organisation_update", args=[424242])).status_code == 404


def test_editing_needs_the_permission(no_role_client, valid_data):
    organisation = OrganisationFactory(name="Intatta")
    assert no_role_client.post(update_url(organisation), {**valid_data, "name": "Cambiata"}).status_code == 403
    organisation.refresh_from_db()
    assert organisation.name == "Intatta"
