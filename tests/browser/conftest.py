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


@pytest.fixture
def login(live_server, page):
    def log_in(username: str, password: str = "password-di-prova"):  # noqa: S107 (the factories' test password)
        page.goto(live_server.url + "/accesso/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(live_server.url + "/")
        return page

    return log_in
