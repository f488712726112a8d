"""The main menu per role (issue 16): every link it shows answers 200 for that role, and the pages a role may
not use are not in it (the coordinator's pages answer 403 to a social worker)."""

import re

import pytest
from django.urls import reverse

from accounts.roles import ADMIN, AUDITOR, COORDINATOR, SOCIAL_WORKER
from tests.factories import UserFactory

ROLE_USERS = {
    SOCIAL_WORKER: {"team": True, "is_staff": False},
    COORDINATOR: {"team": True, "is_staff": False},
    ADMIN: {"team": False, "is_staff": True},
    AUDITOR: {"team": False, "is_staff": False},
}
COORDINATOR_PAGES = [reverse("community:dashboard"), reverse("community:minutes_to_review")]
CASE_PAGES = [reverse("cases:case_list"), reverse("cases:person_list"), reverse("cases:person_create")]


def menu_links(html: str) -> list[str]:
    menu = html.split('id="main-menu"', 1)[1].split("</nav>", 1)[0]
    return [href for href in re.findall(r'href="([^"#]+)"', menu)]


def signed_in(client, role):
    options = ROLE_USERS[role]
    user = UserFactory(
        username=f"u-{role}", role=role, is_staff=options["is_staff"], **({} if options["team"] else {"team": None})
    )
    client.force_login(user)
    return user


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_every_link_of_the_menu_answers_its_role(client, db, role):
    signed_in(client, role)
    links = menu_links(client.get(reverse("home")).content.decode())
    assert links
    for href in links:
        assert client.get(href).status_code == 200, (role, href)


def test_a_social_worker_does_not_see_the_coordinators_pages(client, db):
    signed_in(client, SOCIAL_WORKER)
    html = client.get(reverse("home")).content.decode()
    links = menu_links(html)
    assert reverse("cases:case_list") in links and reverse("community:table_list") in links
    assert not set(COORDINATOR_PAGES) & set(links)
    for url in COORDINATOR_PAGES:
        assert client.get(url).status_code == 403


def test_a_coordinator_sees_the_coordinators_pages(client, db):
    signed_in(client, COORDINATOR)
    assert set(COORDINATOR_PAGES) <= set(menu_links(client.get(reverse("home")).content.decode()))


def test_the_admin_without_a_team_sees_no_cases_and_no_registration(client, db):
    signed_in(client, ADMIN)
    html = client.get(reverse("home")).content.decode()
    assert not set(CASE_PAGES) & set(menu_links(html))
    assert reverse("cases:person_create") not in html
    assert reverse("admin:index") in menu_links(html)


def test_the_auditor_sees_the_audit_trail_and_no_case_nor_directory(client, db):
    signed_in(client, AUDITOR)
    html = client.get(reverse("home")).content.decode()
    assert menu_links(html) == [reverse("audit:event_list")]
    # The home page leads to the audit trail rather than to the directory it may not read.
    assert 'id="role-cards"' in html and reverse("territory:organisation_list") not in html


def test_the_demo_has_an_auditor_printed_by_seed_demo():
    from demo.accounts import DEMO_USERS, logins

    auditors = [row[0] for row in DEMO_USERS if row[3] == AUDITOR]
    assert auditors
    assert any(auditors[0] in line and AUDITOR in line for line in logins())
