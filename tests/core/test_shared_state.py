"""What several servers share: the cache (CACHE_URL) and the file storage (STORAGE_BACKEND), chosen by settings.

The tests' own cache is this process's memory (tests/environment.py); here the database cache, production's
default, is switched on and read back by a second cache object, as another server would read it.
"""

import runpy
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.cache.backends.db import DatabaseCache
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse
from django.utils.module_loading import import_string

from config.shared_state import ConfigurationError, cache_from_url
from tests.factories import CommunityActionFactory, enrol_totp, totp_code

SETTINGS = Path(__file__).resolve().parents[2] / "config" / "settings.py"
DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "rete_cache",
    "KEY_PREFIX": "rete",
}


def settings_with(monkeypatch, **environ) -> dict:
    """config/settings.py as a server would read it with this environment (the running settings untouched)."""
    for name in ("CACHE_URL", "STORAGE_BACKEND", "DOCUMENTS_STORAGE_BACKEND", "AWS_STORAGE_BUCKET_NAME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


def test_by_default_the_cache_is_a_database_table_and_files_a_private_folder(monkeypatch):
    config = settings_with(monkeypatch)
    assert config["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert config["CACHES"]["default"]["LOCATION"] == "rete_cache"
    assert config["STORAGES"]["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert config["STORAGES"]["documents"] == config["STORAGES"]["default"]
    assert config["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    # The private folder is not under the static files.
    assert not config["MEDIA_ROOT"].is_relative_to(config["STATIC_ROOT"])


def test_a_redis_cache_url_chooses_djangos_redis_backend(monkeypatch):
    config = settings_with(monkeypatch, CACHE_URL="redis://10.0.0.5:6379/1")
    assert config["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert config["CACHES"]["default"]["LOCATION"] == "redis://10.0.0.5:6379/1"


def test_storage_backend_s3_puts_every_file_in_a_private_bucket(monkeypatch):
    config = settings_with(
        monkeypatch,
        STORAGE_BACKEND="s3",
        AWS_STORAGE_BUCKET_NAME="rete-file",
        AWS_S3_ENDPOINT_URL="https://s3.example.it",
        AWS_ACCESS_KEY_ID="AKIAEXAMPLE",
    )
    for name in ("default", "documents"):
        storage = config["STORAGES"][name]
        assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
        assert storage["OPTIONS"]["bucket_name"] == "rete-file"
        assert storage["OPTIONS"]["endpoint_url"] == "https://s3.example.it"
        assert storage["OPTIONS"]["default_acl"] == "private"
        # Credentials stay in the environment, for django-storages and boto3 to read.
        assert "AKIAEXAMPLE" not in repr(storage)
    # The backend is installed and takes these options (building it contacts no server).
    built = import_string(storage["BACKEND"])(**storage["OPTIONS"])
    assert (built.bucket_name, built.default_acl, built.querystring_auth) == ("rete-file", "private", True)


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"STORAGE_BACKEND": "s3"}, "AWS_STORAGE_BUCKET_NAME"),
        ({"STORAGE_BACKEND": "ftp"}, "local or s3"),
        ({"CACHE_URL": "memcached://10.0.0.5"}, "CACHE_URL"),
    ],
)
def test_a_wrong_setting_stops_the_server_from_starting(monkeypatch, environ, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        settings_with(monkeypatch, **environ)


def test_a_cache_table_name_is_a_plain_name():
    assert cache_from_url("db://other_cache")["LOCATION"] == "other_cache"
    with pytest.raises(ConfigurationError):
        cache_from_url("db://x;DROP")


@pytest.fixture
def database_cache(settings, db):
    settings.CACHES = {**settings.CACHES, "default": DATABASE_CACHE}
    call_command("createcachetable", verbosity=0)
    return DatabaseCache("rete_cache", {"KEY_PREFIX": "rete"})  # another server's view of the same table


def test_indicator_figures_computed_on_one_server_are_read_on_another(worker_client, database_cache):
    CommunityActionFactory()
    page = worker_client.get(reverse("indicators:dashboard"))
    key = next(k for k in database_cache_keys() if k.startswith("rete:1:indicators:dashboard:"))
    stored = database_cache.get(key.removeprefix("rete:1:"))
    assert stored["computed_at"] == page.context["computed_at"]
    assert page.context["computed_at"] is not None


def database_cache_keys() -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM rete_cache")
        return [row[0] for row in cursor.fetchall()]


def test_a_two_factor_code_used_on_one_server_is_refused_on_another(coordinator, database_cache):
    secret = enrol_totp(coordinator)
    code = totp_code(secret)
    authenticator = Authenticator.objects.get(user=coordinator, type=Authenticator.Type.TOTP)
    assert TOTP(authenticator).validate_code(code)
    assert any("allauth.mfa.totp.used" in key for key in database_cache_keys())
    assert not TOTP(authenticator).validate_code(code)


def test_the_deployment_check_warns_of_a_cache_in_each_process(settings):
    from core.checks import shared_cache

    settings.CACHES = {**settings.CACHES, "default": cache_from_url("locmem://")}
    assert [warning.id for warning in shared_cache(None)] == ["core.W001"]
    settings.CACHES = {**settings.CACHES, "default": DATABASE_CACHE}
    assert shared_cache(None) == []
