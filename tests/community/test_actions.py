import pytest
from django.urls import reverse

from cases.models import Case, CaseEvent, Person
from community.models import CommunityAction
from territory.models import Contact, Opportunity
from tests.factories import AreaFactory, CommunityActionFactory, OrganisationFactory, UserFactory
from tests.helpers import error_codes

LOG_URL = reverse("community:action_log")
CREATE_URL = reverse("community:action_create")


def titles(response):
    return [action["title"] for action in response.context["page"].object_list]


def test_a_worker_records_an_invitation(worker_client, worker):
    organisation = OrganisationFactory()
    response = worker_client.post(
        CREATE_URL,
        {
            "kind": "invitation",
            "bond_kind": "care",
            "date": "2026-03-10",
            "title": "Assemblea Auser",
            "workers": [worker.pk],
            "organisations": [organisation.pk],
        },
    )
    action = CommunityAction.objects.get()
    assert response.url == action.get_absolute_url()
    assert (action.recorded_by, list(action.organisations.all())) == (worker, [organisation])


def test_a_hook_up_must_say_its_kind(worker_client, worker):
    response = worker_client.post(
        CREATE_URL,
        {
            "kind": "hook_up",
            "bond_kind": "new_bonds",
            "date": "2026-03-10",
            "title": "Volontaria",
            "workers": [worker.pk],
        },
    )
    assert error_codes(response) == {"hook_up_kind": ["hook_up_kind_required"]}
    assert "Nulla è stato salvato" in response.content.decode()
    assert not CommunityAction.objects.exists()


def test_a_follow_up_cannot_precede_the_action(worker_client, worker):
    response = worker_client.post(
        CREATE_URL,
        {
            "kind": "workshop",
            "bond_kind": "new_bonds",
            "date": "2026-03-10",
            "title": "Laboratorio",
            "workers": [worker.pk],
            "follow_up_on": "2026-03-01",
        },
    )
    assert error_codes(response) == {"follow_up_on": ["follow_up_before"]}


def test_the_log_filters_by_kind_bond_worker_organisation_area_and_month(worker_client, worker):
    colleague = UserFactory(team=worker.team)
    organisation = OrganisationFactory()
    quartiere = AreaFactory(neighbourhood=True)
    CommunityActionFactory(title="Invito di marzo", date="2026-03-05", workers=[worker])
    CommunityActionFactory(
        title="Aggancio",
        kind="hook_up",
        hook_up_kind="volunteer_availability",
        bond_kind="new_bonds",
        date="2026-04-02",
        workers=[colleague],
        organisations=[organisation],
        area=quartiere,
    )
    assert titles(worker_client.get(LOG_URL, {"kind": "hook_up"})) == ["Aggancio"]
    assert titles(worker_client.get(LOG_URL, {"bond_kind": "care"})) == ["Invito di marzo"]
    assert titles(worker_client.get(LOG_URL, {"worker": worker.pk})) == ["Invito di marzo"]
    assert titles(worker_client.get(LOG_URL, {"organisation": organisation.pk})) == ["Aggancio"]
    assert titles(worker_client.get(LOG_URL, {"area": quartiere.parent_id})) == ["Aggancio"]
    assert titles(worker_client.get(LOG_URL, {"month": "2026-03"})) == ["Invito di marzo"]


def test_a_malformed_month_is_reported(worker_client):
    CommunityActionFactory()
    response = worker_client.get(LOG_URL, {"month": "marzo"})
    assert response.status_code == 200
    assert "month" in response.context["filter"].form.errors


@pytest.mark.parametrize("rows", [1, 30])
def test_log_query_count_does_not_grow(worker_client, django_assert_max_num_queries, rows):
    for _ in range(rows):
        CommunityActionFactory(organisations=[OrganisationFactory()], area=AreaFactory(neighbourhood=True))
    with django_assert_max_num_queries(14):
        assert worker_client.get(LOG_URL).status_code == 200


def test_no_role_users_are_kept_out(client, no_role_client):
    action = CommunityActionFactory()
    assert no_role_client.get(action.get_absolute_url()).status_code == 404
    assert list(no_role_client.get(LOG_URL).context["page"].object_list) == []
    assert no_role_client.post(CREATE_URL, {}).status_code == 403
    client.logout()
    assert client.get(LOG_URL).status_code == 302


@pytest.fixture
def hook_up(worker):
    organisation = OrganisationFactory(name="Auser Rho")
    return CommunityActionFactory(
        kind="hook_up",
        hook_up_kind="volunteer_availability",
        bond_kind="new_bonds",
        title="Accompagnamenti in auto",
        offered_by="Carla Fontana",
        organisations=[organisation],
        workers=[worker],
    )


def test_a_hook_up_becomes_a_contact_and_keeps_the_link(worker_client, hook_up):
    url = reverse("community:hook_up_to_contact", args=[hook_up.pk])
    assert worker_client.get(url).context["form"].initial["first_name"] == "Carla"
    worker_client.post(url, {"first_name": "Carla", "last_name": "Fontana", "is_liaison": "on", "active": "on"})
    hook_up.refresh_from_db()
    assert hook_up.created_contact == Contact.objects.get(last_name="Fontana")
    assert hook_up.created_contact.organisation.name == "Auser Rho"


def test_a_hook_up_becomes_an_opportunity(worker_client, hook_up):
    url = reverse("community:hook_up_to_opportunity", args=[hook_up.pk])
    response = worker_client.post(
        url,
        {
            "organisation": hook_up.organisations.get().pk,
            "title": "Accompagnamenti",
            "kind": "transport",
            "active": "on",
        },
    )
    hook_up.refresh_from_db()
    assert response.status_code == 302
    assert hook_up.created_opportunity == Opportunity.objects.get()


def test_a_hook_up_becomes_a_person_with_an_open_case_in_one_step(worker_client, worker, hook_up):
    response = worker_client.post(
        reverse("community:hook_up_to_case", args=[hook_up.pk]),
        {
            "person-last_name": "Moretti",
            "person-first_name": "Aldo",
            "person-sex": "M",
            "case-responsible": worker.pk,
            "case-opened_on": "2026-03-12",
            "case-need_relational": "3",
        },
    )
    hook_up.refresh_from_db()
    case = Case.objects.get()
    assert response.url == case.get_absolute_url()
    assert hook_up.created_case == case
    assert (case.person.last_name, case.team, case.person.team) == ("Moretti", worker.team, worker.team)
    assert CaseEvent.objects.get(case=case).kind == "case_opened"


def test_a_bad_case_from_a_hook_up_saves_nothing(worker_client, worker, hook_up):
    response = worker_client.post(
        reverse("community:hook_up_to_case", args=[hook_up.pk]),
        {"person-last_name": "Moretti", "person-first_name": "Aldo", "person-fiscal_code": "XYZ", "case-opened_on": ""},
    )
    assert response.status_code == 200
    assert not Person.objects.exists()
    assert not Case.objects.exists()


def test_only_hook_ups_convert(worker_client):
    invitation = CommunityActionFactory()
    assert worker_client.get(reverse("community:hook_up_to_contact", args=[invitation.pk])).status_code == 404


def test_a_listening_point_is_logged_as_a_sense_of_belonging_activity(worker_client, worker):
    response = worker_client.post(
        CREATE_URL,
        {
            "kind": "listening",
            "bond_kind": "new_bonds",
            "date": "2026-03-10",
            "title": "Sportello d'ascolto al mercato",
            "workers": [worker.pk],
            "citizens_count": "14",
        },
    )
    action = CommunityAction.objects.get()
    assert response.url == action.get_absolute_url()
    assert action.builds_belonging
    page = worker_client.get(CREATE_URL).content.decode()
    assert page.count("<optgroup") == 2
    assert 'value="listening"' in page


def test_the_log_filters_the_sense_of_belonging_activities_together(worker_client):
    CommunityActionFactory(title="Festa di quartiere", kind="animation")
    CommunityActionFactory(title="Corso per volontari", kind="training")
    CommunityActionFactory(title="Invito")
    response = worker_client.get(LOG_URL, {"kind": "belonging"})
    assert sorted(titles(response)) == ["Corso per volontari", "Festa di quartiere"]
    assert titles(worker_client.get(LOG_URL, {"kind": "training"})) == ["Corso per volontari"]


def test_an_unknown_kind_is_refused_with_a_message(worker_client, worker):
    response = worker_client.post(
        CREATE_URL,
        {"kind": "party", "bond_kind": "care", "date": "2026-03-10", "title": "?", "workers": [worker.pk]},
    )
    assert error_codes(response) == {"kind": ["invalid_choice"]}
    assert not CommunityAction.objects.exists()


def test_a_contact_from_a_hook_up_says_its_organisation_and_is_not_a_liaison_unasked(worker_client, hook_up):
    response = worker_client.get(reverse("community:hook_up_to_contact", args=[hook_up.pk]))
    html = response.content.decode()
    assert "is_liaison" in html
    assert not response.context["form"]["is_liaison"].value()
    assert 'id="joins-organisation"' in html and "Auser Rho" in html


def test_a_case_from_a_hook_up_does_not_copy_the_hook_up_notes_into_the_household(worker_client, hook_up):
    hook_up.notes = "Vive sola, segue una terapia"
    hook_up.save()
    response = worker_client.get(reverse("community:hook_up_to_case", args=[hook_up.pk]))
    assert not response.context["person_form"]["household_notes"].value()
    assert "terapia" not in response.content.decode()
