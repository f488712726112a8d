"""What the audit trail tracks, declared by each app from its AppConfig.ready().

This is django-auditlog's pattern (`auditlog.register(Model, exclude_fields=…, mask_fields=…)`): the
apps know their models, the trail only knows what it was told, so `audit/` imports no domain app.

Per model an app declares:
- `masked`: the value is never stored, only whether the field is set ("***") or empty (fiscal code,
  password, a person's name and contacts);
- `special`: special-category content (case goals, needs, reasons, notes…) is recorded by the field's
  name only, with a null value: the auditor learns that it changed, never what it says;
- `ignored`: bookkeeping not worth a line (timestamps, version counters, last login);
- `m2m`: many-to-many fields whose additions and removals are recorded (their ids);
- `subject`: the lookup from the record to the id of the person in charge it concerns ("pk" for the
  person itself, "case__person_id" for a referral…). A record that concerns a person is labelled by
  its type and id, never by `str()`, which may hold the person's name or a plan title;
- `label`: for other records, how to label them (default `str(record)`).
Every other concrete field is tracked with its value before and after.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models

MASK = "***"
# Never worth a line in the trail, whichever model has them.
ALWAYS_IGNORED = frozenset({"created_at", "updated_at", "version"})


@dataclass(frozen=True)
class Tracked:
    model: type[models.Model]
    masked: frozenset[str]
    special: frozenset[str]
    ignored: frozenset[str]
    m2m: tuple[str, ...]
    subject: str | None
    label: Callable[[models.Model], str] | None

    @cached_property
    def recorded_fields(self) -> list[models.Field]:
        return [field for field in self.model._meta.concrete_fields if field.name not in self.ignored]

    def values(self, instance: models.Model) -> dict:
        """The recorded fields of an instance, by attname, as they are now."""
        return {field.attname: field.value_from_object(instance) for field in self.recorded_fields}

    def previous(self, instance: models.Model) -> tuple[dict | None, int | None]:
        """The stored row before a save, and the person it concerns: one query."""
        names = [field.attname for field in self.recorded_fields]
        extra = {}
        if self.subject and "__" in self.subject:
            extra["audit_subject"] = models.F(self.subject)
        row = self.model._base_manager.filter(pk=instance.pk).values(*names, **extra).first()
        if row is None:
            return None, None
        return {name: row[name] for name in names}, row.get("audit_subject")

    def shown(self, attname: str, value):
        """What the trail stores for one field's value."""
        name = self._name(attname)
        if name in self.special:
            return None
        if name in self.masked:
            return MASK if value not in (None, "") else ""
        return value if isinstance(value, (int, float, bool, type(None))) else str(value)

    def diff(self, before: dict, after: dict, created: bool) -> dict:
        changes = {}
        for attname, value in after.items():
            if created:
                # A special field appears when it holds content; its name alone says so.
                if self._name(attname) in self.special and value in (None, "", [], {}):
                    continue
            elif before.get(attname) == value:
                continue
            changes[attname] = (
                None
                if self._name(attname) in self.special
                else [self.shown(attname, before.get(attname)), self.shown(attname, value)]
            )
        return changes

    def m2m_change(self, field_name: str, added: Iterable = (), removed: Iterable = ()) -> dict:
        if field_name in self.special:
            return {field_name: None}
        change = {}
        if added:
            change["added"] = sorted(added)
        if removed:
            change["removed"] = sorted(removed)
        return {field_name: change}

    def label_of(self, instance: models.Model) -> str:
        if self.subject is not None or self.label is None:
            return type_and_id(type(instance), instance.pk)
        return str(self.label(instance))[:200]

    def subject_of(self, instance: models.Model) -> int | None:
        """The id of the person in charge the record concerns: from memory if the chain is loaded, else one query."""
        if self.subject is None:
            return None
        return _follow(instance, self.subject.split("__"))

    def _name(self, attname: str) -> str:
        return self._names.get(attname, attname)

    @cached_property
    def _names(self) -> dict[str, str]:
        return {field.attname: field.name for field in self.model._meta.concrete_fields}


def _follow(obj: models.Model, parts: list[str]) -> int | None:
    for position, part in enumerate(parts[:-1]):
        field = obj._meta.get_field(part)
        if field.is_cached(obj):
            obj = getattr(obj, part)
            if obj is None:
                return None
            continue
        key = getattr(obj, field.attname)
        if key is None:
            return None
        rest = "__".join(parts[position + 1 :])
        return field.related_model._base_manager.filter(pk=key).values_list(rest, flat=True).first()
    return getattr(obj, parts[-1])


def type_and_id(model: type[models.Model], pk) -> str:
    return f"{model._meta.label_lower}#{pk}"


def TYPE_AND_ID(instance: models.Model) -> str:  # noqa: N802 (a label rule, named like a constant)
    """A label rule for records whose str() may name a private person (a citizen at a table)."""
    return type_and_id(type(instance), instance.pk)


_tracked: dict[type[models.Model], Tracked] = {}
# Models an app chose not to track, with its reason: every model is one or the other.
_untracked: dict[type[models.Model], str] = {}
# The through model of each audited many-to-many field: (model owning the field, field name).
_through: dict[type[models.Model], tuple[type[models.Model], str]] = {}


@dataclass(frozen=True)
class Subject:
    """The model of the people in charge, whose ids AuditEvent.subject_person_id holds."""

    model: type[models.Model]
    name_fields: tuple[str, ...]


_subject: list[Subject] = []


def register(
    model: type[models.Model],
    *,
    masked: Iterable[str] = (),
    special: Iterable[str] = (),
    ignored: Iterable[str] = (),
    m2m: Iterable[str] = (),
    subject: str | None = None,
    label: Callable[[models.Model], str] | None = None,
) -> None:
    """Track a model's creations, changes and deletions (call it from the app's AppConfig.ready())."""
    masked, special, ignored, m2m = frozenset(masked), frozenset(special), frozenset(ignored), tuple(m2m)
    for name in masked | special | ignored | set(m2m):
        _field(model, name)
    for name in m2m:
        if not _field(model, name).many_to_many:
            raise ImproperlyConfigured(f"{model._meta.label}.{name} is not a many-to-many field.")
    if (masked & special) or ((masked | special) & ignored):
        raise ImproperlyConfigured(f"{model._meta.label}: a field is declared in two ways.")
    if subject is not None and label is not None:
        raise ImproperlyConfigured(f"{model._meta.label}: a record about a person is labelled by its type and id.")
    if subject is not None:
        _check_path(model, subject)
    _tracked[model] = Tracked(
        model=model,
        masked=masked,
        special=special,
        ignored=ignored | (ALWAYS_IGNORED & {f.name for f in model._meta.concrete_fields}),
        m2m=m2m,
        subject=subject,
        label=label,
    )
    for name in m2m:
        _through[_field(model, name).remote_field.through] = (model, name)


def register_untracked(model: type[models.Model], *, reason: str) -> None:
    """Say that a model is deliberately not tracked, and why (a test asks every model for one or the other)."""
    _untracked[model] = reason


def untracked_models() -> dict[type[models.Model], str]:
    return dict(_untracked)


def register_subject(model: type[models.Model], *, name_fields: tuple[str, ...]) -> None:
    """Say which model the people in charge are, and how to name them in the breach report."""
    for name in name_fields:
        _field(model, name)
    _subject[:] = [Subject(model=model, name_fields=name_fields)]


def tracked(model: type[models.Model]) -> Tracked | None:
    return _tracked.get(model)


def tracked_models() -> list[type[models.Model]]:
    return list(_tracked)


def m2m_owner(through: type[models.Model]) -> tuple[type[models.Model], str] | None:
    return _through.get(through)


def subject() -> Subject | None:
    return _subject[0] if _subject else None


def label_of(instance: models.Model) -> str:
    tracking = tracked(type(instance))
    # Unregistered models are labelled by type and id: nobody declared their str() harmless.
    return tracking.label_of(instance) if tracking else type_and_id(type(instance), instance.pk)


def subject_of(instance: models.Model) -> int | None:
    tracking = tracked(type(instance))
    return tracking.subject_of(instance) if tracking else None


def _field(model: type[models.Model], name: str) -> models.Field:
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        raise ImproperlyConfigured(f"{model._meta.label} has no field {name!r} to audit.") from None


def _check_path(model: type[models.Model], path: str) -> None:
    parts = path.split("__")
    for part in parts[:-1]:
        field = _field(model, part)
        if not (field.many_to_one or field.one_to_one) or not field.concrete:
            raise ImproperlyConfigured(f"{model._meta.label}: {path!r} must follow foreign keys only.")
        model = field.related_model
    if parts[-1] != "pk":
        field = next((f for f in model._meta.concrete_fields if parts[-1] in (f.name, f.attname)), None)
        if field is None:
            raise ImproperlyConfigured(f"{model._meta.label} has no field {parts[-1]!r}.")
