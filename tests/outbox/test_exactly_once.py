"""Two delivery workers at once never send the same e-mail twice (PostgreSQL, real processes)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from outbox.models import Email

ROOT = Path(__file__).resolve().parents[2]
DELIVERIES = 50


def database_url() -> str:
    db = settings.DATABASES["default"]
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def messages_in(folder: Path) -> list[str]:
    """The recipients of every message Django's file backend wrote, one entry per message."""
    return [
        line.removeprefix("To: ").strip()
        for path in folder.iterdir()
        for line in path.read_text().splitlines()
        if line.startswith("To: ")
    ]


def wait_until_blocked(cursor, count: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        # Inside a transaction PostgreSQL keeps the first snapshot of the activity view: clear it.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        if cursor.fetchone()[0] >= count:
            return
        time.sleep(0.1)
    raise AssertionError("the workers never reached their first claim")


@pytest.mark.django_db(transaction=True)
def test_two_workers_send_each_of_fifty_deliveries_exactly_once(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("row claims with SKIP LOCKED between processes are tested on PostgreSQL")
    Email.objects.bulk_create(
        Email(kind="minutes", recipient=f"Componente {n}", address=f"m{n}@example.it", subject="Verbale", body=".")
        for n in range(DELIVERIES)
    )
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "SECRET_KEY": "test-only-secret-key",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(outbox),
        "LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "manage.py", "deliver_email", "--batch", "3"]
    # A barrier: while this test holds the table locked, both workers block on their first claim; they
    # then start together, so they really compete for the same rows.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("LOCK TABLE outbox_email IN EXCLUSIVE MODE")
        workers = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True) for _ in range(2)]
        wait_until_blocked(cursor, count=2)
    outputs = [worker.communicate(timeout=120)[0] for worker in workers]

    assert [worker.returncode for worker in workers] == [0, 0]
    recipients = messages_in(outbox)
    assert len(recipients) == DELIVERIES
    assert sorted(recipients) == sorted(f"m{n}@example.it" for n in range(DELIVERIES))
    assert set(Email.objects.values_list("status", flat=True)) == {"sent"}
    # Both workers took part, and their own counts add up: none of them sent anything twice.
    sent_by_worker = [int(output.split("sent ")[1].split(",")[0]) for output in outputs]
    assert sum(sent_by_worker) == DELIVERIES
    assert min(sent_by_worker) > 0
