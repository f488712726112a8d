"""Writing the audit trail. Views call record_read/record_export; changes come from audit.changes."""

from django.db import models
from django.http import Http404

from audit.context import current_actor
from audit.models import Action, AuditEvent


def record(action: str, obj: models.Model | None = None, *, model=None, object_id="", changes=None, allowed=True):
    actor = current_actor.get()
    user = actor.user if actor and actor.user is not None and actor.user.is_authenticated else None
    model = model or (type(obj) if obj is not None else None)
    return AuditEvent.objects.create(
        user=user,
        username=user.get_username() if user else "",
        role=actor.role if actor else "",
        action=action,
        object_type=model._meta.label_lower if model else "",
        object_id=str(obj.pk if obj is not None else object_id),
        object_repr=str(obj)[:200] if obj is not None else "",
        changes=changes or {},
        ip=actor.ip if actor else None,
        path=actor.path[:500] if actor else "",
        allowed=allowed,
    )


def record_read(obj: models.Model):
    return record(Action.READ, obj)


def record_export(obj: models.Model, what: str):
    return record(Action.EXPORT, obj, changes={"format": what})


def get_or_404_audited(scoped: models.QuerySet, **lookup):
    """The object if the user may see it; otherwise 404, and a denied event if it exists at all."""
    try:
        return scoped.get(**lookup)
    except scoped.model.DoesNotExist:
        model = scoped.model
        if model._default_manager.filter(**lookup).exists():
            record(Action.DENIED, model=model, object_id=lookup.get("pk", ""), allowed=False)
        raise Http404 from None
