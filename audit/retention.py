"""The audit trail's own retention: events older than AUDIT_RETENTION_MONTHS go, by one deliberate path.

The model and its queryset refuse every delete, and on PostgreSQL the app role holds no DELETE privilege
on the table. There the one way is audit_purge_expired() (audit/migrations/0005): a function owned by the
owner role that refuses a retention under 24 months and deletes with the row trigger's consent. SQLite has
no roles or functions, so here the expired rows are deleted by plain SQL, under the same floor.
"""

import calendar
from datetime import datetime

from django.db import connection, models, transaction
from django.utils import timezone

from audit.models import Action, AuditEvent
from audit.services import record

# The Garante's minimum for access logs; the database function holds the same number.
MINIMUM_MONTHS = 24


class RetentionTooShort(ValueError):
    pass


def months_before(moment: datetime, months: int) -> datetime:
    """The same time `months` calendar months earlier (the month's last day when that day is missing)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _check(months: int) -> None:
    if months < MINIMUM_MONTHS:
        raise RetentionTooShort(f"Audit events are kept at least {MINIMUM_MONTHS} months (asked: {months}).")


def expired_events(*, months: int) -> models.QuerySet:
    """The events a purge with this retention would remove now.

    On PostgreSQL the purge function takes the same cutoff from the database's clock: the two may differ
    by the events of the moment between this count and the purge, nothing more.
    """
    _check(months)
    return AuditEvent.objects.filter(at__lt=months_before(timezone.now(), months))


@transaction.atomic
def purge_expired_events(*, months: int) -> int:
    """Delete the events older than `months` months; the purge itself is recorded in the trail."""
    _check(months)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT audit_purge_expired(%s)", [months])
            (removed,) = cursor.fetchone()
        else:
            # Plain SQL, not the queryset (which refuses) nor Model.delete() (which would send signals).
            cutoff = months_before(timezone.now(), months)
            cursor.execute(
                "DELETE FROM audit_auditevent WHERE at < %s", [connection.ops.adapt_datetimefield_value(cutoff)]
            )
            removed = cursor.rowcount
    if removed:
        record(Action.DELETE, model=AuditEvent, changes={"purged": removed, "retention_months": months})
    return removed
