"""Editing case records after the fact, with optimistic locking; what has a life is closed, not deleted (issue 14)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from audit.models import AuditEvent
from cases.models import CaseEvent, JointPlan, PlanObjective, PlanPartner, Referral, ReferralTransition
from cases.services import create_referral, set_objective_status
from tests.factories import CaseFactory, JointPlanFactory, OpportunityFactory, OrganisationFactory, ReferralFactory
from tests.helpers import error_codes


@pytest.fixture
def case(worker):
    return CaseFactory(person__team=worker.team, responsible=worker)


@pytest.fixture
def plan(case):
    return JointPlanFactory(case=case, started_on=date(2026, 1, 20))


@pytest.fixture
def partner(plan):
    return PlanPartner.objects.create(plan=plan, organisation=OrganisationFactory(name="Oratorio"), role="Doposcuola")


@pytest.fixture
def objective(plan):
    return plan.objectives.create(description="Frequenza scolastica", indicator="Assenze < 10%")


# Referrals


def test_a_referral_s_follow_up_date_is_moved(worker_client, case):
    referral = ReferralFactory(case=case, follow_up_on=date(2026, 4, 1))
    url = reverse("cases:referral_update", args=[referral.pk])
    assert worker_client.get(url).status_code == 200
    response = worker_client.post(url, {"follow_up_on": "2026-05-15", "reason": "", "edited_version": 1})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.follow_up_on, referral.version) == (date(2026, 5, 15), 2)
    assert CaseEvent.objects.get().data["fields"] == ["follow_up_on"]


def test_a_stale_referral_edit_is_refused_and_nothing_is_lost(worker_client, case):
    referral = ReferralFactory(case=case, follow_up_on=date(2026, 4, 1))
    Referral.objects.filter(pk=referral.pk).update(version=3)
    response = worker_client.post(
        reverse("cases:referral_update", args=[referral.pk]),
        {"follow_up_on": "2026-05-15", "reason": "Scritto da Sara", "edited_version": 1},
    )
    assert error_codes(response) == {"__all__": ["stale"]}
    assert "Scritto da Sara" in response.content.decode()
    referral.refresh_from_db()
    assert referral.follow_up_on == date(2026, 4, 1)


def test_a_bad_date_is_re_rendered_in_italian(worker_client, case):
    referral = ReferralFactory(case=case)
    response = worker_client.post(
        reverse("cases:referral_update", args=[referral.pk]), {"follow_up_on": "domani", "edited_version": 1}
    )
    assert error_codes(response) == {"follow_up_on": ["invalid"]}
    assert "Inserisci una data valida." in response.content.decode()


def test_a_concluded_referral_shows_no_follow_up(worker_client, case):
    referral = ReferralFactory(case=case, status="completed", outcome="Frequenta", follow_up_on=date(2026, 7, 15))
    with translation.override("it"):
        label = gettext("Follow-up on")
    page = worker_client.get(referral.get_absolute_url()).content.decode()
    assert label not in page and "15/07/2026" not in page
    assert "15/07/2026" not in worker_client.get(case.get_absolute_url()).content.decode()
    form = worker_client.get(reverse("cases:referral_update", args=[referral.pk])).context["form"]
    assert "follow_up_on" not in form.fields
    from cases.editing import update_referral

    with pytest.raises(Exception) as excinfo:
        update_referral(referral=referral, actor=case.responsible, version=1, follow_up_on=date(2026, 8, 1))
    assert excinfo.value.message_dict["follow_up_on"]


def test_the_draft_step_is_in_the_history_with_its_real_date(worker_client, case):
    opportunity = OpportunityFactory(title="Doposcuola medie")
    response = worker_client.post(
        reverse("cases:referral_create", args=[case.pk]),
        {"kind": "referral", "opportunity": opportunity.pk, "prepared_on": "2026-02-03"},
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    first = ReferralTransition.objects.get(referral=referral)
    assert (first.from_status, first.to_status, first.occurred_on, first.actor) == (
        "",
        "draft",
        date(2026, 2, 3),
        case.responsible,
    )
    assert referral.status_changed_on == date(2026, 2, 3)
    assert CaseEvent.objects.get(kind="referral_created").occurred_on == date(2026, 2, 3)
    page = worker_client.get(referral.get_absolute_url()).content.decode()
    assert f"{case.responsible}, 03/02/2026" in page
    # Not the day it was typed in (the old "Prepared by … <today>").
    assert f"{case.responsible}, {timezone.localdate():%d/%m/%Y}" not in page


def test_a_draft_prepared_in_the_future_is_refused(worker_client, case):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = worker_client.post(
        reverse("cases:referral_create", args=[case.pk]),
        {"kind": "referral", "opportunity": OpportunityFactory().pk, "prepared_on": tomorrow.isoformat()},
    )
    assert error_codes(response) == {"prepared_on": ["future_date"]}
    assert not Referral.objects.exists()


def test_the_migration_gives_older_referrals_their_draft_step(case):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("cases.migrations.0009_referral_draft_steps")
    referral = ReferralFactory(case=case, status="sent", status_changed_on=date(2026, 1, 20))
    referral.transitions.create(from_status="draft", to_status="sent", occurred_on=date(2026, 1, 20),
                                actor=case.responsible)  # fmt: skip
    CaseEvent.objects.create(case=case, actor=case.responsible, kind="referral_created", referral=referral,
                             occurred_on=date(2026, 1, 15), data={})  # fmt: skip
    migration.add_draft_steps(apps, None)
    migration.add_draft_steps(apps, None)  # run twice: one step only
    steps = list(referral.transitions.values_list("from_status", "to_status", "occurred_on"))
    assert steps == [("", "draft", date(2026, 1, 15)), ("draft", "sent", date(2026, 1, 20))]


# Joint plans


def test_a_plan_is_edited_with_its_version(worker_client, plan):
    url = reverse("cases:plan_update", args=[plan.pk])
    data = {"title": "Nuovo titolo", "started_on": "2026-01-20", "edited_version": plan.version}
    assert worker_client.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Nuovo titolo"
    stale = worker_client.post(url, {**data, "title": "Vecchio", "edited_version": 1})
    assert error_codes(stale) == {"__all__": ["stale"]}


def test_a_plan_closes_with_its_outcome(worker_client, plan):
    url = reverse("cases:plan_close", args=[plan.pk])
    missing = worker_client.post(url, {"closed_on": "2026-03-01", "outcome": "", "edited_version": plan.version})
    assert error_codes(missing) == {"outcome": ["required"]}
    assert "Questo campo è obbligatorio." in missing.content.decode()
    early = worker_client.post(url, {"closed_on": "2026-01-01", "outcome": "Fatto", "edited_version": plan.version})
    assert error_codes(early) == {"closed_on": ["closed_before_start"]}
    response = worker_client.post(
        url, {"closed_on": "2026-03-01", "outcome": "Obiettivi raggiunti", "edited_version": plan.version}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.closed_on, plan.outcome) == ("closed", date(2026, 3, 1), "Obiettivi raggiunti")
    assert "Obiettivi raggiunti" in worker_client.get(plan.get_absolute_url()).content.decode()
    assert not JointPlan.objects.active().exists()
    again = worker_client.post(url, {"closed_on": "2026-03-01", "outcome": "x", "edited_version": plan.version})
    assert error_codes(again) == {"__all__": ["plan_closed"]}


def test_a_partner_s_role_is_edited(worker_client, partner):
    url = reverse("cases:partner_update", args=[partner.pk])
    assert worker_client.get(url).status_code == 200
    response = worker_client.post(url, {"role": "Accompagnamento", "commitments": "Due pomeriggi", "edited_version": 1})
    assert response.status_code == 302
    partner.refresh_from_db()
    assert (partner.role, partner.version) == ("Accompagnamento", 2)
    assert CaseEvent.objects.get().kind == "partner_edited"


def test_a_partner_leaves_with_the_reason_kept_and_may_join_again(worker_client, plan, partner):
    url = reverse("cases:partner_remove", args=[partner.pk])
    refused = worker_client.post(url, {"removed_on": "2026-03-01", "reason": "", "edited_version": 1})
    assert refused.status_code == 200
    assert error_codes(refused, "second_form") == {"reason": ["required"]}
    worker_client.post(url, {"removed_on": "2026-03-01", "reason": "Fine del progetto estivo", "edited_version": 1})
    partner.refresh_from_db()
    assert (partner.removed_on, partner.removal_reason) == (date(2026, 3, 1), "Fine del progetto estivo")
    page = worker_client.get(plan.get_absolute_url())
    assert partner not in page.context["partners"] and partner in page.context["former_partners"]
    assert "Fine del progetto estivo" in page.content.decode()
    # The same organisation may join again later.
    response = worker_client.post(
        reverse("cases:partner_add", args=[plan.pk]), {"organisation": partner.organisation_id, "role": "Di nuovo"}
    )
    assert response.status_code == 302
    assert PlanPartner.objects.filter(plan=plan, organisation=partner.organisation).count() == 2


def test_an_objective_is_edited_and_removed_with_the_reason_kept(worker_client, objective, case):
    url = reverse("cases:objective_update", args=[objective.pk])
    data = {"description": "Frequenza", "indicator": "Assenze < 5%", "status": "in_progress", "edited_version": 1}
    assert worker_client.post(url, data).status_code == 302
    objective.refresh_from_db()
    assert (objective.indicator, objective.status) == ("Assenze < 5%", "in_progress")
    worker_client.post(
        reverse("cases:objective_remove", args=[objective.pk]),
        {"removed_on": "2026-03-01", "reason": "Non più pertinente", "edited_version": objective.version},
    )
    objective.refresh_from_db()
    assert objective.removal_reason == "Non più pertinente"
    with pytest.raises(Exception) as excinfo:
        set_objective_status(objective=objective, status="achieved", actor=case.responsible)
    assert excinfo.value.code == "removed"
    stale = worker_client.post(url, data)
    assert error_codes(stale) == {"__all__": ["removed"]}


def test_a_removal_in_the_future_is_refused(worker_client, objective):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = worker_client.post(
        reverse("cases:objective_remove", args=[objective.pk]),
        {"removed_on": tomorrow.isoformat(), "reason": "x", "edited_version": 1},
    )
    assert error_codes(response, "second_form") == {"removed_on": ["future_date"]}
    with translation.override("it"):
        message = str(response.context["second_form"].errors["removed_on"][0])
    assert escape(message) in response.content.decode()
    objective.refresh_from_db()
    assert objective.removed_on is None


def test_another_team_gets_404_on_every_editing_url_and_it_is_audited(
    other_team_client, case, plan, partner, objective
):
    referral = ReferralFactory(case=case)
    urls = [
        reverse("cases:referral_update", args=[referral.pk]),
        reverse("cases:plan_update", args=[plan.pk]),
        reverse("cases:plan_close", args=[plan.pk]),
        reverse("cases:partner_update", args=[partner.pk]),
        reverse("cases:partner_remove", args=[partner.pk]),
        reverse("cases:objective_update", args=[objective.pk]),
        reverse("cases:objective_remove", args=[objective.pk]),
        reverse("cases:case_summary_pdf", args=[case.pk]),
        reverse("cases:plan_pact_pdf", args=[plan.pk]),
    ]
    for url in urls:
        before = AuditEvent.objects.filter(action="denied").count()
        method = "post" if url.endswith("rimuovi/") else "get"
        assert getattr(other_team_client, method)(url, {"reason": "x"}).status_code == 404, url
        assert AuditEvent.objects.filter(action="denied").count() == before + 1, url
    assert not CaseEvent.objects.exists()


@pytest.mark.parametrize("rows", [1, 30])
def test_the_plan_page_with_former_partners_and_objectives_reads_them_at_once(
    worker_client, worker, plan, django_assert_max_num_queries, rows
):
    for number in range(rows):
        PlanPartner.objects.create(plan=plan, organisation=OrganisationFactory(), role="Ex", removed_on=date(2026, 2, 1),
                                   removal_reason=f"Motivo {number}")  # fmt: skip
        PlanObjective.objects.create(plan=plan, description="Vecchio", indicator="x", removed_on=date(2026, 2, 1),
                                     removal_reason="Superato")  # fmt: skip
        plan.meetings.create(minutes="Verbale", recorded_by=worker)
    with django_assert_max_num_queries(23):
        assert worker_client.get(plan.get_absolute_url()).status_code == 200


def test_create_referral_service_records_the_draft_step_by_default(case):
    referral = create_referral(case=case, actor=case.responsible, kind="referral", opportunity=OpportunityFactory())
    assert list(referral.transitions.values_list("from_status", "occurred_on")) == [("", timezone.localdate())]


# Case meetings


def test_a_case_meeting_is_corrected_with_its_version(worker_client, worker, plan):
    from cases.models import CaseMeeting

    meeting = CaseMeeting.objects.create(plan=plan, held_on=date(2026, 2, 10), minutes="Verbale", recorded_by=worker)
    url = reverse("cases:case_meeting_update", args=[meeting.pk])
    assert worker_client.get(url).status_code == 200
    data = {"held_on": "2026-02-11", "minutes": "Verbale corretto", "workers_present": [worker.pk], "edited_version": 1}
    response = worker_client.post(url, data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.held_on, meeting.minutes, list(meeting.workers_present.all())) == (
        date(2026, 2, 11),
        "Verbale corretto",
        [worker],
    )
    assert CaseEvent.objects.get(kind="meeting_edited").data["fields"] == ["held_on", "minutes", "workers_present"]
    stale = worker_client.post(url, {**data, "minutes": "Di nuovo"})
    assert error_codes(stale) == {"__all__": ["stale"]}
    empty = worker_client.post(url, {**data, "minutes": "", "edited_version": 2})
    assert error_codes(empty) == {"minutes": ["required"]}
    assert "Questo campo è obbligatorio." in empty.content.decode()


def test_another_team_cannot_correct_a_case_meeting(other_team_client, worker, plan):
    from cases.models import CaseMeeting

    meeting = CaseMeeting.objects.create(plan=plan, minutes="Verbale", recorded_by=worker)
    url = reverse("cases:case_meeting_update", args=[meeting.pk])
    assert other_team_client.post(url, {"minutes": "Intruso", "held_on": "2026-02-11"}).status_code == 404
    assert AuditEvent.objects.filter(action="denied", object_type="cases.casemeeting").count() == 1
    meeting.refresh_from_db()
    assert meeting.minutes == "Verbale"
