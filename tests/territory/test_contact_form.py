from django.urls import reverse

from territory.models import Contact
from tests.factories import ContactFactory, OrganisationFactory
from tests.helpers import error_codes


def create_url(organisation):
    return reverse("territory:contact_create", args=[organisation.pk])


def update_url(contact):
    return reverse("territory:contact_update", args=[contact.pk])


VALID = {
    "first_name": "Chiara",
    "last_name": "Galli",
    "role": "Educatrice",
    "email": "chiara@example.it",
    "active": "on",
}


def test_it_adds_a_liaison_figure_to_an_organisation(worker_client):
    organisation = OrganisationFactory()
    response = worker_client.post(create_url(organisation), {**VALID, "is_liaison": "on"})
    contact = Contact.objects.get()
    assert response.status_code == 302
    assert response.url == organisation.get_absolute_url()
    assert contact.organisation == organisation
    assert contact.is_liaison


def test_the_form_renders_with_constant_queries(worker_client, django_assert_max_num_queries):
    organisation = OrganisationFactory()
    ContactFactory.create_batch(5, organisation=organisation)
    with django_assert_max_num_queries(8):
        assert worker_client.get(create_url(organisation)).status_code == 200


def test_bad_input_is_re_rendered(worker_client):
    organisation = OrganisationFactory()
    response = worker_client.post(create_url(organisation), {**VALID, "last_name": "", "email": "non-una-mail"})
    assert response.status_code == 200
    assert error_codes(response) == {"last_name": ["required"], "email": ["invalid"]}
    assert "Nulla è stato salvato" in response.content.decode()
    assert not Contact.objects.exists()


def test_anonymous_is_sent_to_login(client, db):
    response = client.post(create_url(OrganisationFactory()), VALID)
    assert response.status_code == 302
    assert not Contact.objects.exists()


def test_a_user_without_the_role_is_refused(no_role_client):
    assert no_role_client.post(create_url(OrganisationFactory()), VALID).status_code == 403
    assert not Contact.objects.exists()


def test_a_missing_organisation_answers_404(worker_client):
    assert worker_client.get(reverse("territory:contact_create", args=[424242])).status_code == 404


def test_it_updates_a_contact(worker_client):
    contact = ContactFactory(role="Volontaria")
    response = worker_client.post(update_url(contact), {**VALID, "role": "Presidente"})
    contact.refresh_from_db()
    assert response.status_code == 302
    assert contact.role == "Presidente"


def test_updating_a_missing_contact_answers_404(worker_client):
    assert worker_client.get(reverse("territory:contact_update", args=[424242])).status_code == 404
