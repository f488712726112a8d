"""Write audit events. Views call record_read/record_export; changes come from audit.changes."""

from django.db import models
from django.http import Http404

from audit import registry
from audit.alerts import check_people_opened
from audit.context import current_actor
from audit.models import Action, AuditEvent

# Opening a person's record: what the alert on unusual volumes counts.
OPENING = (Action.READ, Action.EXPORT)


def record(
    action: str,
    obj: models.Model | None = None,
    *,
    model=None,
    object_id="",
    changes=None,
    allowed=True,
    subject_person_id: int | None = None,
):
    """One audit event. The record is labelled and tied to its person as its app registered it."""
    actor = current_actor.get()
    user = actor.user if actor and actor.user is not None and actor.user.is_authenticated else None
    model = model or (type(obj) if obj is not None else None)
    if subject_person_id is None and obj is not None:
        subject_person_id = registry.subject_of(obj)
    event = AuditEvent.objects.create(
        user=user,
        username=user.get_username() if user else "",
        role=actor.role if actor else "",
        action=action,
        object_type=model._meta.label_lower if model else "",
        object_id=str(obj.pk if obj is not None else object_id),
        object_repr=registry.label_of(obj) if obj is not None else "",
        subject_person_id=subject_person_id,
        changes=changes or {},
        ip=actor.ip if actor else None,
        path=actor.path[:500] if actor else "",
        allowed=allowed,
    )
    if action in OPENING and allowed and user is not None and subject_person_id is not None:
        check_people_opened(user)
    return event


def record_read(obj: models.Model):
    return record(Action.READ, obj)


def record_reads(objs: list[models.Model]) -> list[AuditEvent]:
    """A read of each record shown together (the search's people): one bulk insert, one alert check.

    The same events as record_read, one per record; what was searched for is not among them.
    """
    actor = current_actor.get()
    user = actor.user if actor and actor.user is not None and actor.user.is_authenticated else None
    events = [
        AuditEvent(
            user=user,
            username=user.get_username() if user else "",
            role=actor.role if actor else "",
            action=Action.READ,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            object_repr=registry.label_of(obj),
            subject_person_id=registry.subject_of(obj),
            ip=actor.ip if actor else None,
            path=actor.path[:500] if actor else "",
            allowed=True,
        )
        for obj in objs
    ]
    if not events:
        return []
    created = AuditEvent.objects.bulk_create(events)
    if user is not None and any(event.subject_person_id is not None for event in events):
        check_people_opened(user)
    return created


def record_export(obj: models.Model, what: str):
    return record(Action.EXPORT, obj, changes={"format": what})


def get_or_404_audited(scoped: models.QuerySet, **lookup):
    """The object if the user may see it; otherwise 404, and a denied event if it exists at all."""
    try:
        return scoped.get(**lookup)
    except scoped.model.DoesNotExist:
        record_denied(scoped.model, lookup)
        raise Http404 from None


def record_denied(model: type[models.Model], lookup: dict) -> AuditEvent | None:
    """A refused attempt on a record that exists, tied to its person; nothing for a missing record.

    One query says whether it exists and, for a record about a person in charge, whose it is.
    """
    tracking = registry.tracked(model)
    path = tracking.subject if tracking is not None else None
    found = model._base_manager.filter(**lookup).values_list(path or "pk", flat=True)[:1]
    if not found:
        return None
    return record(
        Action.DENIED,
        model=model,
        object_id=str(lookup.get("pk", lookup.get("id", ""))),
        allowed=False,
        subject_person_id=found[0] if path else None,
    )


def record_bulk(
    saved: list[tuple[models.Model, models.Model | None]], relations: dict[int, dict[str, dict]] | None = None
) -> list[AuditEvent]:
    """Audit records written in bulk (bulk_create and raw updates send no signals): one event per record.

    `saved` holds (record as written, record as it was before or None if created); `relations` the
    many-to-many pairs added and removed, by record pk and field ({pk: {field: {"added": [...],
    "removed": [...]}}}). Each event is what audit.changes would write for a save() of that record and
    the m2m signals of its relations, by the model's registration (what is masked or recorded by name
    only, its label, its person); a record without changes gets no event. One bulk insert.
    """
    relations = relations or {}
    actor = current_actor.get()
    user = actor.user if actor and actor.user is not None and actor.user.is_authenticated else None
    shared = {
        "user": user,
        "username": user.get_username() if user else "",
        "role": actor.role if actor else "",
        "ip": actor.ip if actor else None,
        "path": actor.path[:500] if actor else "",
    }
    events = []
    for obj, before_obj in saved:
        tracking = registry.tracked(type(obj))
        if tracking is None:
            continue
        created = before_obj is None
        before = {} if created else tracking.values(before_obj)
        changes = tracking.diff(before, tracking.values(obj), created)
        for field_name, pairs in relations.get(obj.pk, {}).items():
            if field_name in tracking.m2m:
                changes.update(tracking.m2m_change(field_name, **pairs))
        if changes:
            events.append(
                AuditEvent(
                    **shared,
                    action=Action.CREATE if created else Action.UPDATE,
                    object_type=type(obj)._meta.label_lower,
                    object_id=str(obj.pk),
                    object_repr=registry.label_of(obj),
                    subject_person_id=tracking.subject_of(obj),
                    changes=changes,
                )
            )
    return AuditEvent.objects.bulk_create(events, batch_size=1000)
