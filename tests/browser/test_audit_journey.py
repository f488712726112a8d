"""The DPO scopes a breach in a real browser: from the trail to the people an account opened."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import AUDITOR, SOCIAL_WORKER
from tests.factories import CaseFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_dpo_lists_the_people_whose_records_an_account_opened(login, live_server, page):
    team = TeamFactory(name="Équipe Nord")
    worker = UserFactory(username="sara", team=team, role=SOCIAL_WORKER)
    UserFactory(username="dpo", team=None, role=AUDITOR)
    cases = [
        CaseFactory(person__team=team, person__last_name=name, responsible=worker) for name in ("Bianchi", "Verdi")
    ]
    start = timezone.localtime().strftime("%Y-%m-%dT%H:%M")

    login("sara")
    for case in cases:
        page.goto(live_server.url + case.get_absolute_url())
    page.context.clear_cookies()

    login("dpo")
    page.goto(live_server.url + "/registro-accessi/")
    # The trail shows the records by type and id, never the people's names.
    expect(page.locator("table")).to_contain_text(f"cases.case #{cases[0].pk}")
    expect(page.locator("table")).not_to_contain_text("Bianchi")
    page.locator("a[href$='/registro-accessi/persone-coinvolte/']").click()
    page.select_option("#id_user", str(worker.pk))
    page.fill("#id_since", start)
    page.fill("#id_until", "2999-01-01T00:00")
    page.locator("main form button.btn-primary").click()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Bianchi")
    expect(rows.last).to_contain_text("Verdi")
