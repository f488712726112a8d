"""The receiving organisation answers a referral from the e-mailed link, with no account."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from cases.models import CaseEvent, Referral, ReferralTransition
from notifications.models import Notification
from outbox.models import Email
from outbox.services import deliver_due
from partners.models import PartnerLink
from tests.factories import ContactFactory
from tests.helpers import error_codes
from tests.partners.conftest import link_in, send

TOMORROW = (timezone.localdate() + timedelta(days=1)).isoformat()


@pytest.fixture
def anonymous(db):
    return Client()


def test_sending_e_mails_the_liaison_in_italian_with_a_link(sent, liaison, worker):
    assert deliver_due()["sent"] == 1
    message = mail.outbox[0]
    assert message.to == ["chiara@oratorio.example.it"]
    body = message.body
    assert "Doposcuola elementari" in message.subject
    assert "M.B." in body and "Bianchi" not in body
    assert str(worker) in body and worker.email in body
    path = link_in(body)
    assert path.startswith("/collegamento/invio/")
    # Only the hash is stored: the token in the e-mail is nowhere in the database.
    token = path.rstrip("/").rsplit("/", 1)[1]
    link = PartnerLink.objects.get()
    assert token not in link.token_hash and len(link.token_hash) == 64
    assert (link.referral, link.contact, link.address) == (sent, liaison, liaison.email)
    assert link.expires_at - link.created_at == timedelta(days=30)


def test_the_page_shows_what_the_consent_allows_and_the_worker(anonymous, link, worker):
    response = anonymous.get(link)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Maria Bianchi" in page
    assert "Doposcuola elementari" in page and "Maria arriva con la mamma il lunedì." in page
    assert str(worker) in page and worker.email in page
    assert response.context["referral"].answers[0].value == "accepted"


def test_accepting_with_a_start_date_is_on_the_timeline_attributed_to_the_contact(
    anonymous, link, sent, liaison, worker
):
    starts = timezone.localdate() + timedelta(days=7)
    response = anonymous.post(link, {"answer": "accepted", "starts_on": starts.isoformat()})
    assert response.status_code == 302 and response.url == link

    sent.refresh_from_db()
    assert (sent.status, sent.starts_on) == ("accepted", starts)
    step = ReferralTransition.objects.get(to_status="accepted")
    assert (step.actor, step.contact) == (None, liaison)
    assert step.author == f"{liaison} ({liaison.organisation})"
    event = CaseEvent.objects.get(kind="referral_status", data__to="accepted")
    assert (event.actor, event.contact) == (None, liaison)
    notification = Notification.objects.get(user=worker)
    assert notification.kind == "referral_answered"
    assert "Oratorio San Vittore" in notification.message() and "M.B." in notification.message()
    # The page now offers the next step only.
    again = anonymous.get(link)
    assert [answer.value for answer in again.context["referral"].answers] == ["in_progress"]


def test_accepting_needs_a_start_date(anonymous, link, sent):
    response = anonymous.post(link, {"answer": "accepted"})
    assert response.status_code == 200
    assert error_codes(response) == {"starts_on": ["start_required"]}
    assert Referral.objects.get().status == "sent"


def test_declining_takes_a_reason_from_the_list_and_words(anonymous, link, sent):
    assert error_codes(anonymous.post(link, {"answer": "declined", "note": "Pieno"})) == {
        "decline_category": ["reason_required"]
    }
    anonymous.post(link, {"answer": "declined", "decline_category": "no_places", "note": "Riproviamo a settembre"})
    sent.refresh_from_db()
    assert (sent.status, sent.decline_category, sent.decline_reason) == (
        "declined",
        "no_places",
        "Riproviamo a settembre",
    )
    # Declined is final: nothing more to answer.
    assert anonymous.get(link).context["referral"].answers == ()


def test_the_whole_path_from_the_same_link(anonymous, link, sent, liaison):
    anonymous.post(link, {"answer": "accepted", "starts_on": TOMORROW})
    anonymous.post(link, {"answer": "in_progress"})
    assert error_codes(anonymous.post(link, {"answer": "completed"})) == {"note": ["outcome_required"]}
    anonymous.post(link, {"answer": "completed", "note": "Anno concluso bene"})
    sent.refresh_from_db()
    assert (sent.status, sent.outcome) == ("completed", "Anno concluso bene")
    steps = list(ReferralTransition.objects.filter(contact=liaison).values_list("to_status", flat=True))
    assert steps == ["accepted", "in_progress", "completed"]


def test_an_answer_out_of_turn_is_refused_with_the_current_state(anonymous, link, sent):
    response = anonymous.post(link, {"answer": "completed", "note": "Finito"})
    assert error_codes(response) == {"__all__": ["already_answered"]}
    anonymous.post(link, {"answer": "accepted", "starts_on": TOMORROW})
    response = anonymous.post(link, {"answer": "declined", "decline_category": "other"})
    assert error_codes(response) == {"__all__": ["already_answered"]}
    assert Referral.objects.get().status == "accepted"


def test_a_partner_cannot_withdraw_or_send(anonymous, link, sent):
    response = anonymous.post(link, {"answer": "withdrawn"})
    assert error_codes(response) == {"answer": ["invalid_choice"]}
    assert Referral.objects.get().status == "sent"


def test_every_use_is_audited_with_the_contact_and_the_address(link, sent, liaison):
    client = Client(REMOTE_ADDR="203.0.113.7")
    client.get(link)
    client.post(link, {"answer": "accepted", "starts_on": TOMORROW})
    uses = AuditEvent.objects.filter(action="link_used").order_by("pk")
    assert [event.changes["step"] for event in uses] == ["open", "accepted"]
    for event in uses:
        assert (event.ip, event.user, event.changes["who"]) == (
            "203.0.113.7",
            None,
            "Chiara Galli (Oratorio San Vittore)",
        )
        assert (event.object_type, event.object_id) == ("cases.referral", str(sent.pk))
        assert event.subject_person_id == sent.case.person_id
    assert PartnerLink.objects.get().uses == 2


def test_without_a_liaison_the_contact_marked_for_referrals_gets_it(referral, oratorio):
    referral.opportunity.liaison = None
    referral.opportunity.save()
    ContactFactory(organisation=oratorio, email="", receives_referrals=True)  # no address: skipped
    desk = ContactFactory(organisation=oratorio, email="segreteria@oratorio.example.it", receives_referrals=True)
    send(referral)
    assert Email.objects.get(kind="referral_partner").address == desk.email


def test_without_anyone_to_tell_the_referral_is_sent_all_the_same(referral):
    referral.opportunity.liaison = None
    referral.opportunity.save()
    send(referral)
    assert Referral.objects.get().status == "sent"
    assert not Email.objects.filter(kind="referral_partner").exists()
    assert not PartnerLink.objects.exists()


def test_the_worker_sees_the_link_and_resends_it_replacing_the_old_one(worker_client, anonymous, sent, link):
    from django.urls import reverse

    page = worker_client.get(reverse("partners:referral_access", args=[sent.pk]))
    assert page.status_code == 200 and "chiara@oratorio.example.it" in page.content.decode()
    worker_client.post(reverse("partners:referral_resend", args=[sent.pk]))
    assert anonymous.get(link).status_code == 404
    new = link_in(Email.objects.filter(kind="referral_partner").latest("pk").body)
    assert new != link and anonymous.get(new).status_code == 200
    assert list(PartnerLink.objects.values_list("revoked_reason", flat=True).order_by("pk")) == ["replaced", ""]


def test_the_worker_revokes_the_links(worker_client, anonymous, sent, link):
    from django.urls import reverse

    worker_client.post(reverse("partners:referral_revoke", args=[sent.pk]))
    assert anonymous.get(link).status_code == 404
    assert PartnerLink.objects.get().revoked_reason == "worker"


def test_another_team_cannot_see_resend_or_revoke(other_team_client, anonymous, sent, link):
    from django.urls import reverse

    for method, name in [("get", "referral_access"), ("post", "referral_resend"), ("post", "referral_revoke")]:
        assert getattr(other_team_client, method)(reverse(f"partners:{name}", args=[sent.pk])).status_code == 404
    assert anonymous.get(link).status_code == 200
    assert AuditEvent.objects.filter(action="denied", object_type="cases.referral").count() == 3


def test_resending_a_closed_referral_is_refused(worker_client, sent):
    from django.urls import reverse

    Referral.objects.filter(pk=sent.pk).update(status="withdrawn")
    response = worker_client.post(reverse("partners:referral_resend", args=[sent.pk]), follow=True)
    assert Email.objects.filter(kind="referral_partner").count() == 1
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_a_link_to_a_new_liaison_replaces_the_one_to_the_old(anonymous, sent, link, oratorio):
    from partners.services import resend_referral

    opportunity = sent.opportunity
    opportunity.liaison = ContactFactory(organisation=oratorio, email="nuova@oratorio.example.it")
    opportunity.save()
    resend_referral(referral=sent, actor=sent.case.responsible)
    assert anonymous.get(link).status_code == 404
    assert PartnerLink.objects.live().get().address == "nuova@oratorio.example.it"


def test_the_persons_export_names_who_opened_the_link(worker_client, anonymous, sent, link):
    import json

    from django.urls import reverse

    anonymous.get(link)
    dossier = json.loads(worker_client.get(reverse("cases:person_export_json", args=[sent.case.person_id])).content)
    assert "Chiara Galli (Oratorio San Vittore)" in {access["who"] for access in dossier["accesses"]}


@pytest.mark.parametrize("rows", [1, 20])
def test_the_link_page_and_the_workers_page_take_a_fixed_number_of_queries(
    anonymous, worker_client, sent, link, django_assert_max_num_queries, rows
):
    from django.urls import reverse

    from partners.services import resend_referral
    from tests.factories import ConsentFactory

    for _ in range(rows):
        resend_referral(referral=sent, actor=sent.case.responsible)
        ConsentFactory(case=sent.case, recipient="organisation", organisation=sent.opportunity.organisation)
    current = link_in(Email.objects.filter(kind="referral_partner").latest("pk").body)
    with django_assert_max_num_queries(12):
        assert anonymous.get(current).status_code == 200
    with django_assert_max_num_queries(14):
        assert worker_client.get(reverse("partners:referral_access", args=[sent.pk])).status_code == 200
