"""Settings for Rete, read from the environment (see .env.example).

One module for every environment, as in healthchecks: what differs between a laptop and a
municipality's server is given by environment variables, never by another settings file.
"""

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.shared_state import DEFAULT_CACHE_URL, ConfigurationError, cache_from_url, file_storages

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str = "0") -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
# Serving (gunicorn, runserver) without a key fails loudly. Other management commands (makemigrations,
# check, makemessages...) sign nothing that outlives them, so they may run with a throwaway key.
_MANAGEMENT_COMMAND = Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] != ["runserver"]
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105 (DEBUG only)
    elif _MANAGEMENT_COMMAND:
        SECRET_KEY = secrets.token_urlsafe(50)
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see .env.example).")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Third party
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "axes",
    "django_q",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.usersessions",
    # The staff API (api/): its docs page uses the Swagger UI files shipped in the package, not a CDN.
    "ninja",
    # Ours, from the ground floor up (ARCHITECTURE.md)
    "core",
    "accounts",
    "outbox",
    "signin",
    "audit",
    "notifications",
    "documents",
    "territory",
    "cases",
    "community",
    "partners",
    "indicators",
    "home",
    "agenda",
    "planning",
    "directory",
    "api",
]
# The demo data and its users with a published password: on a developer's machine (DEBUG) or where asked
# for explicitly (DEMO=1: the tests, the benchmark's seeding), never in production. seed_demo itself
# still refuses to run without DEBUG.
if DEBUG or envbool("DEMO"):
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    # First: every log record of the request, and its error page, carry the request id (core.logs).
    "core.logs.RequestIdMiddleware",
    # Behind nginx: the client's address from X-Forwarded-For, when the peer is a trusted proxy (core.proxy).
    "core.proxy.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.sessions.IdleTimeoutMiddleware",
    "core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Deny by default: every view needs a login unless marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # django-allauth's login flow (password, then the second factor) keeps its state through this.
    "allauth.account.middleware.AccountMiddleware",
    # A role that requires a second factor reaches no page but enrolment until it has one.
    "signin.middleware.SecondFactorEnrolmentMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.security.SecurityHeadersMiddleware",
    # Knows who is acting, from where, for the audit trail of every read and change.
    "audit.middleware.AuditContextMiddleware",
    # A partner organisation's account reaches its portal only: 404 elsewhere (partners/middleware.py).
    "partners.middleware.PartnerFenceMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend with the permissions read in one query (accounts/backends.py).
    "accounts.backends.ModelBackendOneQuery",
]
# Lock an account after repeated failures from the same address, for an hour. The login page says
# the same thing for an unknown user as for a wrong password, so it does not tell who exists.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# Sign-in (README, "Signing in"): django-allauth's login flow, two-factor and OpenID Connect; see signin/.
# Accounts are made by an admin: no sign-up, no e-mail management by the user, usernames to log in.
ACCOUNT_ADAPTER = "signin.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
# The session lasts as any other: SESSION_COOKIE_AGE after the last activity (core.sessions).
ACCOUNT_SESSION_REMEMBER = True
# django-axes is the one lockout, on both steps (signin.lockout): allauth's own counter of failed logins
# would lock with another message and another duration.
ACCOUNT_RATE_LIMITS = {"login_failed": None}
# The password reset answers the same whether the address is known or not, and writes to known ones only.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Rete] "
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# A reset link works once (it is signed with the password it replaces) and for this many seconds.
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_TIMEOUT", 60 * 60)

MFA_ADAPTER = "signin.adapters.SecondFactorAdapter"
MFA_FORMS = {"authenticate": "signin.forms.SecondStepForm"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = os.environ.get("MFA_TOTP_ISSUER", "Rete")
# A code typed as the authenticator app turns to the next one is still accepted (RFC 6238, 5.2: one step of
# delay); a used code is refused for its period all the same.
MFA_TOTP_TOLERANCE = 1
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TRUST_ENABLED = False
# Security keys and passkeys need HTTPS, except on localhost.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# The roles whose members must have a second factor (accounts/roles.py); superusers always must. Off for
# everyone in DEBUG unless set, so the demo users keep logging in with a password on a laptop.
MFA_REQUIRED_ROLES = envlist("MFA_REQUIRED_ROLES", "" if DEBUG else "coordinator,admin,auditor")

# Single sign-on through the municipality's OpenID Connect provider (its Entra ID, Keycloak, or a SPID/CIE
# gateway): off unless OIDC_ISSUER is set. The account is matched to an existing user by one claim.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").rstrip("/")
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_NAME = os.environ.get("OIDC_NAME", "SSO")
# The claim carrying the username (preferred_username) or the e-mail (email), and which it is.
OIDC_USERNAME_CLAIM = os.environ.get("OIDC_USERNAME_CLAIM", "preferred_username")
OIDC_MATCH_FIELD = os.environ.get("OIDC_MATCH_FIELD", "username")
OIDC_SCOPES = envlist("OIDC_SCOPES", "openid,profile,email")
# Off by default: an admin creates the account and decides its roles and team before anyone signs in.
OIDC_CREATE_USERS = envbool("OIDC_CREATE_USERS")
SOCIALACCOUNT_ADAPTER = "signin.adapters.SingleSignOnAdapter"
SOCIALACCOUNT_PROVIDERS = {
    # Adds the nonce to allauth's generic provider (see signin.oidc).
    "openid_connect": {"provider_class": "signin.oidc.MunicipalityProvider", "OAUTH_PKCE_ENABLED": True},
}
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "partners.context_processors.partner",
                "core.context_processors.site",
                "core.context_processors.fragments",
            ],
        },
    },
]

if "demo" in INSTALLED_APPS:
    TEMPLATES[0]["OPTIONS"]["context_processors"].append("demo.context_processors.mailbox")

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        # A persistent connection left broken by a database restart is replaced before it is used.
        conn_health_checks=True,
    )
}
# Two PostgreSQL roles in production (README, "Deployment: database roles, backups"): the app connects as
# DATABASE_URL, a role that owns nothing and may only add to and read the audit trail; `manage.py migrate`
# connects as MIGRATION_DATABASE_URL, the owner of the tables, and then grants the app role (the user of
# DATABASE_URL, or DATABASE_APP_ROLE) its privileges: see audit.db_roles. Without MIGRATION_DATABASE_URL
# one role does everything, as in development and tests.
MIGRATION_DATABASE_URL = os.environ.get("MIGRATION_DATABASE_URL", "")
DATABASE_APP_ROLE = ""
# `createcachetable` (the shared cache's table, see CACHE_URL) runs as the owner too, before migrate grants.
if (
    MIGRATION_DATABASE_URL
    and Path(sys.argv[0]).name == "manage.py"
    and sys.argv[1:2] in (["migrate"], ["createcachetable"])
):
    DATABASE_APP_ROLE = os.environ.get("DATABASE_APP_ROLE") or DATABASES["default"].get("USER", "")
    DATABASES["default"] = dj_database_url.parse(MIGRATION_DATABASE_URL, conn_max_age=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the job worker share the file: readers do not wait for writers (WAL), a
    # writer waits its turn instead of failing, and a transaction takes the write lock when it starts
    # so two of them never deadlock upgrading their locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable database host answers 503 within seconds instead of holding workers until they time out.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", envint("DB_CONNECT_TIMEOUT", 5))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Italian first. English is available, but only by the user's explicit choice: see
# core.middleware.ChosenLanguageMiddleware for why the browser's Accept-Language is ignored.
LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Rome"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded documents live outside the static tree and are served only by permission-checked views.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/documents/"
# Where uploaded files are kept (config/shared_state.py): STORAGE_BACKEND=local, a private folder (MEDIA_ROOT,
# shared between servers by a network mount), or s3, an S3-compatible bucket through django-storages.
# Documents attached to records (the documents app) are never served as static or media files: only the
# documents app's permission-checked view reads them. DOCUMENTS_STORAGE_BACKEND and DOCUMENTS_STORAGE_OPTIONS
# (JSON), the older setting, still choose another storage for them alone (README, "Configuration").
try:
    STORAGES = file_storages(os.environ)
except ConfigurationError as error:
    raise ImproperlyConfigured(str(error)) from error
STORAGES["staticfiles"] = {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    if DEBUG
    else "whitenoise.storage.CompressedManifestStaticFilesStorage"
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The largest document accepted.
DOCUMENT_MAX_BYTES = envint("DOCUMENT_MAX_MB", 10) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 15 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: minutes of the participatory tables are sent to their members.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
# For django.core.mail.backends.filebased.EmailBackend (the exactly-once delivery test uses it).
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "rete@localhost")
# The address people reach the app at: links in e-mails and calendar feeds start with it.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The administration that runs Rete: named in the header and in the accessibility statement (AgID's model:
# who publishes it, the address for feedback on accessibility, the date of the last review, YYYY-MM-DD).
ENTITY_NAME = os.environ.get("ENTITY_NAME", "Ambito territoriale sociale")
ENTITY_URL = os.environ.get("ENTITY_URL", "")
ACCESSIBILITY_EMAIL = os.environ.get("ACCESSIBILITY_EMAIL", DEFAULT_FROM_EMAIL)
ACCESSIBILITY_REVIEWED_ON = os.environ.get("ACCESSIBILITY_REVIEWED_ON", "2026-11-25")

SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "0" if DEBUG else "1")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Idle timeout: the session lasts SESSION_COOKIE_AGE seconds after the last request.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 30 * 60)
# core.sessions.IdleTimeoutMiddleware renews the expiry at most once a minute.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "0" if DEBUG else "1")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "0" if DEBUG else "1")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "0" if DEBUG else "1")
# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto.
if envbool("BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The reverse proxies' addresses (comma-separated): from them the client's address is read in X-Forwarded-For
# (core.proxy), for the audit trail and the login lockout. Empty: REMOTE_ADDR as it comes.
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES")
# Load balancers probe the health endpoints over plain HTTP; they carry no data.
SECURE_REDIRECT_EXEMPT = [r"^(healthz|readyz|health/)$"]
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True
# Special-category data: how many years after a person's last case was closed their record is
# anonymised by `manage.py anonymise_people` (D.Lgs. 196/2003 and GDPR art. 5.1.e).
RETENTION_YEARS = envint("RETENTION_YEARS", 10)
# The audit trail's own retention: `manage.py purge_audit_trail --apply` removes events older than this many
# months. The Garante asks that access logs be kept at least 24 months, so a shorter setting is refused
# (and the database function that deletes them refuses it too: audit/migrations/0005).
AUDIT_RETENTION_MONTHS = envint("AUDIT_RETENTION_MONTHS", 24)
if AUDIT_RETENTION_MONTHS < 24:
    raise ImproperlyConfigured("AUDIT_RETENTION_MONTHS must be at least 24 (the Garante's minimum for access logs).")

# Links e-mailed to partners (a referral to answer, minutes to confirm, an action item to close) work
# this many days; the public pages behind them answer at most PARTNER_LINK_RATE_LIMIT requests per
# address every PARTNER_LINK_RATE_WINDOW seconds (partners/ratelimit.py).
PARTNER_LINK_DAYS = envint("PARTNER_LINK_DAYS", 30)
PARTNER_LINK_RATE_LIMIT = envint("PARTNER_LINK_RATE_LIMIT", 60)
PARTNER_LINK_RATE_WINDOW = envint("PARTNER_LINK_RATE_WINDOW", 600)

# The public directory (directory app): its pages and the open HSDS API need no login, may be kept by
# browsers and proxies for PUBLIC_CACHE_SECONDS, and answer at most PUBLIC_RATE_LIMIT requests per address
# every PUBLIC_RATE_WINDOW seconds. core.security leaves the paths below out of the no-store rule.
PUBLIC_PATH_PREFIXES = ("/servizi/", "/hsds/")
PUBLIC_CACHE_SECONDS = envint("PUBLIC_CACHE_SECONDS", 300)
PUBLIC_RATE_LIMIT = envint("PUBLIC_RATE_LIMIT", 300)
PUBLIC_RATE_WINDOW = envint("PUBLIC_RATE_WINDOW", 60)

# Days after a table meeting when its coordinator is reminded that the minutes are not sent yet.
MINUTES_REMINDER_DAYS = envint("MINUTES_REMINDER_DAYS", 7)

# Map tiles for the Indicators map, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png (check the
# provider's usage policy). Empty: the map shows markers on a blank background, with no outside request.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "&copy; OpenStreetMap contributors")

# The job queue (core/jobs.py): django-q2. The database is the broker unless JOB_REDIS_URL is set
# (several servers: every web server and worker points at the same Redis). Schedules live in the
# database either way. A job may run at most JOB_TIMEOUT seconds; an unacknowledged one is handed to
# another worker after JOB_RETRY seconds, so JOB_RETRY must be larger.
JOB_REDIS_URL = os.environ.get("JOB_REDIS_URL", "")
Q_CLUSTER = {
    "name": "rete",
    "workers": envint("JOB_WORKERS", 2),
    "timeout": envint("JOB_TIMEOUT", 300),
    "retry": envint("JOB_RETRY", 360),
    # A failed job is not handed out again by the broker: core.jobs.run schedules its retries with
    # back-off, and records the final failure.
    "ack_failures": True,
    "max_attempts": 1,
    "catch_up": False,
    "save_limit": 5000,
    "label": _("Job queue"),
    **({"redis": JOB_REDIS_URL} if JOB_REDIS_URL else {"orm": "default"}),
}

# The benchmark (bench/run.py) sets BENCH=1 to route its floor view and count each request's queries
# (core/bench.py, outermost so that it sees them all); nothing else uses it.
BENCH = envbool("BENCH")
if BENCH:
    MIDDLEWARE.insert(0, "core.bench.QueryCountMiddleware")

# The cache every server and worker shares (config/shared_state.py): the Indicators figures, allauth's guard
# against reusing a two-factor code, the partner links' rate limit. By default a table in the database
# (`manage.py createcachetable` after migrate), so one server needs nothing more; CACHE_URL=redis://... for
# Django's Redis backend. Sessions stay in the database whatever the cache (signin.checks requires it).
CACHE_URL = os.environ.get("CACHE_URL", DEFAULT_CACHE_URL)
try:
    CACHES = {"default": cache_from_url(CACHE_URL)}
except ConfigurationError as error:
    raise ImproperlyConfigured(str(error)) from error
# Page fragments that are a pure function of their key (the menus for a set of permissions, the header and
# footer in a language, a filter form for its input): kept in each process's memory, since every server
# would draw the same HTML from the same code and a round trip to a shared cache costs more than drawing
# them. Keys and lifetimes in core/fragments.py.
CACHES["fragments"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments"}
FRAGMENT_CACHE_SECONDS = envint("FRAGMENT_CACHE_SECONDS", 300)
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# How long the Indicators figures are kept before being computed again.
INDICATORS_CACHE_SECONDS = envint("INDICATORS_CACHE_SECONDS", 600)

# Logs (core.logs): one JSON object per line on standard output (journald keeps them), each with the request
# id and the signed-in user's id; LOG_FORMAT=text for plain lines (the default with DEBUG).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "core.logs.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s user %(user_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_context"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Error reporting to Sentry or a compatible server (GlitchTip): off unless SENTRY_DSN is set; personal data
# off (core.logs.error_reporting_options).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    from core.logs import init_error_reporting

    init_error_reporting(SENTRY_DSN, os.environ.get("SENTRY_ENVIRONMENT", "production"))

# An account opening the records of more people than this within an hour alerts the auditors.
AUDIT_ALERT_PEOPLE_PER_HOUR = envint("AUDIT_ALERT_PEOPLE_PER_HOUR", 50)
