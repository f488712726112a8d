"""What a social worker, a coordinator and an admin do every day, in a real browser."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import ADMIN, COORDINATOR, SOCIAL_WORKER
from outbox.services import deliver_due
from tests.factories import (
    CaseFactory,
    ContactFactory,
    MeetingFactory,
    OpportunityFactory,
    OrganisationFactory,
    TableFactory,
    TableMemberFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_social_worker_sends_a_referral_through_its_whole_lifecycle(login, live_server, page):
    team = TeamFactory(name="Équipe Nord")
    worker = UserFactory(username="sara", team=team, role=SOCIAL_WORKER)
    case = CaseFactory(person__team=team, person__last_name="Bianchi", responsible=worker)
    opportunity = OpportunityFactory(title="Doposcuola medie Mazzo", organisation__name="Oratorio di Mazzo")

    login("sara")
    page.goto(live_server.url + case.get_absolute_url())
    page.get_by_role("link", name="Invia a un'opportunità").click()
    page.select_option("#id_kind", "referral")
    page.select_option("#id_opportunity", str(opportunity.pk))
    page.get_by_role("button", name="Predisponi l'invio").click()
    expect(page.locator("h1")).to_contain_text("Doposcuola medie Mazzo")

    today = timezone.localdate().isoformat()
    for status, note in [
        ("sent", ""),
        ("accepted", ""),
        ("in_progress", ""),
        ("completed", "Ha recuperato le insufficienze"),
    ]:
        page.select_option("#id_to_status", status)
        page.fill("#id_occurred_on", today)
        page.fill("#id_note", note)
        page.get_by_role("button", name="Registra").click()
        expect(page.locator(".alert-success")).to_be_visible()

    expect(page.locator("h1 .badge")).to_have_text("Concluso")
    page.goto(live_server.url + case.get_absolute_url())
    timeline = page.locator("#timeline-heading + ol")
    expect(timeline).to_contain_text("In corso → Concluso")
    expect(timeline).to_contain_text("Ha recuperato le insufficienze")


def test_a_coordinator_approves_and_sends_the_minutes(login, live_server, page, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    coordinator = UserFactory(username="paola", role=COORDINATOR)
    table = TableFactory(name="Tavolo povertà educativa", coordinator=coordinator)
    TableMemberFactory(table=table, citizen_name="Lucia Ferri", email="lucia@example.it")
    meeting = MeetingFactory(table=table, minutes_status="in_review")

    login("paola")
    page.goto(live_server.url + "/comunita/verbali-da-rivedere/")
    page.get_by_role("link", name=re.compile("Tavolo povertà educativa")).click()
    page.get_by_role("button", name="Approva").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.get_by_role("button", name="Invia ai componenti").click()
    expect(page.locator("#deliveries-heading")).to_be_visible()
    expect(page.locator("#deliveries-heading + ul")).to_contain_text("lucia@example.it")
    # The request only queued the e-mail: the delivery worker sends it.
    expect(page.locator("#deliveries-heading + ul .badge")).to_have_text("In coda")
    assert mail.outbox == []
    deliver_due()
    page.reload()
    expect(page.locator("#deliveries-heading + ul .badge")).to_have_text("Inviato")
    assert [m.to for m in mail.outbox] == [["lucia@example.it"]]
    meeting.refresh_from_db()
    assert meeting.minutes_status == "sent"


def test_an_admin_edits_an_organisation(login, live_server, page):
    UserFactory(username="amministratrice", team=None, role=ADMIN)
    organisation = OrganisationFactory(name="Auser Rho ODV", kind="odv")

    login("amministratrice")
    page.goto(live_server.url + organisation.get_absolute_url())
    page.get_by_role("link", name="Modifica").first.click()
    page.fill("#id_phone", "02 9300 1234")
    page.fill("#id_latitude", "145")
    page.get_by_role("button", name="Salva").click()
    expect(page.locator("#error_1_id_latitude")).to_contain_text("latitudine")
    page.fill("#id_latitude", "")
    page.fill("#id_longitude", "")
    page.get_by_role("button", name="Salva").click()
    expect(page.locator(".alert-success")).to_contain_text("Auser Rho ODV")
    expect(page.locator("dl.record")).to_contain_text("02 9300 1234")


def test_the_map_and_the_charts_render(login, live_server, page):
    worker = UserFactory(username="sara", role=SOCIAL_WORKER)
    organisation = OrganisationFactory(name="Auser Rho ODV", latitude="45.531", longitude="9.040")
    OpportunityFactory(organisation=organisation, title="Compagnia telefonica")
    ContactFactory(organisation=organisation)
    assert worker.groups.exists()

    login("sara")
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(live_server.url + "/indicatori/mappa/")
    expect(page.locator("#map")).to_have_attribute("data-ready", "1")
    expect(page.locator("#map .leaflet-interactive")).to_have_count(1)

    page.goto(live_server.url + "/indicatori/")
    drawn = page.evaluate(
        "() => Array.from(document.querySelectorAll('canvas[data-chart]')).map(c => !!Chart.getChart(c))"
    )
    # The six actions by month, the bonds by month and the sense-of-belonging activities by month.
    assert drawn == [True, True, True]
    assert not [e for e in errors if "Content Security Policy" in e]
