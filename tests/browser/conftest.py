"""Browser journeys with Playwright driving the system Chromium (Debian package `chromium`).

Skipped, with the reason printed, only where /usr/bin/chromium is missing; .ci/run installs it.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HAS_CHROMIUM = Path(CHROMIUM).exists()
# Playwright's sync API runs an event loop in the test thread; Django must still allow the ORM there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config, items):
    if HAS_CHROMIUM:
        return
    skip = pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium): browser journeys skipped")
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "it-IT", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture(autouse=True)
def reference_rows(transactional_db):
    """Rows that migrations create and that emptying the database between browser tests removes."""
    from accounts.roles import sync_roles
    from territory.choices import PovertyDimensionCode, TargetGroupCode
    from territory.models import PovertyDimension, TargetGroup

    for code in TargetGroupCode.values:
        TargetGroup.objects.get_or_create(code=code)
    for code in PovertyDimensionCode.values:
        PovertyDimension.objects.get_or_create(code=code)
    sync_roles()


def code_for(username: str) -> str:
    """The code the user's authenticator app shows now (its secret is in the test database)."""
    from allauth.mfa.models import Authenticator

    from tests.factories import totp_code

    return totp_code(Authenticator.objects.get(user__username=username, type="totp").data["secret"])


@pytest.fixture
def login(live_server, page):
    def log_in(username: str, password: str = "password-di-prova"):  # noqa: S107 (the factories' test password)
        page.goto(live_server.url + "/accesso/")
        page.fill("#id_login", username)
        page.fill("#id_password", password)
        page.click("#login-submit")
        page.wait_for_load_state()
        if page.url == live_server.url + "/utente/2fa/authenticate/":
            # A role that requires a second factor: the code from its authenticator app.
            page.fill("#id_code", code_for(username))
            page.click("button[type=submit]")
        page.wait_for_url(live_server.url + "/")
        return page

    return log_in


# Single sign-on: a real OpenID Connect provider on loopback (tests/oidc_provider), one process per session.

CALLBACK = "/utente/oidc/comune/login/callback/"


@pytest.fixture(scope="session")
def identity_provider(live_server, tmp_path_factory):
    from tests.oidc_provider import process

    provider = process.start(tmp_path_factory.mktemp("idp") / "idp.sqlite3", live_server.url + CALLBACK)
    yield provider
    provider.stop()


@pytest.fixture(scope="session")
def impostor_provider(live_server, tmp_path_factory):
    """A provider whose tokens name another issuer than the address Rete is configured with."""
    import socket

    from tests.oidc_provider import process

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    database = tmp_path_factory.mktemp("impostor") / "idp.sqlite3"
    provider = process.start(
        database, live_server.url + CALLBACK, port=port, issuer=f"http://127.0.0.1:{port}/altro-ente"
    )
    yield provider
    provider.stop()
