"""The look of an Italian public service (issue 16): Bootstrap Italia served by Rete itself, with its fonts and
icons, under the strict Content-Security-Policy; the focus on the first error after a refused submit."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import SOCIAL_WORKER
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def problems(page):
    """What the browser refused (CSP) or failed to fetch while the test ran."""
    found = []
    page.on("console", lambda m: found.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("response", lambda r: found.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return found


def test_the_kit_its_fonts_and_its_icons_load_from_rete(login, live_server, page, problems):
    UserFactory(username="sara", team=TeamFactory(), role=SOCIAL_WORKER)
    fonts = []
    page.on("response", lambda r: fonts.append((r.status, r.url)) if r.url.endswith(".woff2") else None)
    login("sara")
    page.goto(live_server.url + "/")
    page.evaluate("document.fonts.ready")
    loaded = page.evaluate(
        "() => Array.from(document.fonts).filter(f => f.status === 'loaded').map(f => f.family.replaceAll('\"', ''))"
    )
    assert "Titillium Web" in loaded
    assert fonts and all(status == 200 and url.startswith(live_server.url) for status, url in fonts)
    # An icon of the sprite is drawn: the <use> resolves to a symbol of the vendored sprite.
    width = page.locator(".it-brand-wrapper svg.icon").evaluate("e => e.getBoundingClientRect().width")
    assert width > 0
    assert "Titillium Web" in page.locator("body").evaluate("e => getComputedStyle(e).fontFamily")
    assert problems == [], [p[:150] for p in problems]


def test_the_menu_opens_on_a_phone(login, live_server, page, problems):
    UserFactory(username="sara", team=TeamFactory(), role=SOCIAL_WORKER)
    page.set_viewport_size({"width": 390, "height": 844})
    login("sara")
    page.goto(live_server.url + "/")
    expect(page.locator("#main-menu")).not_to_be_visible()
    page.locator(".custom-navbar-toggler").click()
    expect(page.get_by_role("button", name="Territorio")).to_be_visible()
    assert problems == [], [p[:150] for p in problems]


def test_after_a_refused_submit_the_focus_is_on_the_first_field_in_error(login, live_server, page, problems):
    UserFactory(username="sara", team=TeamFactory(), role=SOCIAL_WORKER)
    login("sara")
    page.goto(live_server.url + "/territorio/organizzazioni/nuova/")
    page.locator("#id_name").evaluate("e => e.removeAttribute('required')")  # let the server refuse it
    page.locator("form:has(#id_name) [type=submit]").first.click()
    page.wait_for_load_state()
    expect(page.locator("#id_name")).to_have_class(re.compile("is-invalid"))
    assert page.evaluate("document.activeElement.id") == "id_name"
    assert problems == [], [p[:150] for p in problems]


def test_the_accessibility_statement_is_public_and_linked_from_the_footer(live_server, page, problems):
    page.goto(live_server.url + "/accesso/")
    page.locator("footer #accessibility-link").click()
    expect(page.locator("#accessibility-statement h1")).to_be_visible()
    expect(page).to_have_url(live_server.url + "/dichiarazione-di-accessibilita/")
    assert problems == [], [p[:150] for p in problems]
