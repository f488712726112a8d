"""A partner's account reaches its portal and nothing else: 404 on every page of the service, and every
model's `visible_to` gives it nothing but what is its own."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import PARTNER, SOCIAL_WORKER
from audit.models import AuditEvent
from cases.services import transition_referral
from community.models import ActionItem, MinutesVersion
from core.personal_data import our_models
from notifications.services import notify
from partners.models import PartnerAccount
from tests.factories import (
    CaseFactory,
    CommunityActionFactory,
    ContactFactory,
    JointPlanFactory,
    MeetingFactory,
    OpportunityFactory,
    OrganisationFactory,
    ProtocolFactory,
    ReferralFactory,
    TableMemberFactory,
    UserFactory,
)


@pytest.fixture
def the_service(worker, coordinator, oratorio, opportunity, sent):
    """A little of everything: the oratorio's referral and table, another organisation's records."""
    other = OrganisationFactory(name="Altra associazione")
    other_opportunity = OpportunityFactory(organisation=other, liaison=ContactFactory(organisation=other))
    other_case = CaseFactory(person__team=worker.team, responsible=worker)
    other_referral = ReferralFactory(
        case=other_case, opportunity=other_opportunity, status_changed_on=timezone.localdate()
    )
    transition_referral(referral=other_referral, to_status="sent", actor=worker, occurred_on=timezone.localdate())
    JointPlanFactory(case=sent.case)
    meeting = MeetingFactory(table__coordinator=coordinator)
    member = TableMemberFactory(table=meeting.table, organisation=oratorio, citizen_name="")
    MinutesVersion.objects.create(meeting=meeting, number=1, minutes="Verbale", sent_by=coordinator)
    ActionItem.objects.create(meeting=meeting, description="Volantino", owner=member, due_on=timezone.localdate())
    CommunityActionFactory(organisations=[oratorio])
    ProtocolFactory(partners=[oratorio, other])
    return {"other": other, "other_opportunity": other_opportunity, "other_referral": other_referral}


SERVICE_PAGES = [
    "cases:case_list", "cases:follow_ups", "cases:person_list", "cases:person_create",
    "indicators:dashboard", "indicators:collaboration", "indicators:map", "indicators:network",
    "community:action_log", "community:action_create", "community:table_list", "community:table_create",
    "community:process_list", "community:dashboard", "community:minutes_to_review",
    "territory:organisation_list", "territory:opportunity_list", "territory:protocol_list", "territory:hsds_export",
    "territory:import_start", "audit:event_list", "audit:people_touched", "admin:index",
]  # fmt: skip


def test_a_partner_reaches_no_page_of_the_service(partner_client, partner_user, the_service):
    for name in SERVICE_PAGES:
        assert partner_client.get(reverse(name)).status_code == 404, name
    assert AuditEvent.objects.filter(action="denied", user=partner_user).count() == len(SERVICE_PAGES)


def test_a_partner_reaches_no_record_of_the_directory_not_even_their_own(partner_client, oratorio, the_service):
    other = the_service["other"]
    for url in (
        reverse("territory:organisation_detail", args=[oratorio.pk]),
        reverse("territory:organisation_detail", args=[other.pk]),
        reverse("territory:organisation_update", args=[other.pk]),
        reverse("territory:opportunity_detail", args=[the_service["other_opportunity"].pk]),
        reverse("indicators:organisation_collaboration", args=[oratorio.pk]),
        reverse("cases:referral_detail", args=[the_service["other_referral"].pk]),
        reverse("portal:referral", args=[the_service["other_referral"].pk]),
    ):
        assert partner_client.get(url).status_code == 404, url


def test_the_bell_the_language_and_signing_out_stay_open(partner_client):
    assert partner_client.get(reverse("notifications:list")).status_code == 200
    assert partner_client.post(reverse("set_language"), {"language": "en", "next": "/portale/"}).status_code == 302
    assert partner_client.post(reverse("logout")).status_code == 302


def test_without_the_fence_the_pages_still_show_a_partner_nothing(client, settings, partner_user, the_service, sent):
    """Defence in depth: the fence answers 404 first, but the querysets alone already refuse."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "partners.middleware.PartnerFenceMiddleware"]
    client.force_login(partner_user)
    assert client.get(reverse("cases:referral_detail", args=[sent.pk])).status_code == 404
    assert client.get(reverse("cases:case_detail", args=[sent.case_id])).status_code == 404
    assert list(client.get(reverse("cases:case_list"), {"mine": "false"}).context["page"].object_list) == []
    assert client.get(reverse("territory:organisation_detail", args=[the_service["other"].pk])).status_code == 404
    assert client.get(reverse("indicators:dashboard")).status_code == 403
    assert client.get(reverse("audit:event_list")).status_code == 403


# What a partner may see through the generic access rule: their own account and notifications, nothing else.
OWN = {"partners.partneraccount", "notifications.notification"}


def test_every_models_visible_to_gives_a_partner_only_their_own(partner_user, the_service, worker):
    notify(user=partner_user, kind="import_finished", params={"what": "x", "outcome": "ok"})
    notify(user=worker, kind="import_finished", params={"what": "x", "outcome": "ok"})
    colleague = UserFactory(username="altro.partner", team=None, role=PARTNER)
    PartnerAccount.objects.create(user=colleague, contact=ContactFactory())
    checked = []
    for model in our_models():
        manager = model._default_manager
        if not hasattr(manager, "visible_to") or not manager.exists():
            continue
        seen = manager.visible_to(partner_user)
        label = model._meta.label_lower
        checked.append(label)
        if label == "partners.partneraccount":
            assert list(seen) == [partner_user.partner_account], label
        elif label == "notifications.notification":
            assert {n.user_id for n in seen} == {partner_user.pk}, label
        else:
            assert not seen.exists(), label
    # The walk covered the service's records, not an empty database.
    assert {"cases.case", "cases.referral", "cases.consent", "territory.organisation", "territory.contact",
            "community.table", "community.meeting", "community.minutesversion", "community.actionitem",
            "partners.partnerlink", "outbox.email"} <= set(checked)  # fmt: skip


def test_a_worker_still_sees_the_service(worker, the_service):
    from cases.models import Referral

    assert Referral.objects.visible_to(worker).count() == 2
    assert UserFactory(username="collega", role=SOCIAL_WORKER, team=worker.team).has_perm("cases.view_case")


def test_a_partner_is_no_worker_for_the_service_pages(partner_user):
    from community.forms import workers

    assert partner_user not in workers()
