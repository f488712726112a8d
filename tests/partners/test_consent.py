"""Consent per recipient: a referral goes to an organisation only under a consent that covers it, and a
withdrawal stops new sends and turns the pages already sent to initials."""

import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import CaseEvent, Consent, Referral
from outbox.models import Email
from tests.factories import CaseFactory, ConsentFactory, JointPlanFactory, OrganisationFactory
from tests.helpers import error_codes
from tests.partners.conftest import link_in, send

TODAY = timezone.localdate()


@pytest.fixture
def unconsented(case):
    case.consents.all().delete()
    return case


def test_sending_is_refused_without_consent(unconsented, referral):
    with pytest.raises(ValidationError) as refused:
        send(referral)
    assert refused.value.code == "consent_missing"
    assert Referral.objects.get().status == "draft"
    assert not Email.objects.exists()


def test_a_consent_to_another_organisation_does_not_cover_this_one(unconsented, referral):
    ConsentFactory(case=unconsented, recipient="organisation", organisation=OrganisationFactory(name="Caritas"))
    with pytest.raises(ValidationError) as refused:
        send(referral)
    assert refused.value.code == "consent_missing"
    assert referral.opportunity.organisation.name in refused.value.messages[0]


def test_a_consent_to_this_organisation_lets_it_go(unconsented, referral, oratorio):
    ConsentFactory(case=unconsented, recipient="organisation", organisation=oratorio)
    assert send(referral).status == "sent"


def test_a_consent_to_a_plans_partners_covers_them_only(unconsented, referral, oratorio, worker):
    plan = JointPlanFactory(case=unconsented)
    ConsentFactory(case=unconsented, recipient="plan_partners", plan=plan)
    with pytest.raises(ValidationError):
        send(referral)
    services.add_partner(plan=plan, actor=worker, organisation=oratorio, role="Doposcuola")
    assert send(referral).status == "sent"


def test_a_withdrawn_consent_blocks_new_sends(unconsented, referral, worker):
    consent = ConsentFactory(case=unconsented)
    services.withdraw_consent(consent=consent, actor=worker, withdrawn_on=TODAY)
    with pytest.raises(ValidationError) as refused:
        send(referral)
    assert refused.value.code == "consent_missing"


def test_after_a_withdrawal_the_page_already_sent_shows_initials(link, case, worker):
    client = Client()
    assert "Maria Bianchi" in client.get(link).content.decode()
    for consent in case.consents.all():
        services.withdraw_consent(consent=consent, actor=worker, withdrawn_on=TODAY)
    page = client.get(link).content.decode()
    assert "Bianchi" not in page and "M.B." in page
    # The organisation may still answer what it received.
    assert client.post(link, {"answer": "declined", "decline_category": "other"}).status_code == 302


def test_the_narrowest_consent_decides_name_or_initials(case, oratorio):
    assert case.shown_to_partner(oratorio) == "Maria Bianchi"
    ConsentFactory(case=case, recipient="organisation", organisation=oratorio, scope="initials")
    assert case.shown_to_partner(oratorio) == "M.B."
    assert case.shown_to_partner(OrganisationFactory()) == "Maria Bianchi"


def test_the_worker_records_and_withdraws_consents_from_the_case_page(worker_client, unconsented, oratorio):
    url = reverse("cases:consent_create", args=[unconsented.pk])
    assert worker_client.get(url).status_code == 200
    response = worker_client.post(
        url,
        {"recipient": "organisation", "organisation": oratorio.pk, "scope": "name", "given_on": TODAY.isoformat(),
         "method": "verbal", "witness": "Paola Righi"},
    )  # fmt: skip
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert (consent.organisation, consent.scope, consent.witness) == (oratorio, "name", "Paola Righi")
    page = worker_client.get(unconsented.get_absolute_url()).content.decode()
    assert oratorio.name in page and "Paola Righi" in page

    withdraw = reverse("cases:consent_withdraw", args=[consent.pk])
    assert worker_client.post(withdraw, {"withdrawn_on": TODAY.isoformat()}).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY
    kinds = list(CaseEvent.objects.filter(case=unconsented).values_list("kind", flat=True))
    assert {"consent_given", "consent_withdrawn"} <= set(kinds)
    # Withdrawn twice: refused, nothing changes.
    again = worker_client.post(withdraw, {"withdrawn_on": TODAY.isoformat()})
    assert error_codes(again, "withdraw_form") == {"__all__": ["already_withdrawn"]}


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"recipient": "organisation"}, {"organisation": ["organisation_required"]}),
        ({"recipient": "plan_partners"}, {"plan": ["plan_required"]}),
        ({"method": "verbal"}, {"witness": ["witness_required"]}),
        ({"method": "recorded_before"}, {"method": ["invalid_choice"]}),
        ({"given_on": (TODAY + timedelta(days=1)).isoformat()}, {"given_on": ["future_date"]}),
    ],
)
def test_a_consent_must_say_whom_how_and_when(worker_client, unconsented, data, errors):
    valid = {"recipient": "any_partner", "scope": "initials", "given_on": TODAY.isoformat(), "method": "signed_form"}
    response = worker_client.post(reverse("cases:consent_create", args=[unconsented.pk]), {**valid, **data})
    assert error_codes(response) == errors
    assert "Nulla è stato salvato" in response.content.decode()
    assert not Consent.objects.exists()


def test_a_plan_of_another_case_is_refused(worker_client, unconsented, worker):
    other_plan = JointPlanFactory(case=CaseFactory(person__team=worker.team, responsible=worker))
    data = {"recipient": "plan_partners", "plan": other_plan.pk, "scope": "initials", "method": "signed_form",
            "given_on": TODAY.isoformat()}  # fmt: skip
    response = worker_client.post(reverse("cases:consent_create", args=[unconsented.pk]), data)
    assert "invalid_choice" in error_codes(response)["plan"]
    assert not unconsented.consents.exists()


def test_a_withdrawal_cannot_come_before_the_consent(worker, case):
    consent = case.consents.get()
    with pytest.raises(ValidationError) as refused:
        services.withdraw_consent(consent=consent, actor=worker, withdrawn_on=consent.given_on - timedelta(days=1))
    assert refused.value.error_dict["withdrawn_on"][0].code == "date_before_previous"


def test_another_team_cannot_record_or_withdraw(other_team_client, case):
    consent = case.consents.get()
    assert other_team_client.get(reverse("cases:consent_create", args=[case.pk])).status_code == 404
    assert other_team_client.post(reverse("cases:consent_withdraw", args=[consent.pk])).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_the_consent_history_is_in_the_persons_export(worker_client, case, worker, oratorio):
    ConsentFactory(case=case, recipient="organisation", organisation=oratorio, scope="initials", notes="Solo oratorio")
    services.withdraw_consent(consent=case.consents.get(scope="name"), actor=worker, withdrawn_on=TODAY)
    dossier = json.loads(worker_client.get(reverse("cases:person_export_json", args=[case.person.pk])).content)
    consents = dossier["cases"][0]["consents"]
    assert len(consents) == 2
    to_oratorio = [c for c in consents if c["to"] == oratorio.name]
    assert [(c["notes"], c["withdrawn_on"]) for c in to_oratorio] == [("Solo oratorio", None)]
    assert [c["withdrawn_on"] for c in consents if c["to"] != oratorio.name] == [TODAY.isoformat()]
    assert worker_client.get(reverse("cases:person_export_pdf", args=[case.person.pk])).status_code == 200


def test_the_link_page_after_the_referral_went_with_consent_to_this_organisation_only(unconsented, referral, oratorio):
    ConsentFactory(
        case=unconsented, recipient="organisation", organisation=oratorio, scope="name", given_on=date(2026, 1, 1)
    )
    send(referral)
    page = Client().get(link_in(Email.objects.get().body)).content.decode()
    assert "Maria Bianchi" in page
