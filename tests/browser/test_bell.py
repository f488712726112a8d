"""A worker learns from the bell that someone else answered their referral, and opens it from there."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import COORDINATOR, SOCIAL_WORKER
from cases.services import transition_referral
from tests.factories import CaseFactory, OpportunityFactory, ReferralFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_bell_counts_an_answered_referral_and_opens_it(login, live_server, page):
    team = TeamFactory(name="Équipe Nord")
    worker = UserFactory(username="sara", team=team, role=SOCIAL_WORKER)
    coordinator = UserFactory(username="paola", team=team, role=COORDINATOR)
    case = CaseFactory(person__team=team, person__first_name="Maria", person__last_name="Bianchi", responsible=worker)
    referral = ReferralFactory(
        case=case,
        status="sent",
        status_changed_on=timezone.localdate(),
        opportunity=OpportunityFactory(title="Orti sociali"),
    )

    login("sara")
    expect(page.locator("#bell-count")).to_have_count(0)

    # Someone else records the organisation's answer.
    transition_referral(referral=referral, to_status="accepted", actor=coordinator, occurred_on=timezone.localdate())
    page.reload()
    expect(page.locator("#bell-count")).to_contain_text("1")

    page.locator("#bell").click()
    item = page.locator("li", has_text="Orti sociali")
    expect(item).to_contain_text("M.B.")
    expect(item).not_to_contain_text("Bianchi")
    item.get_by_role("button", name="Apri la scheda").click()

    page.wait_for_url(re.compile(rf"/casi/invii/{referral.pk}/$"))
    expect(page.locator("h1")).to_contain_text("Orti sociali")
    expect(page.locator("h1 .badge")).to_have_text("Accettato")
    expect(page.locator("#bell-count")).to_have_count(0)
