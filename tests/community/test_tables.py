import pytest
from django.urls import reverse

from community.models import Table, TableMember
from tests.factories import ContactFactory, MeetingFactory, OrganisationFactory, TableFactory, TableMemberFactory
from tests.helpers import error_codes


def test_a_worker_creates_a_table(worker_client, coordinator):
    response = worker_client.post(
        reverse("community:table_create"),
        {"name": "Tavolo orti", "kind": "operational", "coordinator": coordinator.pk, "active": "on"},
    )
    table = Table.objects.get()
    assert response.url == table.get_absolute_url()
    assert table.coordinator == coordinator


def test_a_table_needs_a_name_and_a_kind(worker_client):
    response = worker_client.post(reverse("community:table_create"), {"kind": "x"})
    assert set(error_codes(response)) == {"name", "kind", "coordinator"}
    assert not Table.objects.exists()


def test_members_are_organisations_contacts_or_citizens(worker_client):
    table = TableFactory()
    url = reverse("community:member_add", args=[table.pk])
    organisation = OrganisationFactory(email="info@org.it")
    worker_client.post(url, {"organisation": organisation.pk})
    worker_client.post(url, {"contact": ContactFactory().pk})
    worker_client.post(url, {"citizen_name": "Giovanni Re", "email": "giovanni@example.it", "role": "Abitante"})
    assert TableMember.objects.count() == 3
    assert TableMember.objects.get(organisation=organisation).delivery_email == "info@org.it"


def test_an_empty_or_inconsistent_member_is_refused(worker_client):
    table = TableFactory()
    url = reverse("community:member_add", args=[table.pk])
    empty = worker_client.post(url, {"role": "Nessuno"})
    assert error_codes(empty, "member_form") == {"__all__": ["member_empty"]}
    mismatch = worker_client.post(url, {"organisation": OrganisationFactory().pk, "contact": ContactFactory().pk})
    assert error_codes(mismatch, "member_form") == {"contact": ["other_organisation"]}
    assert mismatch.context["member_form"].errors["contact"] == ["Il contatto deve appartenere all'organizzazione."]
    assert not TableMember.objects.exists()


@pytest.mark.parametrize("contacts", [1, 20])
def test_the_member_contacts_follow_the_organisation_in_constant_queries(
    worker_client, contacts, django_assert_max_num_queries
):
    table = TableFactory()
    organisation = OrganisationFactory()
    ContactFactory.create_batch(contacts, organisation=organisation)
    with django_assert_max_num_queries(13):
        response = worker_client.get(table.get_absolute_url())
    page = response.content.decode()
    # A contact may join in their own name: with no organisation chosen, every contact is offered.
    assert 'data-follows="id_organisation" data-all-when-empty' in page
    assert page.count(f'data-group="{organisation.pk}"') == contacts + 1


def test_no_role_users_cannot_see_or_change_tables(no_role_client):
    table = TableFactory()
    assert no_role_client.get(table.get_absolute_url()).status_code == 404
    assert (
        no_role_client.post(reverse("community:member_add", args=[table.pk]), {"citizen_name": "X"}).status_code == 403
    )


@pytest.mark.parametrize("rows", [1, 30])
def test_table_pages_query_count_does_not_grow(worker_client, django_assert_max_num_queries, rows):
    table = TableFactory()
    for _ in range(rows):
        TableMemberFactory(table=table, contact=ContactFactory())
        MeetingFactory(table=table)
        TableFactory()
    with django_assert_max_num_queries(13):
        assert worker_client.get(table.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(8):
        assert worker_client.get(reverse("community:table_list")).status_code == 200
