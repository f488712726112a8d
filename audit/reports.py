"""Breach scoping: whose records an account opened or changed between two times (issue 10 point 10)."""

from django.db.models import CharField, Count, F, Max, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Concat

from audit import registry
from audit.models import Action, AuditEvent

OPENED = (Action.READ, Action.EXPORT)
CHANGED = (Action.CREATE, Action.UPDATE, Action.DELETE)


def people_touched(*, user_id: int, since, until) -> list[dict]:
    """One row per person in charge, with the person's name as it is now: one query.

    Refused attempts are left out: the account did not see those records (they are on the trail's
    page, filtered by "allowed: no").
    """
    rows = (
        AuditEvent.objects.filter(
            user_id=user_id,
            at__gte=since,
            at__lte=until,
            allowed=True,
            subject_person_id__isnull=False,
            action__in=OPENED + CHANGED,
        )
        .values("subject_person_id")
        .annotate(
            opened=Count("pk", filter=Q(action__in=OPENED)),
            changed=Count("pk", filter=Q(action__in=CHANGED)),
            first_at=Min("at"),
            last_at=Max("at"),
            name=_name(),
        )
        .order_by("subject_person_id")
    )
    return [{**row, "person_id": row.pop("subject_person_id")} for row in rows]


def _name():
    subject = registry.subject()
    if subject is None:
        return Value("", output_field=CharField())
    parts = []
    for field in subject.name_fields:
        parts += [F(field), Value(" ")]
    full = Concat(*parts[:-1], output_field=CharField()) if len(parts) > 2 else parts[0]
    people = subject.model._base_manager.filter(pk=OuterRef("subject_person_id"))
    return Subquery(people.annotate(audit_name=full).values("audit_name")[:1], output_field=CharField())
