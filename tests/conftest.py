import pytest
from django.core.cache import cache, caches

from accounts.backends import forget_kept_permissions
from accounts.roles import COORDINATOR, SOCIAL_WORKER
from tests.factories import TeamFactory, UserFactory


@pytest.fixture(scope="session", autouse=True)
def _plain_http():
    """Production defaults redirect to HTTPS and send cookies over HTTPS only; test servers speak HTTP.

    Set once for the session, before the live server (browser tests) builds its middleware.
    """
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Between transactional tests (browser journeys) Django empties every table with TRUNCATE, which the
    audit trail's trigger refuses on PostgreSQL. Only in the test database, that one trigger is off;
    tests/audit/test_pg_roles.py proves it on a database migrated as in production."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_truncate")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # The manifest storage needs collectstatic; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Every test computes its own figures, and draws its own menus and filter forms (core/fragments.py):
    # a fragment kept from another test could list rows that test rolled back.
    cache.clear()
    caches["fragments"].clear()
    # Nor permissions kept for a user of another test, whose id a rolled-back database hands out again.
    forget_kept_permissions()


@pytest.fixture
def team(db):
    return TeamFactory(name="Équipe Nord")


@pytest.fixture
def worker(team):
    """Sara, a social worker of the north team."""
    return UserFactory(username="sara", team=team, role=SOCIAL_WORKER)


@pytest.fixture
def coordinator(team):
    return UserFactory(username="paola", team=team, role=COORDINATOR)


@pytest.fixture
def no_role_user(db):
    """Signed in, but in no role group: may read the directory, may not change it."""
    return UserFactory(username="ospite", team=None)


@pytest.fixture
def worker_client(client, worker):
    client.force_login(worker)
    return client


@pytest.fixture
def no_role_client(client, no_role_user):
    client.force_login(no_role_user)
    return client


@pytest.fixture
def other_team_worker(db):
    """Marco, a social worker of another team: should see none of Sara's cases."""
    return UserFactory(username="marco", team=TeamFactory(name="Équipe Sud"), role=SOCIAL_WORKER)


@pytest.fixture
def other_team_client(client, other_team_worker):
    client.force_login(other_team_worker)
    return client
