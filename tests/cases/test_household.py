"""The household (nucleo familiare): members linked both ways or written by hand (issue 14)."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from audit.models import AuditEvent
from cases.gdpr import anonymise, person_dossier
from cases.household import HouseholdMember, add_household_member
from tests.factories import CaseFactory, PersonFactory
from tests.helpers import error_codes


@pytest.fixture
def person(worker):
    return PersonFactory(team=worker.team, first_name="Maria", last_name="Bianchi")


def add_url(person):
    return reverse("cases:household_add", args=[person.pk])


def test_a_member_written_by_hand(worker_client, person):
    response = worker_client.post(
        add_url(person), {"relationship": "child", "name": "Luca Bianchi", "birth_year": "2012", "lives_with": "on"}
    )
    assert response.status_code == 302
    member = HouseholdMember.objects.get()
    assert (member.person, member.name, member.birth_year, member.relationship, member.lives_with) == (
        person,
        "Luca Bianchi",
        2012,
        "child",
        True,
    )
    assert "Luca Bianchi" in worker_client.get(person.get_absolute_url()).content.decode()
    case = CaseFactory(person=person, responsible=person.team.members.first())
    assert "Luca Bianchi" in worker_client.get(case.get_absolute_url()).content.decode()
    created = AuditEvent.objects.get(action="create", object_type="cases.householdmember")
    assert created.subject_person_id == person.pk
    assert created.changes["name"] == ["", "***"]
    assert "Luca" not in str(created.changes) and "2012" not in str(created.changes)


def test_a_person_in_charge_of_the_team_is_linked_both_ways(worker_client, worker, person):
    son = PersonFactory(team=worker.team, first_name="Luca", last_name="Bianchi")
    response = worker_client.post(add_url(person), {"relationship": "child", "relative": son.pk, "lives_with": "on"})
    assert response.status_code == 302
    assert sorted(HouseholdMember.objects.values_list("person_id", "relative_id", "relationship")) == sorted(
        [(person.pk, son.pk, "child"), (son.pk, person.pk, "parent")]
    )
    son_page = worker_client.get(son.get_absolute_url()).content.decode()
    assert person.get_absolute_url() in son_page


def test_someone_of_another_team_cannot_be_linked(worker_client, person, other_team_worker):
    stranger = PersonFactory(team=other_team_worker.team)
    response = worker_client.post(add_url(person), {"relationship": "partner", "relative": stranger.pk})
    assert response.status_code == 200
    assert error_codes(response, "household_form") == {"relative": ["invalid_choice"]}
    assert escape("Scegli un'opzione valida.") in response.content.decode()
    assert not HouseholdMember.objects.exists()
    # Nor by the service, whatever the form offers.
    with pytest.raises(Exception) as excinfo:
        add_household_member(person=person, actor=None, relationship="partner", relative=stranger)
    assert "relative" in excinfo.value.message_dict
    assert not HouseholdMember.objects.exists()


@pytest.mark.parametrize(
    ("data", "code"),
    [({"relationship": "child"}, "member_empty"), ({"relationship": "child", "name": "Luca", "relative": "X"}, None)],
)
def test_a_member_needs_a_name_or_a_person(worker_client, worker, person, data, code):
    if data.get("relative") == "X":
        data = {**data, "relative": PersonFactory(team=worker.team).pk}
        code = "member_both"
    response = worker_client.post(add_url(person), data)
    assert response.status_code == 200
    assert error_codes(response, "household_form") == {"name": [code]}
    with translation.override("it"):
        message = str(response.context["household_form"].errors["name"][0])
    assert escape(message) in response.content.decode()
    assert not HouseholdMember.objects.exists()


def test_a_birth_year_in_the_future_is_refused(worker_client, person):
    response = worker_client.post(add_url(person), {"relationship": "child", "name": "Luca", "birth_year": "2999"})
    assert error_codes(response, "household_form") == {"birth_year": ["birth_year"]}


def test_editing_a_link_changes_both_sides_and_refuses_a_stale_version(worker_client, worker, person):
    other = PersonFactory(team=worker.team)
    member = add_household_member(person=person, actor=worker, relationship="child", relative=other)
    url = reverse("cases:household_update", args=[member.pk])
    assert worker_client.get(url).status_code == 200
    response = worker_client.post(
        url, {"relationship": "grandchild", "relative": other.pk, "edited_version": member.version}
    )
    assert response.status_code == 302
    inverse = HouseholdMember.objects.get(person=other)
    assert (HouseholdMember.objects.get(pk=member.pk).relationship, inverse.relationship) == (
        "grandchild",
        "grandparent",
    )
    stale = worker_client.post(url, {"relationship": "sibling", "relative": other.pk, "edited_version": 1})
    assert error_codes(stale) == {"__all__": ["stale"]}
    assert HouseholdMember.objects.get(pk=member.pk).relationship == "grandchild"


def test_removing_a_link_removes_both_sides_and_the_trail_keeps_it(worker_client, worker, person):
    other = PersonFactory(team=worker.team)
    member = add_household_member(person=person, actor=worker, relationship="partner", relative=other)
    url = reverse("cases:household_remove", args=[member.pk])
    assert worker_client.get(url).status_code == 405
    assert worker_client.post(url).status_code == 302
    assert not HouseholdMember.objects.exists()
    assert AuditEvent.objects.filter(action="delete", object_type="cases.householdmember").count() == 2


def test_another_team_gets_404_and_the_refusal_is_audited(other_team_client, worker, person):
    member = add_household_member(person=person, actor=worker, relationship="child", name="Luca")
    for method, url in [
        ("post", add_url(person)),
        ("get", reverse("cases:household_update", args=[member.pk])),
        ("post", reverse("cases:household_update", args=[member.pk])),
        ("post", reverse("cases:household_remove", args=[member.pk])),
    ]:
        before = AuditEvent.objects.filter(action="denied").count()
        response = getattr(other_team_client, method)(url, {"relationship": "child", "name": "Intruso"})
        assert response.status_code == 404, url
        assert AuditEvent.objects.filter(action="denied").count() == before + 1, url
    assert list(HouseholdMember.objects.values_list("name", flat=True)) == ["Luca"]


def test_the_export_includes_the_household_and_retention_removes_it(worker_client, worker, person):
    other = PersonFactory(team=worker.team, first_name="Anna", last_name="Bianchi")
    add_household_member(person=person, actor=worker, relationship="child", name="Luca", birth_year=2012)
    add_household_member(person=person, actor=worker, relationship="parent", relative=other)
    exported = worker_client.get(reverse("cases:person_export_json", args=[person.pk])).json()
    assert sorted((m["name"], m["person_in_charge"]) for m in exported["household"]) == [
        ("Bianchi Anna", other.pk),
        ("Luca", None),
    ]
    assert {m["birth_year"] for m in person_dossier(person)["household"]} == {2012, 1980}
    anonymise(person)
    # Both sides of the link go: the relative's record would name the anonymised person.
    assert not HouseholdMember.objects.exists()
    assert HouseholdMember.objects.filter(person=other).count() == 0


@pytest.mark.parametrize("rows", [1, 30])
def test_the_person_and_case_pages_read_the_household_at_once(
    worker_client, worker, person, django_assert_max_num_queries, rows
):
    case = CaseFactory(person=person, responsible=worker)
    for number in range(rows):
        relative = PersonFactory(team=worker.team)
        add_household_member(person=person, actor=worker, relationship="relative", relative=relative)
        add_household_member(person=person, actor=worker, relationship="child", name=f"Figlio {number}")
    with django_assert_max_num_queries(14):
        assert worker_client.get(person.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(20):
        assert worker_client.get(case.get_absolute_url()).status_code == 200
