"""Single sign-on settings and matching; the redirect flow itself runs in tests/browser/test_sign_in.py against
a real provider."""

import pytest
from allauth.socialaccount.models import SocialApp
from django.core.checks import run_checks
from django.urls import reverse

from signin.adapters import SingleSignOnAdapter
from signin.oidc import matching_user
from tests.factories import UserFactory


@pytest.fixture
def configured(settings):
    settings.OIDC_ISSUER = "https://sso.comune.example.it/realms/rete"
    settings.OIDC_CLIENT_ID = "rete"
    settings.OIDC_CLIENT_SECRET = "segreto"
    settings.OIDC_NAME = "Account del Comune"
    return settings


def test_the_login_page_offers_single_sign_on_only_when_configured(client, db, settings):
    assert 'id="sso-login"' not in client.get(reverse("login")).content.decode()
    settings.OIDC_ISSUER = "https://sso.comune.example.it/realms/rete"
    response = client.get(reverse("login"))
    assert 'id="sso-login"' in response.content.decode()
    # The button posts to Rete, which redirects to the provider: the policy lets that form go there.
    assert "form-action 'self' https://sso.comune.example.it;" in response["Content-Security-Policy"]


def test_the_provider_comes_from_the_environment_only(rf, db, configured):
    SocialApp.objects.create(provider="openid_connect", provider_id="altro", name="Altro", client_id="x")
    (app,) = SingleSignOnAdapter().list_apps(rf.get("/"))
    assert (app.provider_id, app.client_id, app.name) == ("comune", "rete", "Account del Comune")
    assert app.settings["openid_configuration_overrides"] == {"issuer": "https://sso.comune.example.it/realms/rete"}
    configured.OIDC_ISSUER = ""
    assert SingleSignOnAdapter().list_apps(rf.get("/")) == []


def test_the_claim_is_matched_to_an_active_account_by_username(db, settings):
    sara = UserFactory(username="sara.rossi")
    UserFactory(username="ex.collega", is_active=False)
    assert matching_user("Sara.Rossi") == sara
    assert matching_user("ex.collega") is None
    assert matching_user("") is None


def test_or_by_e_mail_when_one_account_has_it(db, settings):
    settings.OIDC_MATCH_FIELD = "email"
    sara = UserFactory(username="sara", email="sara.rossi@comune.example.it")
    UserFactory(username="a", email="ufficio@comune.example.it")
    UserFactory(username="b", email="ufficio@comune.example.it")
    assert matching_user("SARA.ROSSI@comune.example.it") == sara
    # A shared address names nobody: an admin must tell the accounts apart.
    assert matching_user("ufficio@comune.example.it") is None


@pytest.mark.parametrize(
    ("setting", "value", "check"),
    [
        ("MFA_REQUIRED_ROLES", ["coordinator", "direttore"], "signin.E002"),
        ("SESSION_ENGINE", "django.contrib.sessions.backends.signed_cookies", "signin.E001"),
        ("OIDC_MATCH_FIELD", "codice_fiscale", "signin.E004"),
    ],
)
def test_wrong_settings_fail_the_checks(settings, setting, value, check):
    setattr(settings, setting, value)
    assert check in [error.id for error in run_checks()]


def test_an_issuer_without_client_credentials_fails_the_checks(settings):
    settings.OIDC_ISSUER = "https://sso.comune.example.it/realms/rete"
    assert "signin.E003" in [error.id for error in run_checks()]


def test_the_default_settings_pass_the_checks(db):
    assert [error.id for error in run_checks() if error.id.startswith("signin.")] == []
