import pytest
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "password-di-prova"  # noqa: S105 (the factories' test password)


def log_in(client, username: str, password: str = PASSWORD, **extra):
    """The first step, as the login page posts it."""
    return client.post(reverse("login"), {"login": username, "password": password}, **extra)


def second_step(client, code: str, **extra):
    return client.post(reverse("mfa_authenticate"), {"code": code}, **extra)


def signed_in_as(client):
    return client.session.get("_auth_user_id")


@pytest.fixture
def admin_user(db):
    """Anna, who manages accounts: a superuser with an authenticator app."""
    return UserFactory(username="anna", is_staff=True, is_superuser=True, team=None)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client
