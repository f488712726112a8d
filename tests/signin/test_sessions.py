"""My sessions (issue 17): where I am signed in, logging out the others, and an admin ending them all."""

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from audit.models import AuditEvent
from signin.devices import describe
from signin.jobs import purge_sessions
from tests.signin.conftest import log_in, signed_in_as

SESSIONS = reverse("signin:sessions")
END_OTHERS = reverse("signin:end_other_sessions")
FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)


def italian(function, *args):
    with translation.override("it"):
        return function(*args)


def signed_in_client(username: str, *, agent: str = FIREFOX_WINDOWS, ip: str = "10.0.0.1") -> Client:
    """A browser that signed in through the login page, as people do (force_login records no session)."""
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=ip)
    assert log_in(client, username).status_code == 302
    return client


def replay(cookie: str) -> Client:
    """Another browser presenting a session cookie copied from the first."""
    thief = Client()
    thief.cookies["sessionid"] = cookie
    return thief


def test_my_sessions_lists_device_address_and_activity(worker):
    office = signed_in_client("sara", ip="10.0.0.1")
    signed_in_client("sara", agent=SAFARI_IPHONE, ip="10.0.0.2")
    response = office.get(SESSIONS)
    assert response.status_code == 200
    rows = response.context["sessions"]
    assert [(row["device"], row["ip"], row["is_current"]) for row in sorted(rows, key=lambda r: r["ip"])] == [
        (italian(describe, FIREFOX_WINDOWS), "10.0.0.1", True),
        (italian(describe, SAFARI_IPHONE), "10.0.0.2", False),
    ]
    assert all(row["last_seen"] >= row["signed_in_at"].replace(microsecond=0) for row in rows)
    assert response.context["others"] == 1
    assert italian(gettext, "this session") in response.content.decode()


def test_only_my_own_sessions_are_listed(worker, other_team_worker):
    mine = signed_in_client("sara")
    signed_in_client("marco", ip="10.9.9.9")
    assert [row["ip"] for row in mine.get(SESSIONS).context["sessions"]] == ["10.0.0.1"]


def test_my_sessions_costs_the_same_queries_for_one_session_or_many(worker, django_assert_num_queries):
    mine = signed_in_client("sara")
    mine.get(SESSIONS)  # the first page after sign-in renews the session
    with CaptureQueriesContext(connection) as one:
        mine.get(SESSIONS)
    # Counted now: every request the test client makes empties the connection's query log.
    baseline = len(one.captured_queries)
    # The session, the user, the sessions list in one query, and the permissions the menu asks for.
    assert baseline <= 5
    for n in range(5):
        signed_in_client("sara", ip=f"10.0.1.{n}")
    with django_assert_num_queries(baseline):
        assert len(mine.get(SESSIONS).context["sessions"]) == 6


def test_my_sessions_needs_a_login(client, db):
    for url in (SESSIONS, END_OTHERS):
        response = client.post(url) if url == END_OTHERS else client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_logging_out_the_others_makes_their_cookies_useless(worker):
    mine = signed_in_client("sara")
    other = signed_in_client("sara", agent=SAFARI_IPHONE, ip="10.0.0.2")
    stolen = other.cookies["sessionid"].value

    response = mine.post(END_OTHERS)
    assert (response.status_code, response.url) == (302, SESSIONS)
    assert replay(stolen).get(reverse("home")).url.startswith(reverse("login"))
    assert other.get(reverse("home")).status_code == 302
    # This one goes on.
    assert mine.get(reverse("home")).status_code == 200
    assert [row["is_current"] for row in mine.get(SESSIONS).context["sessions"]] == [True]
    event = AuditEvent.objects.get(action="sessions_end")
    assert (event.user, event.changes) == (worker, {"sessions": 1, "reason": "self"})


def test_logging_out_the_others_is_a_post(worker):
    assert signed_in_client("sara").get(END_OTHERS).status_code == 405


def test_changing_the_password_ends_the_other_sessions(worker):
    mine = signed_in_client("sara")
    other = signed_in_client("sara", ip="10.0.0.2")
    new = "una-nuova-parola-lunga"
    response = mine.post(
        reverse("account_change_password"), {"oldpassword": "password-di-prova", "password1": new, "password2": new}
    )
    assert response.status_code == 302
    assert mine.get(reverse("home")).status_code == 200
    assert other.get(reverse("home")).url.startswith(reverse("login"))
    assert UserSession.objects.filter(user=worker).count() == 1
    assert AuditEvent.objects.get(action="sessions_end").changes == {"sessions": 1, "reason": "password"}


def test_a_wrong_old_password_changes_nothing_and_says_so(worker):
    mine = signed_in_client("sara")
    other = signed_in_client("sara", ip="10.0.0.2")
    response = mine.post(
        reverse("account_change_password"), {"oldpassword": "sbagliata", "password1": "x" * 12, "password2": "x" * 12}
    )
    assert response.status_code == 200 and response.context["form"].errors["oldpassword"]
    assert other.get(reverse("home")).status_code == 200


def test_an_admin_ends_every_session_of_a_worker_who_leaves(worker):
    from tests.factories import UserFactory, totp_code
    from tests.signin.conftest import second_step

    admin = UserFactory(username="anna", is_staff=True, is_superuser=True, team=None)
    admin_browser = Client()
    log_in(admin_browser, "anna")
    second_step(admin_browser, totp_code(admin.totp_secret))
    cookies = [signed_in_client("sara", ip=f"10.0.0.{n}").cookies["sessionid"].value for n in (1, 2)]

    response = admin_browser.post(
        reverse("admin:accounts_user_changelist"), {"action": "end_all_sessions", "_selected_action": [worker.pk]}
    )
    assert response.status_code == 302
    for cookie in cookies:
        thief = replay(cookie)
        assert thief.get(reverse("home")).url.startswith(reverse("login"))
        assert signed_in_as(thief) is None
    assert not UserSession.objects.filter(user=worker).exists()
    event = AuditEvent.objects.get(action="sessions_end")
    assert (event.user, event.object_id, event.changes) == (admin, str(worker.pk), {"sessions": 2, "reason": "admin"})
    # The admin's own session is untouched.
    assert admin_browser.get(reverse("admin:index")).status_code == 200


def test_the_nightly_purge_removes_ended_sessions(worker):
    kept = signed_in_client("sara")
    gone = signed_in_client("sara", ip="10.0.0.2")
    Session.objects.filter(session_key=gone.cookies["sessionid"].value).delete()
    assert purge_sessions() == 1
    assert list(UserSession.objects.values_list("session_key", flat=True)) == [kept.cookies["sessionid"].value]


@pytest.mark.parametrize(
    ("agent", "device"),
    [
        (FIREFOX_WINDOWS, "Firefox on Windows"),
        (SAFARI_IPHONE, "Safari on iOS"),
        ("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36",
         "Chrome on Android"),
        ("Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/126.0 Safari/537.36 Edg/126.0", "Edge on Windows"),
        ("curl/8.5.0", "curl/8.5.0"),
        ("", "Unknown device"),
    ],
)  # fmt: skip
def test_devices_are_named_from_their_user_agent(agent, device):
    with translation.override("en"):
        assert describe(agent) == device
