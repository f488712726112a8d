"""Quick entry on a phone (issue 16): at 390 px a worker records a hook-up from the community log and a
coordinator records who came to a meeting, and no page on the way scrolls sideways."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import COORDINATOR, SOCIAL_WORKER
from community.models import CommunityAction
from tests.factories import MeetingFactory, TableFactory, TableMemberFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def assert_no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def test_a_hook_up_recorded_on_a_phone(login, live_server, page):
    UserFactory(username="sara", team=TeamFactory(), role=SOCIAL_WORKER)
    page.set_viewport_size(PHONE)
    login("sara")
    page.goto(live_server.url + "/comunita/")
    assert_no_sideways_scroll(page)
    page.get_by_role("link", name="Aggancio", exact=True).click()
    page.wait_for_url(re.compile(r"/comunita/azioni/nuova/\?kind=hook_up$"))
    assert_no_sideways_scroll(page)
    expect(page.locator("#id_kind")).to_have_value("hook_up")
    page.select_option("#id_hook_up_kind", "volunteer_availability")
    page.select_option("#id_bond_kind", "new_bonds")
    page.fill("#id_title", "Volontaria per il doposcuola")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/comunita/azioni/\d+/$"))
    assert_no_sideways_scroll(page)
    action = CommunityAction.objects.get()
    assert (action.kind, action.hook_up_kind, action.title) == (
        "hook_up",
        "volunteer_availability",
        "Volontaria per il doposcuola",
    )
    assert list(action.workers.values_list("username", flat=True)) == ["sara"]


def test_meeting_attendance_recorded_on_a_phone(login, live_server, page):
    coordinator = UserFactory(username="paola", team=TeamFactory(), role=COORDINATOR)
    table = TableFactory(coordinator=coordinator, name="Tavolo delle politiche giovanili di Rho e Pero")
    came = TableMemberFactory(table=table, citizen_name="Lucia Ferri")
    TableMemberFactory(table=table, citizen_name="Giorgio Bassi")
    meeting = MeetingFactory(table=table, place="Sala consiliare del Comune di Rho, piazza San Vittore")
    page.set_viewport_size(PHONE)
    login("paola")
    page.goto(live_server.url + meeting.get_absolute_url())
    assert_no_sideways_scroll(page)
    page.get_by_role("link", name="Registra presenze e verbale").click()
    page.wait_for_url(re.compile(r"/comunita/incontri/\d+/modifica/$"))
    assert_no_sideways_scroll(page)
    # Bootstrap Italia draws the box on the label: a tap on the name ticks it.
    page.locator("label", has_text="Lucia Ferri").click()
    expect(page.get_by_label("Lucia Ferri")).to_be_checked()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server.url + meeting.get_absolute_url())
    assert_no_sideways_scroll(page)
    assert list(meeting.attendees.all()) == [came]
