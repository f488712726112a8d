from django.conf import settings
from django.core.checks import Error, register

from accounts.roles import ROLE_LABELS

# The list of a user's sessions, and ending them, read and delete the database's session rows.
DATABASE_SESSION_ENGINES = {"django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"}


@register()
def sign_in_settings(app_configs, **kwargs):
    errors = []
    if settings.SESSION_ENGINE not in DATABASE_SESSION_ENGINES:
        errors.append(Error("SESSION_ENGINE must keep sessions in the database (db or cached_db).", id="signin.E001"))
    unknown = sorted(set(settings.MFA_REQUIRED_ROLES) - set(ROLE_LABELS))
    if unknown:
        errors.append(
            Error(
                f"MFA_REQUIRED_ROLES names unknown roles: {', '.join(unknown)}.",
                hint=f"Roles: {', '.join(ROLE_LABELS)}.",
                id="signin.E002",
            )
        )
    if settings.OIDC_ISSUER and not (settings.OIDC_CLIENT_ID and settings.OIDC_CLIENT_SECRET):
        errors.append(Error("OIDC_ISSUER is set without OIDC_CLIENT_ID and OIDC_CLIENT_SECRET.", id="signin.E003"))
    if settings.OIDC_MATCH_FIELD not in ("username", "email"):
        errors.append(Error("OIDC_MATCH_FIELD must be 'username' or 'email'.", id="signin.E004"))
    return errors
