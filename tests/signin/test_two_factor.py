"""Two-factor sign-in (issue 17): password, then a code from the authenticator app or a recovery code."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.test import Client
from django.urls import reverse

from accounts.roles import ADMIN, AUDITOR, COORDINATOR, SOCIAL_WORKER
from audit.models import AuditEvent
from tests.factories import OrganisationFactory, UserFactory, enrol_totp, totp_code
from tests.signin.conftest import log_in, second_step, signed_in_as

STEP_TWO = reverse("mfa_authenticate")
ENROLMENT = reverse("mfa_activate_totp")


def test_a_worker_without_a_second_factor_logs_in_with_the_password(client, worker):
    response = log_in(client, "sara")
    assert (response.status_code, response.url) == (302, reverse("home"))
    assert signed_in_as(client) == str(worker.pk)
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("role", [COORDINATOR, ADMIN, AUDITOR])
def test_the_roles_that_require_it_log_in_with_password_and_code(client, db, role):
    user = UserFactory(username="persona", role=role)
    response = log_in(client, "persona")
    # The password alone opens nothing yet.
    assert (response.status_code, response.url) == (302, STEP_TWO)
    assert signed_in_as(client) is None
    assert client.get(reverse("home")).url.startswith(reverse("login"))

    response = second_step(client, totp_code(user.totp_secret))
    assert (response.status_code, response.url) == (302, reverse("home"))
    assert signed_in_as(client) == str(user.pk)
    assert AuditEvent.objects.filter(action="login", user=user).count() == 1


def test_a_worker_who_enrolled_is_asked_for_the_code_too(client, worker):
    secret = enrol_totp(worker)
    assert log_in(client, "sara").url == STEP_TWO
    assert second_step(client, totp_code(secret)).url == reverse("home")


def test_the_code_that_just_turned_is_accepted_an_older_one_is_not(client, coordinator):
    """Typed as the app shows the next code, the previous one still opens; two periods old, it does not."""
    log_in(client, "paola")
    assert signed_in_as(client) is None
    second_step(client, totp_code(coordinator.totp_secret, offset=-2))
    assert signed_in_as(client) is None
    assert second_step(client, totp_code(coordinator.totp_secret, offset=-1)).url == reverse("home")


def test_a_code_opens_once_only(client, coordinator):
    code = totp_code(coordinator.totp_secret)
    log_in(client, "paola")
    second_step(client, code)
    client.logout()
    log_in(client, "paola")
    response = second_step(client, code)
    assert response.status_code == 200
    assert signed_in_as(client) is None


def test_a_wrong_code_keeps_the_door_shut_and_is_recorded(client, coordinator):
    log_in(client, "paola", REMOTE_ADDR="10.0.0.7")
    response = second_step(client, "000000", REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert signed_in_as(client) is None
    failed = AuditEvent.objects.get(action="login_failed")
    assert (failed.username, failed.ip, failed.path, failed.allowed) == ("paola", "10.0.0.7", STEP_TWO, False)


def test_the_second_step_page_is_italian_and_runs_no_inline_script(client, coordinator):
    log_in(client, "paola")
    response = client.get(STEP_TWO)
    content = response.content.decode()
    assert "protetto da autenticazione a due fattori" in content
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    # Scripts are files, or JSON data that browsers do not execute.
    for attributes in re.findall(r"<script([^>]*)>", content):
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes


# A role that requires a second factor and has none


@pytest.fixture
def paola_without_factor(team):
    return UserFactory(username="paola", team=team, role=COORDINATOR, second_factor=False)


def test_a_coordinator_without_a_second_factor_reaches_no_page_but_enrolment(client, paola_without_factor):
    organisation = OrganisationFactory()
    response = log_in(client, "paola")
    assert signed_in_as(client) == str(paola_without_factor.pk)
    assert client.get(response.url).url == ENROLMENT
    pages = [
        reverse("home"),
        reverse("cases:case_list"),
        reverse("territory:organisation_list"),
        organisation.get_absolute_url(),
        reverse("admin:index"),
        reverse("audit:event_list"),
        reverse("signin:sessions"),
        reverse("account_change_password"),
        reverse("mfa_view_recovery_codes"),
    ]
    for page in pages:
        response = client.get(page)
        assert (response.status_code, response.url) == (302, ENROLMENT), page
    # Nor can it change anything.
    response = client.post(reverse("territory:organisation_create"), {"name": "Nuova"})
    assert (response.status_code, response.url) == (302, ENROLMENT)

    page = client.get(ENROLMENT)
    assert page.status_code == 200
    assert 'id="enrolment-due"' in page.content.decode()
    # Leaving is allowed.
    assert client.post(reverse("logout")).status_code == 302


def test_enrolling_opens_the_pages(client, paola_without_factor):
    log_in(client, "paola")
    client.get(ENROLMENT)
    secret = client.session["mfa.totp.secret"]
    response = client.post(ENROLMENT, {"code": totp_code(secret)})
    # allauth shows the recovery codes made with the first factor.
    assert response.url == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=paola_without_factor, type="totp").exists()
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("mfa_view_recovery_codes")).status_code == 200


def test_the_required_roles_are_a_setting(client, db, settings):
    settings.MFA_REQUIRED_ROLES = [ADMIN]
    UserFactory(username="paola", role=COORDINATOR, second_factor=False)
    log_in(client, "paola")
    assert client.get(reverse("home")).status_code == 200


def test_a_coordinator_may_not_remove_the_last_second_factor(client, coordinator):
    log_in(client, "paola")
    second_step(client, totp_code(coordinator.totp_secret))
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert Authenticator.objects.filter(user=coordinator, type="totp").exists()


def test_a_worker_may_remove_an_optional_second_factor(client, worker):
    secret = enrol_totp(worker)
    log_in(client, "sara")
    second_step(client, totp_code(secret))
    assert client.post(reverse("mfa_deactivate_totp")).status_code == 302
    assert not Authenticator.objects.filter(user=worker, type="totp").exists()


# Recovery codes


def test_a_recovery_code_works_once_only(client, coordinator):
    first, second = RecoveryCodes.activate(coordinator).get_unused_codes()[:2]
    log_in(client, "paola")
    assert second_step(client, first).url == reverse("home")
    client.post(reverse("logout"))

    log_in(client, "paola")
    response = second_step(client, first)
    assert response.status_code == 200
    assert signed_in_as(client) is None
    assert second_step(client, second).url == reverse("home")


# Lockout (django-axes) on both steps


def test_wrong_codes_lock_the_account_as_wrong_passwords_do(client, coordinator, settings):
    log_in(client, "paola")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert second_step(client, "000000").status_code == 200
    locked = second_step(client, "000000")
    assert locked.status_code == 429
    assert "Troppi tentativi" in locked.content.decode() or "Too many attempts" in locked.content.decode()
    # Locked: the right code is refused, and so is the right password, typed again from the start.
    assert second_step(client, totp_code(coordinator.totp_secret)).status_code == 429
    assert signed_in_as(client) is None
    assert log_in(Client(), "paola").status_code == 429


def test_failures_on_either_step_add_up(client, coordinator, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 2):
        log_in(client, "paola", password="sbagliata")
    log_in(client, "paola")
    assert second_step(client, "000000").status_code == 200
    assert second_step(client, "000000").status_code == 429


def test_the_lock_is_per_address(client, coordinator, settings):
    log_in(client, "paola", REMOTE_ADDR="10.0.0.1")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        second_step(client, "000000", REMOTE_ADDR="10.0.0.1")
    log_in(client, "paola", REMOTE_ADDR="10.0.0.2")
    assert second_step(client, totp_code(coordinator.totp_secret), REMOTE_ADDR="10.0.0.2").url == reverse("home")


# The admin's login page


def test_the_admin_login_page_sends_to_the_sign_in_with_two_steps(client, coordinator):
    response = client.get(reverse("admin:login"), {"next": "/admin/"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login")) and "next=/admin/" in response.url
    # Its form, posted to directly, signs nobody in.
    client.post(reverse("admin:login"), {"username": "paola", "password": "password-di-prova"})
    assert signed_in_as(client) is None


def test_a_signed_in_user_without_admin_rights_gets_no_admin_login_form(worker_client):
    assert worker_client.get(reverse("admin:login")).status_code == 403


# Resetting a second factor


def test_an_admin_resets_a_second_factor_and_the_trail_says_who(admin_client, admin_user, coordinator):
    client_of_paola = Client()
    log_in(client_of_paola, "paola")
    second_step(client_of_paola, totp_code(coordinator.totp_secret))
    RecoveryCodes.activate(coordinator)

    response = admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factors", "_selected_action": [coordinator.pk]},
    )
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=coordinator).exists()
    event = AuditEvent.objects.get(action="mfa_reset")
    assert (event.user, event.object_id, event.changes) == (
        admin_user,
        str(coordinator.pk),
        {"second_factors_removed": 2},
    )
    # Paola's session ended with it; at her next sign-in she enrols again.
    assert client_of_paola.get(reverse("home")).url.startswith(reverse("login"))
    log_in(client_of_paola, "paola")
    assert client_of_paola.get(reverse("home")).url == ENROLMENT


def test_a_social_worker_may_not_reset_second_factors(worker_client, coordinator):
    response = worker_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factors", "_selected_action": [coordinator.pk]},
    )
    assert response.status_code == 302 and "login" in response.url
    assert Authenticator.objects.filter(user=coordinator).exists()


def test_the_user_list_shows_who_has_a_second_factor(admin_client, coordinator, worker, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("admin:accounts_user_changelist"))
    rows = {user.username: user.second_factor for user in response.context["cl"].result_list}
    assert rows["paola"] is True and rows["sara"] is False
    UserFactory.create_batch(10, role=SOCIAL_WORKER)
    with django_assert_max_num_queries(12):
        admin_client.get(reverse("admin:accounts_user_changelist"))


PAGES_OF_A_SIGNED_IN_USER = [
    "mfa_index",
    "mfa_generate_recovery_codes",
    "mfa_view_recovery_codes",
    "mfa_list_webauthn",
    "mfa_add_webauthn",
    "mfa_deactivate_totp",
    "account_change_password",
    "account_reauthenticate",
    "mfa_reauthenticate",
    "signin:sessions",
]


def assert_no_inline_code(content: str) -> None:
    """What the strict CSP would block: inline scripts, inline styles, event-handler attributes."""
    for attributes in re.findall(r"<script([^>]*)>", content):
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes
    assert "<style" not in content
    assert not re.search(r"\s(style|on[a-z]+)=", content)


def test_the_sign_in_pages_are_rete_pages_without_inline_code(client, coordinator):
    RecoveryCodes.activate(coordinator)
    for page in ("login", "account_reset_password"):
        assert_no_inline_code(client.get(reverse(page)).content.decode())
    log_in(client, "paola")
    assert_no_inline_code(client.get(STEP_TWO).content.decode())
    second_step(client, totp_code(coordinator.totp_secret))
    for name in PAGES_OF_A_SIGNED_IN_USER:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        content = response.content.decode()
        assert 'id="user-menu"' in content, name  # inside Rete's own page, with its menu
        assert_no_inline_code(content)
