"""The accessibility statement (AgID's model, L. 4/2004) and the favicon: public, named from the settings."""

from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import CaseFactory

URL = reverse("accessibility")


def test_the_statement_is_public_and_names_the_administration_from_the_settings(client, db, settings):
    settings.ENTITY_NAME = "Ambito di Rho"
    settings.ACCESSIBILITY_EMAIL = "accessibilita@comune.example.it"
    settings.ACCESSIBILITY_REVIEWED_ON = "2026-11-20"
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ambito di Rho" in page
    assert "mailto:accessibilita@comune.example.it" in page
    assert "20 novembre 2026" in page.lower()  # the locale's long date
    # AgID's sections, and the enforcement procedure through AgID's form.
    assert "https://form.agid.gov.it/" in page
    assert page.count("<h2") >= 5


def test_the_statement_says_nothing_of_any_record(client, worker, django_assert_max_num_queries):
    CaseFactory(person__team=worker.team, person__last_name="Esposito", responsible=worker)
    client.force_login(worker)
    with django_assert_max_num_queries(8):
        page = client.get(URL).content.decode()
    assert "Esposito" not in page
    assert worker.team.name not in page.split('id="accessibility-statement"', 1)[1]


def test_every_page_links_the_statement_in_its_footer(client, worker):
    assert f'href="{URL}"' in client.get(reverse("login")).content.decode().split("<footer", 1)[1]
    client.force_login(worker)
    assert f'href="{URL}"' in client.get(reverse("home")).content.decode().split("<footer", 1)[1]


def test_the_statement_in_english(client, db):
    client.cookies["django_language"] = "en"
    page = client.get(URL, headers={"accept-language": "en"}).content.decode()
    assert "Accessibility statement" in page


def test_favicon_is_served(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url.endswith("favicon.ico")
    assert finders.find("favicon.ico")
