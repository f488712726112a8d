"""Retention leaves nothing of the person behind (issue 10, point 6)."""

from datetime import date

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from cases import services
from cases.gdpr import REDACTED, anonymise
from cases.models import Person
from tests.factories import ContactFactory, OpportunityFactory, OrganisationFactory, PersonFactory, poverty_dimension

CANARY = "CANARINO"


def every_text_in(app_label: str):
    """Every character, text and JSON value stored by the app's models, with where it is."""
    for model in apps.get_app_config(app_label).get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        for row in model._default_manager.values_list("pk", *fields):
            for name, value in zip(fields, row[1:], strict=True):
                yield f"{model._meta.label}#{row[0]}.{name}", str(value)


@pytest.fixture
def full_case(worker):
    person = PersonFactory(
        team=worker.team,
        first_name=f"{CANARY}-nome",
        last_name=f"{CANARY}-cognome",
        address=f"Via {CANARY} 1",
        household_notes=f"Vive con {CANARY} madre",
    )
    text = lambda what: f"{what} {CANARY}"  # noqa: E731
    case = services.open_case(
        person=person,
        actor=worker,
        responsible=worker,
        opened_on=date(2026, 1, 5),
        goals=text("obiettivi"),
        commitments=text("impegni"),
        needs={poverty_dimension("material"): 3},
    )
    services.record_consent(
        case=case, actor=worker, recipient="any_partner", scope="name", given_on=date(2026, 1, 5), method="verbal",
        witness=text("testimone"), notes=text("consenso"),
    )  # fmt: skip
    opportunity = OpportunityFactory(liaison=None)
    referral = services.create_referral(
        case=case,
        actor=worker,
        kind="referral",
        opportunity=opportunity,
        reason=text("motivo"),
        partner_note=text("nota per il partner"),
    )
    services.transition_referral(referral=referral, to_status="sent", actor=worker, occurred_on=timezone.localdate())
    services.transition_referral(
        referral=referral, to_status="declined", actor=worker, occurred_on=timezone.localdate(), note=text("rifiuto")
    )
    plan = services.create_plan(
        case=case, actor=worker, title=text("progetto"), started_on=date(2026, 1, 8), notes=text("note")
    )
    organisation = OrganisationFactory()
    contact = ContactFactory(organisation=organisation)
    services.add_partner(
        plan=plan, actor=worker, organisation=organisation, contact=contact, role=text("ruolo"),
        commitments=text("impegni partner"),
    )  # fmt: skip
    services.add_objective(
        plan=plan, actor=worker, description=text("obiettivo"), indicator=text("indicatore"), due_on=None,
        status="planned",
    )  # fmt: skip
    services.add_review(
        plan=plan, actor=worker, reviewed_on=date(2026, 2, 1), summary=text("verifica"), next_review_on=None
    )
    services.add_meeting(
        plan=plan, actor=worker, held_on=date(2026, 2, 2), contacts_present=[contact], workers_present=[worker],
        others_present=text("presenti"), minutes=text("verbale"),
    )  # fmt: skip
    services.add_note(case=case, actor=worker, text=text("nota"), occurred_on=date(2026, 2, 3))
    return case


def test_the_fixture_really_writes_the_canary_everywhere(full_case):
    places = {
        place.split("#")[0] + "." + place.split(".")[-1] for place, value in every_text_in("cases") if CANARY in value
    }
    assert {"cases.JointPlan.title", "cases.PlanPartner.commitments", "cases.PlanObjective.description",
            "cases.CaseEvent.data", "cases.Person.household_notes"} <= places  # fmt: skip


def test_anonymising_leaves_no_free_text_about_the_person(full_case):
    anonymise(full_case.person)
    left = [place for place, value in every_text_in("cases") if CANARY in value]
    assert left == []
    person = Person.objects.get(pk=full_case.person.pk)
    assert person.last_name == f"Anonimo {person.pk}"
    plan = full_case.joint_plans.get()
    assert (plan.title, plan.partners.get().organisation_id) == (REDACTED, plan.partners.get().organisation.pk)
    # What the indicators count stays.
    assert list(full_case.needs.values_list("level", flat=True)) == [3]
    assert full_case.referrals.get().status == "declined"
