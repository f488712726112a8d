"""Forbidden looks like not found: another team's records answer 404 on every URL."""

import pytest
from django.urls import reverse

from accounts.roles import PARTNER
from audit.models import AuditEvent
from cases.models import Case, CaseEvent, Person, Referral
from partners.models import PartnerAccount
from tests.factories import CaseFactory, ContactFactory, JointPlanFactory, ReferralFactory, UserFactory


@pytest.fixture
def sara_records(worker):
    case = CaseFactory(person__team=worker.team, responsible=worker)
    referral = ReferralFactory(case=case)
    plan = JointPlanFactory(case=case)
    objective = plan.objectives.create(description="Frequenza", indicator="80%")
    return {
        "case": case,
        "person": case.person,
        "referral": referral,
        "plan": plan,
        "objective": objective,
        "consent": case.consents.get(),
    }


def record_urls(records):
    case, person, referral, plan = records["case"], records["person"], records["referral"], records["plan"]
    return [
        ("get", reverse("cases:case_detail", args=[case.pk])),
        ("get", reverse("cases:case_suggestions", args=[case.pk])),
        ("post", reverse("cases:offer_use_create", args=[case.pk])),
        ("get", reverse("cases:case_update", args=[case.pk])),
        ("post", reverse("cases:case_update", args=[case.pk])),
        ("post", reverse("cases:case_status", args=[case.pk])),
        ("post", reverse("cases:note_create", args=[case.pk])),
        ("get", reverse("cases:referral_create", args=[case.pk])),
        ("post", reverse("cases:referral_create", args=[case.pk])),
        ("get", reverse("cases:plan_create", args=[case.pk])),
        ("post", reverse("cases:plan_create", args=[case.pk])),
        ("get", reverse("cases:person_detail", args=[person.pk])),
        ("get", reverse("cases:person_update", args=[person.pk])),
        ("post", reverse("cases:person_update", args=[person.pk])),
        ("get", reverse("cases:case_create", args=[person.pk])),
        ("post", reverse("cases:case_create", args=[person.pk])),
        ("get", reverse("cases:referral_detail", args=[referral.pk])),
        ("post", reverse("cases:referral_transition", args=[referral.pk])),
        ("get", reverse("cases:plan_detail", args=[plan.pk])),
        ("post", reverse("cases:partner_add", args=[plan.pk])),
        ("post", reverse("cases:objective_add", args=[plan.pk])),
        ("post", reverse("cases:review_add", args=[plan.pk])),
        ("get", reverse("cases:meeting_create", args=[plan.pk])),
        ("post", reverse("cases:meeting_create", args=[plan.pk])),
        ("post", reverse("cases:objective_status", args=[records["objective"].pk])),
        # Issue 13: the consents, and the organisation's access to the referral.
        ("get", reverse("cases:consent_create", args=[case.pk])),
        ("post", reverse("cases:consent_create", args=[case.pk])),
        ("post", reverse("cases:consent_withdraw", args=[records["consent"].pk])),
        ("get", reverse("partners:referral_access", args=[referral.pk])),
        ("post", reverse("partners:referral_resend", args=[referral.pk])),
        ("post", reverse("partners:referral_revoke", args=[referral.pk])),
    ]


def test_another_team_gets_404_on_every_record_url(other_team_client, sara_records):
    for method, url in record_urls(sara_records):
        response = getattr(other_team_client, method)(url, {"to_status": "sent", "occurred_on": "2026-02-01"})
        assert response.status_code == 404, (method, url)
    referral = Referral.objects.get()
    assert referral.status == "draft"
    assert CaseEvent.objects.count() == 0


def test_every_refusal_on_a_record_url_is_in_the_audit_trail(other_team_client, other_team_worker, sara_records):
    for method, url in record_urls(sara_records):
        before = AuditEvent.objects.filter(action="denied").count()
        getattr(other_team_client, method)(url, {"to_status": "sent", "occurred_on": "2026-02-01"})
        denied = AuditEvent.objects.filter(action="denied").order_by("-pk")
        assert denied.count() == before + 1, (method, url)
        assert (denied[0].user, denied[0].allowed) == (other_team_worker, False)


@pytest.fixture
def partner_client(client, sara_records):
    """Someone at the organisation the referral goes to, with a partner account: no case is theirs."""
    organisation = sara_records["referral"].opportunity.organisation
    user = UserFactory(username="partner", team=None, role=PARTNER)
    PartnerAccount.objects.create(user=user, contact=ContactFactory(organisation=organisation))
    client.force_login(user)
    return client


def test_a_partner_gets_404_on_every_record_url_and_each_refusal_is_audited(partner_client, sara_records):
    for method, url in record_urls(sara_records):
        before = AuditEvent.objects.filter(action="denied").count()
        response = getattr(partner_client, method)(url, {"to_status": "sent", "occurred_on": "2026-02-01"})
        assert response.status_code == 404, (method, url)
        denied = AuditEvent.objects.filter(action="denied").order_by("-pk")
        assert denied.count() == before + 1, (method, url)
        assert (denied[0].username, denied[0].allowed) == ("partner", False)
    assert Referral.objects.get().status == "draft"
    assert CaseEvent.objects.count() == 0


def test_the_owner_team_reaches_every_record_url(worker_client, sara_records):
    for method, url in record_urls(sara_records):
        if method == "get":
            assert worker_client.get(url).status_code == 200, url


def test_another_team_sees_nothing_in_lists_and_search(other_team_client, sara_records):
    person = sara_records["person"]
    cases = other_team_client.get(reverse("cases:case_list"), {"mine": "false", "q": person.last_name})
    people = other_team_client.get(reverse("cases:person_list"), {"q": person.last_name})
    follow_ups = other_team_client.get(reverse("cases:follow_ups"), {"mine": "false"})
    assert list(cases.context["page"].object_list) == []
    assert list(people.context["page"].object_list) == []
    assert list(follow_ups.context["referrals"]) == []
    assert person.get_absolute_url() not in people.content.decode()


def test_an_administrator_without_a_team_reads_no_case(client, sara_records):
    client.force_login(UserFactory(username="root", team=None, is_staff=True, is_superuser=True))
    assert client.get(reverse("cases:case_detail", args=[sara_records["case"].pk])).status_code == 404
    assert list(client.get(reverse("cases:case_list"), {"mine": "false"}).context["page"].object_list) == []


def test_a_signed_in_user_without_a_role_reads_no_case(no_role_client, sara_records):
    assert no_role_client.get(reverse("cases:case_detail", args=[sara_records["case"].pk])).status_code == 404


def test_anonymous_is_sent_to_login_everywhere(client, sara_records):
    urls = [url for _, url in record_urls(sara_records)] + [
        reverse("cases:case_list"),
        reverse("cases:follow_ups"),
        reverse("cases:person_list"),
        reverse("cases:person_create"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert reverse("login") in response.url


def test_case_records_are_not_in_the_django_admin(client, db):
    """The admin is for accounts and the directory: case content stays out of it."""
    from django.contrib import admin

    for model in (Person, Case, Referral):
        assert not admin.site.is_registered(model)
