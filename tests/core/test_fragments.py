"""Fragments kept drawn (core/fragments.py): the same HTML for the same key, nothing personal inside, and a
filter form that forgets its options when one of them changes."""

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from accounts.roles import COORDINATOR, SOCIAL_WORKER
from cases.lists import case_rows
from cases.models import Case
from core.fragments import permission_fingerprint
from tests.factories import AreaFactory, CaseFactory, UserFactory

CASES = reverse("cases:case_list")
ORGANISATIONS = reverse("territory:organisation_list")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_header_keeps_each_users_name_and_count_outside_the_kept_parts(team):
    first = UserFactory(username="anna", first_name="Anna", last_name="Rossi", team=team, role=SOCIAL_WORKER)
    second = UserFactory(username="bruno", first_name="Bruno", last_name="Verdi", team=team, role=SOCIAL_WORKER)
    second.unread_notifications = 3
    second.save()
    assert permission_fingerprint(first) == permission_fingerprint(second)
    assert "Anna Rossi" in signed_in(first).get(CASES).content.decode()
    page = signed_in(second).get(CASES).content.decode()
    assert "Bruno Verdi" in page and "Anna Rossi" not in page
    assert 'id="bell-count">3' in page


def test_the_menu_is_kept_per_set_of_permissions(team):
    worker = UserFactory(team=team, role=SOCIAL_WORKER)
    coordinator = UserFactory(team=team, role=COORDINATOR)
    assert permission_fingerprint(worker) != permission_fingerprint(coordinator)
    to_review = reverse("community:minutes_to_review")
    assert to_review not in signed_in(worker).get(CASES).content.decode()
    # Drawn after the worker's menu, for the same page: the coordinator's own menu, not the kept one.
    assert to_review in signed_in(coordinator).get(CASES).content.decode()


def test_the_active_section_is_part_of_the_menus_key(worker_client):
    cases_page = worker_client.get(CASES).content.decode()
    territory_page = worker_client.get(ORGANISATIONS).content.decode()
    assert 'menu-cases"' in cases_page
    assert (
        'dropdown-toggle active" href="#" role="button" data-bs-toggle="dropdown" aria-expanded="false" id="menu-cases"'
        in cases_page
    )
    assert (
        'dropdown-toggle active" href="#" role="button" data-bs-toggle="dropdown" aria-expanded="false" id="menu-territory"'
        in territory_page
    )


def test_a_new_area_shows_in_the_kept_filter_form_at_once(worker_client):
    worker_client.get(ORGANISATIONS)
    assert len(caches["fragments"]._cache) > 0
    area = AreaFactory(name="Quartiere Nuovo")
    assert "Quartiere Nuovo" in worker_client.get(ORGANISATIONS).content.decode()
    area.name = "Quartiere Rinominato"
    area.save()
    page = worker_client.get(ORGANISATIONS).content.decode()
    assert "Quartiere Rinominato" in page and "Quartiere Nuovo" not in page


def test_a_sign_in_does_not_drop_the_kept_fragments(worker, worker_client):
    worker_client.get(ORGANISATIONS)
    kept = len(caches["fragments"]._cache)
    worker.save(update_fields=["last_login"])
    assert len(caches["fragments"]._cache) == kept > 0


def test_the_filter_form_shows_its_own_input_and_errors(worker_client):
    assert 'value="rossi"' in worker_client.get(ORGANISATIONS, {"q": "rossi"}).content.decode()
    assert 'value="bianchi"' in worker_client.get(ORGANISATIONS, {"q": "bianchi"}).content.decode()
    refused = worker_client.get(reverse("community:action_log"), {"month": "2026-13"}).content.decode()
    assert "is-invalid" in refused
    assert "is-invalid" not in worker_client.get(reverse("community:action_log"), {"month": "2026-03"}).content.decode()


def test_the_colleagues_filter_is_kept_per_team(worker_client, other_team_worker):
    other = signed_in(other_team_worker).get(reverse("community:action_log")).content.decode()
    mine = worker_client.get(reverse("community:action_log")).content.decode()
    assert str(other_team_worker) in other
    assert str(other_team_worker) not in mine


@pytest.mark.django_db
def test_case_rows_show_what_the_models_say(worker):
    case = CaseFactory(person__team=worker.team, person__area=AreaFactory(neighbourhood=True), responsible=worker)
    case.needs.create(dimension_id=2, level=3)
    case.needs.create(dimension_id=1, level=1)
    listed = Case.objects.for_list().get(pk=case.pk)
    [row] = case_rows([listed])
    assert row["person"] == str(case.person)
    assert row["url"] == case.get_absolute_url()
    assert row["status"] == case.get_status_display()
    assert row["responsible"] == str(worker)
    assert row["area"] == case.person.area.label
    assert row["needs"] == [str(need) for need in case.needs.order_by("dimension_id")]
