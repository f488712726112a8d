"""The partner portal: the referrals addressed to the organisation, answered there; its own listing; its
tables and their minutes. Nothing of another organisation."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from cases.models import Referral, ReferralTransition
from community.models import MinutesVersion
from notifications.models import Notification
from tests.factories import (
    CaseFactory,
    ContactFactory,
    MeetingFactory,
    OpportunityFactory,
    OrganisationFactory,
    ReferralFactory,
    TableMemberFactory,
)
from tests.helpers import error_codes
from tests.partners.conftest import send

TOMORROW = (timezone.localdate() + timedelta(days=1)).isoformat()


def test_a_partner_signing_in_lands_in_the_portal(partner_client):
    response = partner_client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("portal:home")


def test_the_portal_lists_every_sent_referral_to_the_organisation(partner_client, worker, opportunity, case):
    statuses = ["sent", "accepted", "declined", "in_progress", "completed", "withdrawn"]
    for status in ["draft", *statuses]:
        ReferralFactory(case=case, opportunity=opportunity, status=status, decline_reason="x", outcome="x")
    elsewhere = ReferralFactory(case=case, status="sent")
    response = partner_client.get(reverse("portal:home"))
    listed = response.context["referrals"]
    assert sorted(referral.status for referral in listed) == sorted(statuses)
    assert elsewhere.pk not in {referral.pk for referral in listed}


def test_the_partner_answers_from_the_portal_signed_with_their_contact(partner_client, partner_user, sent, worker):
    url = reverse("portal:referral", args=[sent.pk])
    page = partner_client.get(url)
    assert page.status_code == 200 and "Maria Bianchi" in page.content.decode()
    assert error_codes(partner_client.post(url, {"answer": "accepted"})) == {"starts_on": ["start_required"]}
    assert partner_client.post(url, {"answer": "accepted", "starts_on": TOMORROW}).status_code == 302
    step = ReferralTransition.objects.get(to_status="accepted")
    assert (step.actor, step.contact) == (partner_user, partner_user.partner_account.contact)
    assert Notification.objects.get(user=worker).kind == "referral_answered"
    assert AuditEvent.objects.filter(action="read", user=partner_user, object_type="cases.referral").exists()


def test_another_organisations_referral_is_a_404_and_audited(partner_client, partner_user, case):
    other = ReferralFactory(case=case, status="sent")
    url = reverse("portal:referral", args=[other.pk])
    assert partner_client.get(url).status_code == 404
    assert partner_client.post(url, {"answer": "declined", "decline_category": "other"}).status_code == 404
    assert Referral.objects.get(pk=other.pk).status == "sent"
    assert AuditEvent.objects.filter(action="denied", user=partner_user, object_id=str(other.pk)).count() == 2


def test_a_draft_is_not_yet_the_organisations(partner_client, referral):
    assert partner_client.get(reverse("portal:referral", args=[referral.pk])).status_code == 404


def test_the_partner_keeps_the_listing_and_verifies_it(partner_client, oratorio, liaison, opportunity):
    assert partner_client.get(reverse("portal:listing")).status_code == 200
    response = partner_client.post(
        reverse("portal:listing_edit"),
        {"address": "Via Madonna 67", "postcode": "20017", "email": "info@oratorio.example.it", "phone": "02 123",
         "website": "oratorio.example.it", "edited_version": oratorio.version},
    )  # fmt: skip
    assert response.status_code == 302
    oratorio.refresh_from_db()
    assert (oratorio.address, oratorio.website) == ("Via Madonna 67", "https://oratorio.example.it")
    partner_client.post(reverse("portal:contact_edit", args=[liaison.pk]), {
        "first_name": "Chiara", "last_name": "Galli", "email": "chiara@oratorio.example.it", "receives_referrals": "on",
        "active": "on",
    })  # fmt: skip
    liaison.refresh_from_db()
    assert liaison.receives_referrals
    partner_client.post(
        reverse("portal:contact_create"), {"first_name": "Nuovo", "last_name": "Volontario", "active": "on"}
    )
    assert oratorio.contacts.filter(last_name="Volontario").exists()
    partner_client.post(
        reverse("portal:opportunity_create"),
        {"title": "Oratorio estivo", "kind": "after_school", "active": "on", "liaison": liaison.pk},
    )
    assert oratorio.opportunities.filter(title="Oratorio estivo", liaison=liaison).exists()
    assert partner_client.post(reverse("portal:listing_verify")).status_code == 302
    oratorio.refresh_from_db()
    assert oratorio.verified_on == timezone.localdate()


def test_the_partner_edits_nothing_of_another_organisation(partner_client, partner_user):
    other = OrganisationFactory()
    contact = ContactFactory(organisation=other, last_name="Estraneo")
    opportunity = OpportunityFactory(organisation=other, title="Altrui")
    assert partner_client.get(reverse("portal:contact_edit", args=[contact.pk])).status_code == 404
    data = {"first_name": "X", "last_name": "Y", "active": "on"}
    assert partner_client.post(reverse("portal:contact_edit", args=[contact.pk]), data).status_code == 404
    assert partner_client.get(reverse("portal:opportunity_edit", args=[opportunity.pk])).status_code == 404
    contact.refresh_from_db()
    assert contact.last_name == "Estraneo"
    # Their own opportunity cannot take another organisation's contact as liaison.
    response = partner_client.post(
        reverse("portal:opportunity_create"), {"title": "T", "kind": "after_school", "liaison": contact.pk}
    )
    assert error_codes(response) == {"liaison": ["invalid_choice"]}


def test_bad_input_in_the_listing_is_re_rendered(partner_client, oratorio):
    response = partner_client.post(reverse("portal:listing_edit"), {"postcode": "abc", "email": "nope"})
    assert response.status_code == 200
    assert set(error_codes(response)) == {"postcode", "email"}
    assert "Nulla è stato salvato" in response.content.decode()


def test_the_partner_reads_the_minutes_of_their_tables_only(partner_client, oratorio, coordinator):
    mine = MeetingFactory(table__coordinator=coordinator)
    TableMemberFactory(table=mine.table, organisation=oratorio, citizen_name="")
    theirs = MeetingFactory(table__coordinator=coordinator)
    versions = [
        MinutesVersion.objects.create(meeting=meeting, number=1, minutes=f"Verbale {n}", sent_by=coordinator)
        for n, meeting in enumerate([mine, theirs])
    ]
    tables = partner_client.get(reverse("portal:tables"))
    assert [table.pk for table in tables.context["tables"]] == [mine.table_id]
    assert "Verbale 0" in partner_client.get(reverse("portal:minutes", args=[versions[0].pk])).content.decode()
    assert partner_client.get(reverse("portal:minutes", args=[versions[1].pk])).status_code == 404


def test_the_portal_is_a_404_for_workers(worker_client):
    for name in ("home", "listing", "tables"):
        assert worker_client.get(reverse(f"portal:{name}")).status_code == 404


def test_state_changes_need_post(partner_client):
    assert partner_client.get(reverse("portal:listing_verify")).status_code == 405


@pytest.mark.parametrize("rows", [1, 20])
def test_the_portal_lists_take_a_fixed_number_of_queries(
    partner_client, oratorio, opportunity, worker, coordinator, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        case = CaseFactory(person__team=worker.team, responsible=worker)
        ReferralFactory(case=case, opportunity=opportunity, status="sent")
        ContactFactory(organisation=oratorio)
        OpportunityFactory(organisation=oratorio, liaison=ContactFactory(organisation=oratorio))
        meeting = MeetingFactory(table__coordinator=coordinator)
        TableMemberFactory(table=meeting.table, organisation=oratorio, citizen_name="")
        MinutesVersion.objects.create(meeting=meeting, number=1, minutes="Verbale", sent_by=coordinator)
    for name in ("home", "listing", "tables"):
        with django_assert_max_num_queries(12):
            assert partner_client.get(reverse(f"portal:{name}")).status_code == 200


def test_answering_from_the_portal_and_from_the_link_is_the_same_referral(partner_client, referral, liaison):
    send(referral)
    url = reverse("portal:referral", args=[referral.pk])
    partner_client.post(url, {"answer": "accepted", "starts_on": TOMORROW})
    assert [a.value for a in partner_client.get(url).context["referral"].answers] == ["in_progress"]


@pytest.mark.parametrize("rows", [1, 20])
def test_the_portal_referral_page_takes_a_fixed_number_of_queries(
    partner_client, sent, django_assert_max_num_queries, rows
):
    from tests.factories import ConsentFactory

    for _ in range(rows):
        ConsentFactory(case=sent.case, recipient="organisation", organisation=sent.opportunity.organisation)
        ReferralFactory(case=sent.case, opportunity=sent.opportunity, status="sent")
    with django_assert_max_num_queries(14):
        assert partner_client.get(reverse("portal:referral", args=[sent.pk])).status_code == 200
