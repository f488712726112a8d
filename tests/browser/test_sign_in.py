"""Signing in, in a real browser (issue 17): password and code, first enrolment, and single sign-on through a
real OpenID Connect provider on loopback (tests/oidc_provider), refused when anything does not match."""

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import expect

from accounts.roles import COORDINATOR, SOCIAL_WORKER
from audit.models import AuditEvent
from tests.browser.conftest import code_for
from tests.factories import UserFactory, totp_code
from tests.oidc_provider.serve import PASSWORD as IDP_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def csp_violations(page):
    """What the browser refused under the Content-Security-Policy while the test ran."""
    found = []
    page.on(
        "console", lambda message: found.append(message.text) if "Content Security Policy" in message.text else None
    )
    return found


def type_password(page, live_server, username: str, password: str = "password-di-prova"):  # noqa: S107
    page.goto(live_server.url + "/accesso/")
    page.fill("#id_login", username)
    page.fill("#id_password", password)
    page.click("#login-submit")


def test_a_coordinator_logs_in_with_password_and_the_code_of_the_app(live_server, page, csp_violations):
    UserFactory(username="paola", first_name="Paola", last_name="Neri", role=COORDINATOR)
    type_password(page, live_server, "paola")
    expect(page).to_have_url(live_server.url + "/utente/2fa/authenticate/")
    expect(page.locator("#user-menu")).to_have_count(0)  # not signed in yet
    page.fill("#id_code", code_for("paola"))
    page.click("button[type=submit]")
    expect(page).to_have_url(live_server.url + "/")
    expect(page.locator("#user-menu")).to_contain_text("Paola Neri")
    assert csp_violations == []


def test_a_coordinator_without_a_second_factor_enrols_at_the_first_login(live_server, page, csp_violations):
    UserFactory(username="paola", role=COORDINATOR, second_factor=False)
    type_password(page, live_server, "paola")
    expect(page).to_have_url(live_server.url + "/utente/2fa/totp/activate/")
    expect(page.locator("#enrolment-due")).to_be_visible()
    # Any other page sends back here.
    page.goto(live_server.url + "/casi/")
    expect(page).to_have_url(live_server.url + "/utente/2fa/totp/activate/")

    secret = page.input_value("#authenticator_secret")
    page.fill("#id_code", totp_code(secret))
    page.click("main form button[type=submit]")
    expect(page).to_have_url(live_server.url + "/utente/2fa/recovery-codes/")
    expect(page.locator("#recovery_codes")).to_be_visible()
    page.goto(live_server.url + "/casi/")
    expect(page).to_have_url(live_server.url + "/casi/")
    assert csp_violations == []


# Single sign-on


def sign_in_at_the_provider(page, live_server, username: str):
    page.goto(live_server.url + "/accesso/")
    page.click("#sso-login")
    page.wait_for_selector("#idp-username")
    page.fill("#idp-username", username)
    page.fill("#idp-password", IDP_PASSWORD)
    page.click("#idp-submit")


def expect_refused(page, live_server):
    expect(page.locator("#sso-refused")).to_be_visible()
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(re.escape(live_server.url + "/accesso/")))


def with_param(url: str, name: str, value: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query[name] = value
    return urlunsplit(parts._replace(query=urlencode(query)))


def test_a_worker_logs_in_through_the_municipality_provider(live_server, page, settings, identity_provider):
    identity_provider.configure(settings)
    sara = UserFactory(username="sara", first_name="Sara", last_name="Rossi", role=SOCIAL_WORKER)
    sign_in_at_the_provider(page, live_server, "sara")
    expect(page).to_have_url(live_server.url + "/")
    expect(page.locator("#user-menu")).to_contain_text("Sara Rossi")
    # The provider's identity is tied to the account it matched, and the login is in the trail.
    assert SocialAccount.objects.get(user=sara).provider == "comune"
    assert AuditEvent.objects.filter(action="login", user=sara).exists()


def test_single_sign_on_does_not_skip_the_second_factor(live_server, page, settings, identity_provider):
    identity_provider.configure(settings)
    UserFactory(username="sara", role=COORDINATOR)
    sign_in_at_the_provider(page, live_server, "sara")
    expect(page).to_have_url(live_server.url + "/utente/2fa/authenticate/")
    page.fill("#id_code", code_for("sara"))
    page.click("button[type=submit]")
    expect(page).to_have_url(live_server.url + "/")


def test_someone_the_provider_knows_but_rete_does_not_is_refused(live_server, page, settings, identity_provider):
    identity_provider.configure(settings)
    UserFactory(username="sara", role=SOCIAL_WORKER)
    sign_in_at_the_provider(page, live_server, "sconosciuto")
    expect_refused(page, live_server)
    event = AuditEvent.objects.get(action="login_failed")
    assert (event.username, event.changes) == ("sconosciuto", {"single_sign_on": "unknown_user"})
    assert not SocialAccount.objects.exists()


def test_tokens_from_another_issuer_are_refused(live_server, page, settings, impostor_provider):
    impostor_provider.configure(settings)
    UserFactory(username="sara", role=SOCIAL_WORKER)
    sign_in_at_the_provider(page, live_server, "sara")
    expect_refused(page, live_server)
    assert AuditEvent.objects.get(action="login_failed").changes == {"single_sign_on": "Invalid id_token"}


def tamper_with_the_redirect_to_the_provider(page, live_server, name: str, value: str):
    """Change one parameter of the authorization request on its way from Rete to the provider.

    Playwright routes only the first request of a redirect chain, so the button's POST is routed: Rete
    answers it (and sets its session cookie), and its redirect to the provider is passed on altered.
    """

    def alter(route):
        response = route.fetch(max_redirects=0)
        location = with_param(response.headers["location"], name, value)
        route.fulfill(response=response, headers={**response.headers, "location": location})

    page.route(re.compile(re.escape(live_server.url + "/utente/oidc/comune/login/") + r"(\?.*)?$"), alter)


def test_a_tampered_state_is_refused(live_server, page, settings, identity_provider):
    identity_provider.configure(settings)
    UserFactory(username="sara", role=SOCIAL_WORKER)
    # The provider sends back the state it received: not one this browser's session is waiting for.
    tamper_with_the_redirect_to_the_provider(page, live_server, "state", "manomesso")
    sign_in_at_the_provider(page, live_server, "sara")
    expect_refused(page, live_server)
    assert AuditEvent.objects.get(action="login_failed").changes == {"single_sign_on": "state"}


def test_a_tampered_nonce_is_refused(live_server, page, settings, identity_provider):
    identity_provider.configure(settings)
    UserFactory(username="sara", role=SOCIAL_WORKER)
    # The provider signs an id_token with the nonce it received: not the one Rete keeps in the session.
    tamper_with_the_redirect_to_the_provider(page, live_server, "nonce", "nonce-di-un-altro")
    sign_in_at_the_provider(page, live_server, "sara")
    expect_refused(page, live_server)
    assert AuditEvent.objects.get(action="login_failed").changes == {"single_sign_on": "nonce"}


def test_a_coordinator_enrols_a_security_key_and_logs_in_with_it(live_server, page, csp_violations):
    UserFactory(username="paola", role=COORDINATOR, second_factor=False)
    # Chromium's virtual authenticator stands in for the key: the browser's real WebAuthn, no hardware.
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    options = {"protocol": "ctap2", "transport": "usb", "hasUserVerification": True, "isUserVerified": True,
               "automaticPresenceSimulation": True}  # fmt: skip
    devtools.send("WebAuthn.addVirtualAuthenticator", {"options": options})

    type_password(page, live_server, "paola")
    page.click("a[href='/utente/2fa/webauthn/add/']")
    page.fill("#id_name", "Chiavetta USB")
    page.click("#mfa_webauthn_add")
    # Anchored: unanchored, the address of the form itself (/utente/2fa/webauthn/add/) matched before the
    # browser had left it, and the next navigation aborted the submission's.
    expect(page).to_have_url(re.compile(re.escape(live_server.url) + "/utente/2fa/(recovery-codes|webauthn)/$"))
    page.wait_for_load_state()
    page.goto(live_server.url + "/casi/")
    expect(page).to_have_url(live_server.url + "/casi/")

    page.click("#logout-button")
    type_password(page, live_server, "paola")
    expect(page).to_have_url(live_server.url + "/utente/2fa/authenticate/")
    page.click("#mfa_webauthn_authenticate")
    expect(page).to_have_url(live_server.url + "/")
    assert csp_violations == []


def test_with_creation_turned_on_a_new_person_gets_an_account_without_roles(
    live_server, page, settings, identity_provider
):
    from accounts.models import User

    identity_provider.configure(settings)
    settings.OIDC_CREATE_USERS = True
    sign_in_at_the_provider(page, live_server, "sconosciuto")
    expect(page).to_have_url(live_server.url + "/")
    created = User.objects.get(username="sconosciuto")
    # An admin still decides roles and team.
    assert (created.email, created.team, list(created.groups.all())) == ("sconosciuto@example.it", None, [])
