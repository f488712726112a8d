import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "it" / "LC_MESSAGES"


def test_italian_is_the_default_even_for_english_browsers(worker_client):
    response = worker_client.get(reverse("territory:organisation_list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    content = response.content.decode()
    assert response["Content-Language"] == "it"
    assert "Organizzazioni" in content
    assert "Esci" in content


def test_the_language_switch_turns_the_ui_english(worker_client):
    response = worker_client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302
    page = worker_client.get(reverse("territory:organisation_list"))
    assert page["Content-Language"] == "en"
    assert "Organisations" in page.content.decode()


def test_the_language_switch_works_before_login(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert "Log in" in client.get(reverse("login")).content.decode()


def test_an_unknown_language_cookie_falls_back_to_italian(worker_client, settings):
    worker_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert worker_client.get(reverse("home"))["Content-Language"] == "it"


def test_the_compiled_catalogue_translates_domain_terms():
    with translation.override("it"):
        assert translation.gettext("Network protocols") == "Protocolli di rete"
        assert translation.gettext("liaison figure") == "figura di raccordo"


MSGATTRIB = shutil.which("msgattrib")


@pytest.mark.skipif(MSGATTRIB is None, reason="GNU gettext (msgattrib) is not installed")
def test_the_italian_catalogue_is_complete_and_compiled():
    po = CATALOGUE / "django.po"
    untranslated = subprocess.run(
        [MSGATTRIB, "--untranslated", "--no-obsolete", str(po)], capture_output=True, text=True, check=True
    ).stdout
    fuzzy = subprocess.run([MSGATTRIB, "--only-fuzzy", str(po)], capture_output=True, text=True, check=True).stdout
    assert [line for line in untranslated.splitlines() if line.startswith('msgid "') and line != 'msgid ""'] == []
    assert fuzzy.strip() == ""
    assert (CATALOGUE / "django.mo").stat().st_mtime >= po.stat().st_mtime - 1
