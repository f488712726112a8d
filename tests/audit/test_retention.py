"""The audit trail's own retention: expired events go through one deliberate path, nothing else deletes."""

import os
import subprocess
import sys
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from audit.models import Action, AuditEvent
from audit.retention import RetentionTooShort, months_before, purge_expired_events

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def event_months_ago(monkeypatch, months: int, username: str) -> AuditEvent:
    # `at` is auto_now_add and the trail cannot be updated: the event is written with the clock moved back.
    moment = months_before(timezone.now(), months)
    with monkeypatch.context() as clock:
        clock.setattr(timezone, "now", lambda: moment)
        return AuditEvent.objects.create(username=username, action=Action.READ)


@pytest.fixture
def trail(db, monkeypatch):
    """One event past the default 24 months, one just inside them, one of today."""
    return {
        "expired": event_months_ago(monkeypatch, 25, "scaduto"),
        "kept": event_months_ago(monkeypatch, 23, "recente"),
        "today": AuditEvent.objects.create(username="oggi", action=Action.READ),
    }


def usernames() -> set[str]:
    return set(AuditEvent.objects.exclude(action=Action.DELETE).values_list("username", flat=True))


def test_the_purge_removes_expired_events_and_keeps_recent_ones(trail):
    out = StringIO()
    call_command("purge_audit_trail", "--apply", stdout=out)
    assert out.getvalue() == "Deleted 1 audit events older than 24 months.\n"
    assert usernames() == {"recente", "oggi"}
    # The purge is itself in the trail.
    purge = AuditEvent.objects.get(action=Action.DELETE)
    assert (purge.object_type, purge.changes) == ("audit.auditevent", {"purged": 1, "retention_months": 24})


def test_a_longer_retention_from_the_settings_keeps_more(trail, settings):
    settings.AUDIT_RETENTION_MONTHS = 26
    call_command("purge_audit_trail", "--apply", stdout=StringIO())
    assert usernames() == {"scaduto", "recente", "oggi"}
    assert not AuditEvent.objects.filter(action=Action.DELETE).exists()


def test_without_apply_it_is_a_dry_run(trail):
    out = StringIO()
    call_command("purge_audit_trail", stdout=out)
    assert "Would delete 1 audit events older than 24 months." in out.getvalue()
    assert usernames() == {"scaduto", "recente", "oggi"}


@pytest.mark.parametrize("months", [1, 23])
def test_a_retention_under_24_months_is_refused(trail, months, settings):
    with pytest.raises(CommandError, match="at least 24 months"):
        call_command("purge_audit_trail", "--apply", "--months", str(months))
    settings.AUDIT_RETENTION_MONTHS = months
    with pytest.raises(CommandError, match="at least 24 months"):
        call_command("purge_audit_trail", "--apply")
    with pytest.raises(RetentionTooShort):
        purge_expired_events(months=months)
    assert usernames() == {"scaduto", "recente", "oggi"}


def test_ordinary_deletes_are_still_refused(trail):
    expired = trail["expired"]
    with pytest.raises(PermissionDenied):
        expired.delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.filter(pk=expired.pk).delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.filter(pk=expired.pk).update(username="x")
    assert usernames() == {"scaduto", "recente", "oggi"}


@pytest.mark.skipif(not ON_POSTGRESQL, reason="The trigger and the purge function exist on PostgreSQL only.")
def test_on_postgresql_the_database_itself_refuses_deletes_and_short_retention(trail):
    expired = trail["expired"]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [expired.pk])
    # The consent the purge function gives, set by hand, does not reach recent rows.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('rete.audit_purge_before', extract(epoch FROM now())::text, true)")
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [trail["kept"].pk])
    with pytest.raises(DatabaseError, match="at least 24 months"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT audit_purge_expired(23)")
    assert usernames() == {"scaduto", "recente", "oggi"}


def test_the_settings_refuse_a_retention_under_24_months():
    env = {**os.environ, "AUDIT_RETENTION_MONTHS": "12", "SECRET_KEY": "x"}
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "AUDIT_RETENTION_MONTHS must be at least 24" in result.stderr


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2026, 11, 25, 8, 30, tzinfo=UTC), 24, datetime(2024, 11, 25, 8, 30, tzinfo=UTC)),
        (datetime(2028, 2, 29, tzinfo=UTC), 24, datetime(2026, 2, 28, tzinfo=UTC)),
        (datetime(2026, 3, 31, tzinfo=UTC), 25, datetime(2024, 2, 29, tzinfo=UTC)),
        (datetime(2026, 1, 15, tzinfo=UTC), 1, datetime(2025, 12, 15, tzinfo=UTC)),
    ],
)
def test_months_before_counts_calendar_months(moment, months, expected):
    assert months_before(moment, months) == expected
