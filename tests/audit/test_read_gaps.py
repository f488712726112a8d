"""Reads and downloads of personal data are audited, and no search text reaches the trail or the logs."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from tests.factories import CaseFactory, MeetingFactory, TableMemberFactory

ROOT = Path(__file__).resolve().parents[2]
FISCAL_CODE = "RSSMRA80C55F205T"


def test_downloading_the_minutes_pdf_is_recorded(worker_client, worker):
    meeting = MeetingFactory()
    TableMemberFactory(table=meeting.table, citizen_name="Lucia Ferri")
    response = worker_client.get(reverse("community:minutes_pdf", args=[meeting.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="export")
    assert (event.user, event.object_type, event.object_id) == (worker, "community.meeting", str(meeting.pk))


def test_a_case_list_export_does_not_record_the_search(worker_client, worker):
    CaseFactory(person__team=worker.team, responsible=worker, person__fiscal_code=FISCAL_CODE)
    response = worker_client.get(reverse("cases:case_list"), {"q": FISCAL_CODE, "format": "csv"})
    assert response.status_code == 200
    b"".join(response.streaming_content)
    event = AuditEvent.objects.get(action="export")
    assert FISCAL_CODE not in str(event.changes) + event.path + event.object_repr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_gunicorns_access_log_drops_the_query_string(tmp_path):
    port = free_port()
    log = tmp_path / "access.log"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SECRET_KEY": "test-only-secret-key",
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_ACCESS_LOG": str(log),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application"], cwd=ROOT, env=env, stderr=subprocess.DEVNULL
    )
    try:
        url = f"http://127.0.0.1:{port}/casi/persone/?q={FISCAL_CODE}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(url, timeout=2)  # noqa: S310 (loopback)
                break
            except urllib.error.HTTPError:
                break  # any answer will do (the database here is empty): the request reached the log
            except OSError:
                time.sleep(0.2)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and "/casi/persone/" not in (log.read_text() if log.exists() else ""):
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=10)
    logged = log.read_text()
    assert "/casi/persone/" in logged
    assert FISCAL_CODE not in logged
