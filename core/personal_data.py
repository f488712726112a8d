"""Inventory of the personal data the app keeps (GDPR art. 30 record of processing, the data part).

Each app declares, from its AppConfig.ready(), how every field of its models is classified and how
long it is kept (`register`). core imports no app to know them: the apps tell it, as they tell the
audit trail what to track. A test walks every model of every app of ours and fails when a field is
unclassified or has no retention, so the inventory cannot fall behind the code.

Django's and third-party apps are ours to declare too where they hold personal data (sessions, the
admin's log, django-axes' login attempts): they are declared below by label, since core may not
import them either.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

IDENTIFYING = _("identifying")
CONTACT = _("contact details")
SPECIAL = _("special category (health, social situation)")
SERVICE = _("service record")
NOT_PERSONAL = None

# Retention tags: how long a field is kept, and what removes it. The settings named are the knobs.
UNTIL_ANONYMISED = _("until anonymisation: RETENTION_YEARS after the person's last case closed")
AUDIT_TRAIL = _("audit trail: AUDIT_RETENTION_MONTHS, then removed by the audit purge")
DIRECTORY = _("directory: while the organisation is listed, until deleted by an admin")
ACCOUNT = _("account: until the account is deleted")
COMMUNITY_RECORD = _("community work record: kept as the service's history, no automatic removal")
REFERENCE = _("reference data: the area tree and code lists, until changed by an admin")
SESSION = _("session: until it expires (SESSION_COOKIE_AGE) or the user logs out")
LOGIN_ATTEMPTS = _("login attempts: until the lockout expires (AXES_COOLOFF_TIME) or an admin resets them")
ADMIN_LOG = _("admin history: until deleted by a superuser")
AGGREGATE = _("aggregate counts: replaced each time a job rebuilds them from the records")


@dataclass(frozen=True)
class Entry:
    label: str
    fields: Mapping[str, object]
    retention: object | None = None
    field_retention: Mapping[str, object] = field(default_factory=dict)

    def retention_of(self, name: str):
        return self.field_retention.get(name, self.retention)


_inventory: dict[str, Entry] = {}


def register(
    model: type[models.Model] | str,
    *,
    fields: Mapping[str, object],
    retention=None,
    field_retention: Mapping[str, object] | None = None,
) -> None:
    """Declare a model's fields (name → category, None when not personal) and their retention.

    `retention` is the model's tag; `field_retention` overrides it for single fields.
    """
    label = model if isinstance(model, str) else model._meta.label
    _inventory[label.lower()] = Entry(
        label=label, fields=dict(fields), retention=retention, field_retention=dict(field_retention or {})
    )


def entry(model: type[models.Model]) -> Entry | None:
    return _inventory.get(model._meta.label_lower)


def classifiable_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields that hold data: concrete ones and many-to-many declared on the model."""
    return [f for f in model._meta.get_fields() if f.concrete or (f.many_to_many and not f.auto_created)]


def our_models() -> list[type[models.Model]]:
    """Every model of the apps in this repository (their package sits at the project's root)."""
    root = Path(settings.BASE_DIR).resolve()
    return [
        model
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == root
        for model in config.get_models()
    ]


def inventoried_models() -> list[type[models.Model]]:
    """Ours, and the registered models of other installed apps."""
    models_ = our_models()
    for label in _inventory:
        app_label, _dot, model_name = label.partition(".")
        if _installed(app_label):
            model = apps.get_model(app_label, model_name)
            if model not in models_:
                models_.append(model)
    return models_


def problems(models_: Iterable[type[models.Model]]) -> list[str]:
    """What the inventory lacks for these models: unregistered models, unclassified or unknown fields,
    fields without a retention tag. Empty when complete."""
    found = []
    for model in models_:
        declared = entry(model)
        if declared is None:
            found.append(f"{model._meta.label}: not in the personal-data inventory")
            continue
        names = {f.name for f in classifiable_fields(model)}
        for name in sorted(names - set(declared.fields)):
            found.append(f"{model._meta.label}.{name}: not classified")
        for name in sorted(set(declared.fields) - names):
            found.append(f"{model._meta.label}.{name}: classified but no such field")
        for name in sorted(names & set(declared.fields)):
            if not declared.retention_of(name):
                found.append(f"{model._meta.label}.{name}: no retention tag")
    return found


def rows() -> list[tuple[type[models.Model], models.Field, object, object]]:
    """(model, field, category, retention) for every personal field, in a stable order."""
    result = []
    for model in sorted(inventoried_models(), key=lambda m: m._meta.label):
        declared = entry(model)
        if declared is None:
            continue
        for model_field in classifiable_fields(model):
            category = declared.fields.get(model_field.name)
            if category is not None:
                result.append((model, model_field, category, declared.retention_of(model_field.name)))
    return result


def _installed(app_label: str) -> bool:
    return any(config.label == app_label for config in apps.get_app_configs())


# Django's and third-party apps holding personal data.
register(
    "sessions.Session",
    fields={"session_key": IDENTIFYING, "session_data": IDENTIFYING, "expire_date": SERVICE},
    retention=SESSION,
)
register(
    "admin.LogEntry",
    fields={
        "id": NOT_PERSONAL, "action_time": SERVICE, "user": IDENTIFYING, "content_type": NOT_PERSONAL,
        "object_id": SERVICE, "object_repr": IDENTIFYING, "action_flag": SERVICE, "change_message": SERVICE,
    },
    retention=ADMIN_LOG,
)  # fmt: skip
_AXES_ATTEMPT = {
    "id": NOT_PERSONAL, "user_agent": IDENTIFYING, "ip_address": IDENTIFYING, "username": IDENTIFYING,
    "http_accept": NOT_PERSONAL, "path_info": SERVICE, "attempt_time": SERVICE,
}  # fmt: skip
register(
    "axes.AccessAttempt",
    fields={**_AXES_ATTEMPT, "get_data": IDENTIFYING, "post_data": IDENTIFYING, "failures_since_start": SERVICE},
    retention=LOGIN_ATTEMPTS,
)
register("axes.AccessFailureLog", fields={**_AXES_ATTEMPT, "locked_out": SERVICE}, retention=LOGIN_ATTEMPTS)
register(
    "axes.AccessLog",
    fields={**_AXES_ATTEMPT, "logout_time": SERVICE, "session_hash": IDENTIFYING},
    retention=LOGIN_ATTEMPTS,
)
register(
    "axes.AccessAttemptExpiration",
    fields={"access_attempt": SERVICE, "expires_at": SERVICE},
    retention=LOGIN_ATTEMPTS,
)
