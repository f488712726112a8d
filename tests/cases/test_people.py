from datetime import date

import pytest
from django.urls import reverse

from cases.models import Person
from tests.factories import PersonFactory
from tests.helpers import error_codes

CREATE_URL = reverse("cases:person_create")
VALID = {
    "last_name": "Rossi",
    "first_name": "Maria",
    "fiscal_code": "rssmra80c55f205t",
    "birth_date": "1980-03-15",
    "sex": "F",
}


def test_a_worker_registers_a_person_in_their_team(worker_client, worker):
    response = worker_client.post(CREATE_URL, VALID)
    person = Person.objects.get()
    assert response.status_code == 302
    assert (person.team, person.fiscal_code) == (worker.team, "RSSMRA80C55F205T")


def test_a_fiscal_code_with_a_wrong_check_character_is_refused(worker_client):
    response = worker_client.post(CREATE_URL, {**VALID, "fiscal_code": "RSSMRA80C55F205X"})
    assert error_codes(response) == {"fiscal_code": ["invalid_fiscal_code"]}
    assert "non è un codice fiscale valido" in response.content.decode()
    assert not Person.objects.exists()


def test_the_fiscal_code_is_optional(worker_client):
    worker_client.post(CREATE_URL, {**VALID, "fiscal_code": ""})
    assert Person.objects.get().fiscal_code is None
    worker_client.post(CREATE_URL, {**VALID, "fiscal_code": "", "first_name": "Anna"})
    assert Person.objects.count() == 2


def test_a_known_fiscal_code_is_refused_even_from_another_team(worker_client, other_team_worker):
    PersonFactory(team=other_team_worker.team, fiscal_code="RSSMRA80C55F205T")
    response = worker_client.post(CREATE_URL, VALID)
    assert error_codes(response) == {"fiscal_code": ["duplicate_fiscal_code"]}
    assert Person.objects.count() == 1


def test_same_name_and_birth_date_asks_for_confirmation(worker_client, worker):
    existing = PersonFactory(team=worker.team, last_name="Rossi", first_name="Maria", birth_date=date(1980, 3, 15))
    data = {**VALID, "fiscal_code": ""}

    warned = worker_client.post(CREATE_URL, data)
    assert error_codes(warned) == {"confirm_different_person": ["possible_duplicate"]}
    assert existing.get_absolute_url() in warned.content.decode()
    assert Person.objects.count() == 1

    confirmed = worker_client.post(CREATE_URL, {**data, "confirm_different_person": "on"})
    assert confirmed.status_code == 302
    assert Person.objects.count() == 2


def test_a_user_without_the_role_cannot_register(no_role_client):
    assert no_role_client.post(CREATE_URL, VALID).status_code == 403
    assert not Person.objects.exists()


def test_editing_detects_concurrent_changes(worker_client, worker):
    person = PersonFactory(team=worker.team)
    Person.objects.filter(pk=person.pk).update(address="Via Nuova 1", version=2)
    response = worker_client.post(
        reverse("cases:person_update", args=[person.pk]), {**VALID, "address": "Via Mia 2", "edited_version": 1}
    )
    assert error_codes(response) == {"__all__": ["stale"]}
    person.refresh_from_db()
    assert person.address == "Via Nuova 1"


@pytest.mark.parametrize("rows", [1, 30])
def test_list_query_count_does_not_grow(worker_client, worker, django_assert_max_num_queries, rows):
    PersonFactory.create_batch(rows, team=worker.team)
    with django_assert_max_num_queries(9):
        response = worker_client.get(reverse("cases:person_list"))
    assert len(response.context["page"].object_list) == min(rows, 25)


def test_search_by_name_or_fiscal_code(worker_client, worker):
    PersonFactory(team=worker.team, last_name="Rossi", fiscal_code="RSSMRA80C55F205T")
    PersonFactory(team=worker.team, last_name="Bianchi")
    url = reverse("cases:person_list")
    assert [p.last_name for p in worker_client.get(url, {"q": "ross"}).context["page"].object_list] == ["Rossi"]
    assert [p.last_name for p in worker_client.get(url, {"q": "RSSMRA80C55F205T"}).context["page"].object_list] == [
        "Rossi"
    ]


@pytest.mark.parametrize("rows", [1, 30])
def test_detail_query_count_does_not_grow(worker_client, worker, django_assert_max_num_queries, rows):
    from tests.factories import CaseFactory

    person = PersonFactory(team=worker.team)
    CaseFactory.create_batch(rows, person=person, responsible=worker)
    # One more than before: the audit trail's check for unusual volumes (audit.alerts).
    # Two more than before (issue 14): the household, and the team's people to link as household members.
    with django_assert_max_num_queries(14):
        assert worker_client.get(person.get_absolute_url()).status_code == 200
