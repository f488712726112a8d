import pytest
from django.urls import reverse

from cases.models import CaseEvent, CaseMeeting, JointPlan, PlanObjective, PlanPartner
from tests.factories import CaseFactory, ContactFactory, JointPlanFactory, OrganisationFactory, UserFactory
from tests.helpers import error_codes


@pytest.fixture
def plan(worker):
    return JointPlanFactory(case=CaseFactory(person__team=worker.team, responsible=worker))


def test_starting_a_joint_plan(worker_client, worker):
    case = CaseFactory(person__team=worker.team, responsible=worker)
    response = worker_client.post(
        reverse("cases:plan_create", args=[case.pk]),
        {"title": "Progetto con l'oratorio", "started_on": "2026-02-01", "next_review_on": "2026-04-01"},
    )
    plan = JointPlan.objects.get()
    assert response.status_code == 302
    assert plan.case == case
    assert CaseEvent.objects.get().kind == "plan_created"


def test_a_review_before_the_start_is_refused(worker_client, worker):
    case = CaseFactory(person__team=worker.team, responsible=worker)
    response = worker_client.post(
        reverse("cases:plan_create", args=[case.pk]),
        {"title": "Progetto", "started_on": "2026-02-01", "next_review_on": "2026-01-01"},
    )
    assert error_codes(response) == {"next_review_on": ["review_before_start"]}
    assert not JointPlan.objects.exists()


def test_adding_a_partner_with_role_and_commitments(worker_client, plan):
    organisation = OrganisationFactory(name="Oratorio di Mazzo")
    contact = ContactFactory(organisation=organisation)
    response = worker_client.post(
        reverse("cases:partner_add", args=[plan.pk]),
        {"organisation": organisation.pk, "contact": contact.pk, "role": "Doposcuola", "commitments": "Due pomeriggi"},
    )
    assert response.status_code == 302
    assert PlanPartner.objects.get().role == "Doposcuola"


def test_a_partner_contact_of_another_organisation_is_refused(worker_client, plan):
    response = worker_client.post(
        reverse("cases:partner_add", args=[plan.pk]),
        {"organisation": OrganisationFactory().pk, "contact": ContactFactory().pk, "role": "Supporto"},
    )
    assert response.status_code == 200
    assert error_codes(response, "partner_form") == {"contact": ["other_organisation"]}
    assert response.context["partner_form"].errors["contact"] == [
        "Il referente deve appartenere all'organizzazione partner."
    ]
    assert not PlanPartner.objects.exists()


def test_the_partner_contacts_offered_follow_the_organisation(worker_client, plan):
    contact = ContactFactory()
    page = worker_client.get(reverse("cases:plan_detail", args=[plan.pk])).content.decode()
    assert f'<option value="{contact.pk}" data-group="{contact.organisation_id}">' in page
    assert 'data-follows="id_organisation"' in page


def test_objectives_are_added_and_their_status_changes(worker_client, plan):
    worker_client.post(
        reverse("cases:objective_add", args=[plan.pk]),
        {"description": "Frequenza scolastica", "indicator": "Assenze < 10%", "status": "planned"},
    )
    objective = PlanObjective.objects.get()
    worker_client.post(reverse("cases:objective_status", args=[objective.pk]), {"status": "achieved"})
    objective.refresh_from_db()
    assert objective.status == "achieved"
    assert CaseEvent.objects.filter(kind="plan_objective").count() == 2


def test_an_invalid_objective_is_re_rendered(worker_client, plan):
    response = worker_client.post(reverse("cases:objective_add", args=[plan.pk]), {"description": "", "status": "x"})
    assert set(error_codes(response, "objective_form")) == {"description", "indicator", "status"}
    assert not PlanObjective.objects.exists()


def test_a_review_moves_the_next_review_date(worker_client, plan):
    response = worker_client.post(
        reverse("cases:review_add", args=[plan.pk]),
        {"reviewed_on": "2026-03-01", "summary": "Buoni progressi", "next_review_on": "2026-06-01"},
    )
    plan.refresh_from_db()
    assert response.status_code == 302
    assert str(plan.next_review_on) == "2026-06-01"


def test_a_review_in_the_future_is_refused(worker_client, plan):
    response = worker_client.post(
        reverse("cases:review_add", args=[plan.pk]), {"reviewed_on": "2999-01-01", "summary": "Troppo presto"}
    )
    assert error_codes(response, "review_form") == {"reviewed_on": ["future_date"]}


def test_a_case_meeting_with_attendance_and_minutes(worker_client, plan, worker):
    organisation = OrganisationFactory()
    PlanPartner.objects.create(plan=plan, organisation=organisation, role="Partner")
    contact = ContactFactory(organisation=organisation)
    colleague = UserFactory(team=worker.team)
    url = reverse("cases:meeting_create", args=[plan.pk])
    assert worker_client.get(url).status_code == 200

    response = worker_client.post(
        url,
        {
            "held_on": "2026-03-01",
            "contacts_present": [contact.pk],
            "workers_present": [worker.pk, colleague.pk],
            "others_present": "La vicina di casa",
            "minutes": "Si concorda di proseguire.",
        },
    )
    meeting = CaseMeeting.objects.get()
    assert response.status_code == 302
    assert list(meeting.contacts_present.all()) == [contact]
    assert meeting.workers_present.count() == 2
    assert CaseEvent.objects.get().kind == "case_meeting"


def test_a_meeting_without_minutes_is_re_rendered(worker_client, plan):
    response = worker_client.post(reverse("cases:meeting_create", args=[plan.pk]), {"held_on": "2026-03-01"})
    assert error_codes(response) == {"minutes": ["required"]}
    assert not CaseMeeting.objects.exists()


@pytest.mark.parametrize("rows", [1, 30])
def test_plan_detail_query_count_does_not_grow(worker_client, plan, worker, django_assert_max_num_queries, rows):
    for _ in range(rows):
        organisation = OrganisationFactory()
        PlanPartner.objects.create(plan=plan, organisation=organisation, role="Partner")
        plan.objectives.create(description="Obiettivo", indicator="Indicatore")
        plan.reviews.create(summary="Verifica", reviewer=worker)
        meeting = plan.meetings.create(minutes="Verbale", recorded_by=worker)
        meeting.workers_present.add(worker)
    # One more than before: the audit trail's check for unusual volumes (audit.alerts).
    # Three more than before (issue 14): the plan's documents, its meetings' documents, its approval steps.
    with django_assert_max_num_queries(23):
        assert worker_client.get(plan.get_absolute_url()).status_code == 200
