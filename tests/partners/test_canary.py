"""Nothing internal reaches a partner: a case full of canaries, and neither the page behind the link, the
portal, nor the e-mail holds one (issue 13's field-level check)."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from cases import services
from outbox.models import Email
from tests.factories import ContactFactory, OpportunityFactory, OrganisationFactory, poverty_dimension
from tests.partners.conftest import link_in, send

CANARY = "kanarino"


def canary(where: str) -> str:
    return f"{CANARY}-{where}"


@pytest.fixture
def full_case(case, worker):
    """Everything a worker writes about Maria, beside the referral to the oratorio."""
    person = case.person
    person.household_notes = canary("household")
    person.address = canary("address")
    person.phone = "333 9876543"
    person.fiscal_code = "BNCMRA80A41F205X"
    person.save()
    services.update_case(
        case=case,
        actor=worker,
        version=case.version,
        needs={poverty_dimension("relational"): 3, poverty_dimension("economic_work"): 2},
        goals=canary("goals"),
        commitments=canary("commitments"),
    )
    services.add_note(case=case, actor=worker, text=canary("note"), occurred_on=date(2026, 2, 3))
    services.record_consent(
        case=case, actor=worker, recipient="any_partner", scope="name", given_on=date(2026, 1, 10), method="verbal",
        witness=canary("witness"), notes=canary("consent-notes"),
    )  # fmt: skip
    elsewhere = OpportunityFactory(
        title=canary("other-opportunity"), organisation=OrganisationFactory(name=canary("other-organisation"))
    )
    other = services.create_referral(
        case=case, actor=worker, kind="referral", opportunity=elsewhere, reason=canary("other-reason"),
        partner_note=canary("other-partner-note"),
    )  # fmt: skip
    services.transition_referral(
        referral=other, to_status="sent", actor=worker, occurred_on=timezone.localdate(), note=canary("other-step")
    )
    plan = services.create_plan(
        case=case, actor=worker, title=canary("plan-title"), started_on=date(2026, 1, 8), notes=canary("plan-notes")
    )
    services.add_objective(
        plan=plan, actor=worker, description=canary("objective"), indicator=canary("indicator"), due_on=None,
        status="planned",
    )  # fmt: skip
    services.add_meeting(
        plan=plan, actor=worker, held_on=date(2026, 2, 2), others_present=canary("others"), minutes=canary("minutes")
    )
    return case


@pytest.fixture
def referral_with_canaries(full_case, opportunity, worker, liaison):
    referral = services.create_referral(
        case=full_case, actor=worker, kind="referral", opportunity=opportunity, reason=canary("reason"),
        partner_note="Maria arriva il lunedì.",
    )  # fmt: skip
    send(referral)
    return referral


def leaks(text: str) -> list[str]:
    with translation.override("it"):
        labels = [str(poverty_dimension(code)) for code in ("relational", "economic_work")]
    found = [word for word in (CANARY, "333 9876543", "BNCMRA80A41F205X", *labels) if word.lower() in text.lower()]
    return found


def test_the_fixture_wrote_the_canaries(referral_with_canaries):
    from cases.models import CaseEvent

    assert referral_with_canaries.reason == canary("reason")
    assert referral_with_canaries.case.person.household_notes == canary("household")
    assert CaseEvent.objects.filter(data__text=canary("note")).exists()


def test_the_e_mail_holds_no_canary_and_no_name(referral_with_canaries):
    email = Email.objects.get(kind="referral_partner", address="chiara@oratorio.example.it")
    assert leaks(email.subject + email.body) == []
    assert "Bianchi" not in email.body and "M.B." in email.body


def test_the_page_behind_the_link_holds_no_canary(referral_with_canaries):
    email = Email.objects.get(kind="referral_partner", address="chiara@oratorio.example.it")
    client = Client()
    page = client.get(link_in(email.body)).content.decode()
    assert "Maria Bianchi" in page and "Maria arriva il lunedì." in page
    assert leaks(page) == []
    # After an answer, the re-rendered page too.
    response = client.post(link_in(email.body), {"answer": "declined", "decline_category": "other"}, follow=True)
    assert leaks(response.content.decode()) == []


def test_the_portal_holds_no_canary(referral_with_canaries, partner_client):
    home = partner_client.get(reverse("portal:home")).content.decode()
    page = partner_client.get(reverse("portal:referral", args=[referral_with_canaries.pk])).content.decode()
    assert "Maria Bianchi" in home and "Maria Bianchi" in page
    assert leaks(home) == [] and leaks(page) == []


def test_the_partner_sees_initials_only_when_the_consent_says_so(referral_with_canaries, partner_client):
    from cases.models import Consent

    Consent.objects.filter(case=referral_with_canaries.case).update(scope="initials")
    page = partner_client.get(reverse("portal:referral", args=[referral_with_canaries.pk])).content.decode()
    assert "Bianchi" not in page and "M.B." in page


def test_a_contact_of_another_organisation_never_gets_the_link(referral_with_canaries):
    ContactFactory(organisation=OrganisationFactory(), email="altro@example.it", receives_referrals=True)
    assert not Email.objects.filter(kind="referral_partner", address="altro@example.it").exists()
