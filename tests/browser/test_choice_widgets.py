"""A worker fills an opportunity: searches the areas by typing, and sees only the chosen organisation's liaisons."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import SOCIAL_WORKER
from territory.models import Opportunity
from tests.factories import AreaFactory, ContactFactory, OrganisationFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def options(page, selector: str) -> list[str]:
    return page.eval_on_selector(selector, "s => Array.from(s.options).map(o => o.textContent.trim())")


def test_typing_picks_an_area_and_the_liaisons_follow_the_organisation(login, live_server, page):
    UserFactory(username="sara", team=TeamFactory(), role=SOCIAL_WORKER)
    oratorio = OrganisationFactory(name="Oratorio San Michele")
    caritas = OrganisationFactory(name="Caritas Rho")
    anna = ContactFactory(organisation=oratorio, first_name="Anna", last_name="Verdi", is_liaison=True)
    ContactFactory(organisation=caritas, first_name="Bruno", last_name="Neri", is_liaison=True)
    mazzo = AreaFactory(name="Mazzo")
    for index in range(30):
        AreaFactory(name=f"Zona {index}")
    # Script errors and anything the Content-Security-Policy blocks (the favicon's 404 is another matter).
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: "Content Security Policy" in message.text and problems.append(message.text))

    login("sara")
    page.goto(live_server.url + "/territorio/opportunita/nuova/")

    # The areas are a search box: the label now names its input, and typing narrows the entries.
    box = page.locator("#id_areas-ts-control")
    expect(page.locator("label[for='id_areas-ts-control']")).to_have_count(1)
    expect(box).to_have_accessible_name("Aree")
    expect(page.locator("#id_areas")).to_have_accessible_name("Aree")
    box.fill("maz")
    dropdown = page.locator("#id_areas-ts-dropdown")
    expect(dropdown.locator(".option")).to_have_count(1)
    dropdown.get_by_text("Mazzo").click()
    expect(page.locator(".ts-wrapper .item", has_text="Mazzo")).to_have_count(1)
    assert page.eval_on_selector("#id_areas", "s => Array.from(s.selectedOptions).map(o => o.value)") == [str(mazzo.pk)]

    # Liaisons: none before an organisation is chosen, then only that organisation's.
    assert options(page, "#id_liaison") == ["---------"]
    page.select_option("#id_organisation", str(caritas.pk))
    assert options(page, "#id_liaison") == ["---------", "Bruno Neri (Caritas Rho)"]
    page.select_option("#id_organisation", str(oratorio.pk))
    assert options(page, "#id_liaison") == ["---------", "Anna Verdi (Oratorio San Michele)"]
    page.select_option("#id_liaison", str(anna.pk))

    page.fill("#id_title", "Doposcuola medie")
    page.select_option("#id_kind", "after_school")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/territorio/opportunita/\d+/$"))

    opportunity = Opportunity.objects.get()
    assert (opportunity.organisation, opportunity.liaison) == (oratorio, anna)
    assert list(opportunity.areas.all()) == [mazzo]
    assert problems == []
