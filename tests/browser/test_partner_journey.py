"""Issue 13's story in a browser: a worker sends a referral; the receiving organisation, with no account,
opens the link from the e-mail in the demo mailbox and accepts; the worker sees it on the timeline and in
the bell."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import ADMIN, SOCIAL_WORKER
from tests.browser.conftest import code_for
from tests.factories import CaseFactory, ContactFactory, OpportunityFactory, ReferralFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_partner_accepts_a_referral_from_the_e_mailed_link(login, live_server, page, browser):
    team = TeamFactory(name="Équipe Nord")
    worker = UserFactory(username="sara", team=team, role=SOCIAL_WORKER)
    UserFactory(username="amministratore", team=None, role=ADMIN)
    case = CaseFactory(person__team=team, person__first_name="Maria", person__last_name="Bianchi", responsible=worker)
    opportunity = OpportunityFactory(title="Doposcuola elementari", organisation__name="Oratorio San Vittore")
    opportunity.liaison = ContactFactory(
        organisation=opportunity.organisation, first_name="Chiara", last_name="Galli", email="chiara@example.it"
    )
    opportunity.save()
    referral = ReferralFactory(
        case=case, opportunity=opportunity, partner_note="Arriva con la mamma.", status_changed_on=timezone.localdate()
    )

    # The worker sends the referral.
    login("sara")
    page.goto(live_server.url + referral.get_absolute_url())
    page.select_option("#id_to_status", "sent")
    page.fill("#id_occurred_on", timezone.localdate().isoformat())
    page.locator("#transition-heading + form button[type=submit]").click()
    expect(page.locator("h1 .badge")).to_have_text("Inviato")

    # The e-mail to the oratorio, as the demo mailbox shows it.
    mailbox = browser.new_context(locale="it-IT")
    admin = mailbox.new_page()
    admin.goto(live_server.url + "/accesso/")
    admin.fill("#id_login", "amministratore")
    admin.fill("#id_password", "password-di-prova")
    admin.click("#login-submit")
    # The administrator's role signs in with a second factor.
    admin.fill("#id_code", code_for("amministratore"))
    admin.click("button[type=submit]")
    admin.wait_for_url(live_server.url + "/")
    admin.goto(live_server.url + "/demo/posta/")
    admin.get_by_role("link", name=re.compile("Doposcuola elementari")).first.click()
    expect(admin.locator("pre")).to_contain_text("M.B.")
    href = admin.locator("pre a[href*='/collegamento/invio/']").get_attribute("href")
    mailbox.close()

    # Chiara, with no account, opens it and accepts.
    outside = browser.new_context(locale="it-IT")
    partner = outside.new_page()
    partner.goto(live_server.url + urlsplit(href).path)
    expect(partner.locator("#referral-person")).to_have_text("M.B.")
    expect(partner.locator("body")).to_contain_text("Arriva con la mamma.")
    expect(partner.locator("body")).not_to_contain_text("Bianchi")
    starts = (timezone.localdate() + timedelta(days=7)).isoformat()
    partner.fill("#form-accepted input[name=starts_on]", starts)
    partner.locator("#form-accepted button[type=submit]").click()
    expect(partner.locator("#referral-status")).to_have_text("Accettato")
    expect(partner.locator("#form-in_progress")).to_be_visible()
    outside.close()

    # The worker sees it on the timeline, signed by Chiara, and in the bell.
    page.goto(live_server.url + case.get_absolute_url())
    timeline = page.locator("#timeline-heading + ol")
    expect(timeline).to_contain_text("Inviato → Accettato")
    expect(timeline).to_contain_text("Chiara Galli (Oratorio San Vittore)")
    expect(page.locator("#bell-count")).to_contain_text("1")
    page.locator("#bell").click()
    item = page.locator("li", has_text="Doposcuola elementari")
    expect(item).to_contain_text("Oratorio San Vittore")
    expect(item).to_contain_text("M.B.")


def test_a_member_confirms_the_minutes_and_the_coordinator_sees_it(login, live_server, page, browser):
    from community.services import change_minutes_status
    from outbox.models import Email
    from tests.factories import MeetingFactory, TableFactory, TableMemberFactory
    from tests.partners.conftest import links_in

    coordinator = UserFactory(username="paola", team=TeamFactory(name="Équipe Nord"), role=SOCIAL_WORKER)
    meeting = MeetingFactory(table=TableFactory(coordinator=coordinator, name="Tavolo povertà educativa"))
    TableMemberFactory(table=meeting.table, citizen_name="Lucia Ferri", email="lucia@example.it")
    for status in ("in_review", "approved", "sent"):
        meeting = change_minutes_status(meeting=meeting, to_status=status, actor=coordinator)
    path = links_in(Email.objects.get(kind="minutes").body)[0]

    outside = browser.new_context(locale="it-IT")
    member = outside.new_page()
    member.goto(live_server.url + path)
    expect(member.locator("body")).to_contain_text("Il tavolo ha discusso delle attività estive.")
    member.locator("#confirm-minutes").click()
    expect(member.locator("#minutes-answer")).to_be_visible()
    outside.close()

    login("paola")
    page.goto(live_server.url + meeting.get_absolute_url())
    expect(page.locator("#answers")).to_contain_text("Lucia Ferri")
    expect(page.locator("#answers .badge.text-bg-success")).to_have_count(1)
