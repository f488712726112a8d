"""What several servers must share, read from the environment: the cache and the file storage.

Plain functions with no Django import, so that config/settings.py can call them and tests can call them
with any environment. README, "Deployment", says which to choose when.

- CACHE_URL: `db://rete_cache` (the default: a table in the database, created by `manage.py
  createcachetable`, so one server needs nothing more and several share it), `redis://host:6379/1` or
  `rediss://...` (Django's built-in Redis backend), `locmem://` (this process only: tests, one developer).
- STORAGE_BACKEND: `local` (the default: a private folder, MEDIA_ROOT, outside the static files; shared
  between servers by a network mount) or `s3` (an S3-compatible bucket through django-storages, its
  settings from AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL and AWS_S3_REGION_NAME, the credentials from
  AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, which django-storages and boto3 read themselves).
"""

import json
from collections.abc import Mapping
from urllib.parse import urlsplit

DEFAULT_CACHE_URL = "db://rete_cache"
CACHE_KEY_PREFIX = "rete"


class ConfigurationError(ValueError):
    pass


def cache_from_url(url: str) -> dict:
    """The CACHES["default"] entry a CACHE_URL names."""
    scheme = urlsplit(url).scheme
    if scheme == "db":
        table = url.removeprefix("db://").strip("/") or "rete_cache"
        if not table.replace("_", "").isalnum():
            raise ConfigurationError(f"CACHE_URL: {table!r} is not a table name.")
        backend = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": table}
    elif scheme in ("redis", "rediss"):
        backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    elif scheme == "locmem":
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rete"}
    else:
        raise ConfigurationError("CACHE_URL must start with db://, redis://, rediss:// or locmem://.")
    return {**backend, "KEY_PREFIX": CACHE_KEY_PREFIX}


S3_BACKEND = "storages.backends.s3.S3Storage"
LOCAL_BACKEND = "django.core.files.storage.FileSystemStorage"


def s3_options(environ: Mapping[str, str]) -> dict:
    """django-storages' options for a private bucket; never the credentials (read from the environment)."""
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not bucket:
        raise ConfigurationError("STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME.")
    options = {
        "bucket_name": bucket,
        # Private objects, fetched only by the app and streamed through its permission-checked views.
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    for option, variable in (("endpoint_url", "AWS_S3_ENDPOINT_URL"), ("region_name", "AWS_S3_REGION_NAME")):
        if environ.get(variable):
            options[option] = environ[variable]
    return options


def file_storages(environ: Mapping[str, str]) -> dict:
    """STORAGES["default"] (protocols) and STORAGES["documents"] (attachments) for STORAGE_BACKEND."""
    choice = environ.get("STORAGE_BACKEND", "local").strip().lower() or "local"
    if choice == "local":
        # Without options FileSystemStorage keeps files under MEDIA_ROOT, read when used.
        default = {"BACKEND": LOCAL_BACKEND}
    elif choice == "s3":
        default = {"BACKEND": S3_BACKEND, "OPTIONS": s3_options(environ)}
    else:
        raise ConfigurationError("STORAGE_BACKEND must be local or s3.")
    documents = dict(default)
    # The older, documents-only setting still wins for documents (README, "Configuration").
    if environ.get("DOCUMENTS_STORAGE_BACKEND"):
        documents = {
            "BACKEND": environ["DOCUMENTS_STORAGE_BACKEND"],
            "OPTIONS": json.loads(environ.get("DOCUMENTS_STORAGE_OPTIONS") or "{}"),
        }
    return {"default": default, "documents": documents}
