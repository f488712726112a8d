"""deploy/backup.py and deploy/restore_drill.py, run for real against the test database with a fresh age key."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from audit.models import Action, AuditEvent
from tests.factories import PersonFactory

pytestmark = [
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), reason="pg_dump backs up PostgreSQL only."
    ),
    pytest.mark.skipif(
        not all(shutil.which(program) for program in ("age", "age-keygen", "pg_dump", "pg_restore")),
        reason="Needs age (apt-get install age) and the PostgreSQL client programs.",
    ),
]

FISCAL_CODE = "RSSMRA80C55F205T"


def new_key(path: Path) -> str:
    """A fresh age key pair in `path`; returns the public key."""
    keygen = shutil.which("age-keygen")
    subprocess.run([keygen, "-o", str(path)], check=True, capture_output=True)
    return subprocess.run([keygen, "-y", str(path)], check=True, capture_output=True, text=True).stdout.strip()


def url(database: str) -> str:
    db = settings.DATABASES["default"]
    credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{database}"


@pytest.fixture
def backups(tmp_path, transactional_db):
    """The environment of both scripts; committed rows, since pg_dump reads from another connection."""
    key = tmp_path / "key.txt"
    recipient = new_key(key)
    PersonFactory(fiscal_code=FISCAL_CODE)
    AuditEvent.objects.create(username="sara", action=Action.READ)
    return {
        "BACKUP_DIR": str(tmp_path / "backups"),
        "BACKUP_AGE_RECIPIENT": recipient,
        "BACKUP_AGE_IDENTITY": str(key),
        "BACKUP_DATABASE_URL": url(settings.DATABASES["default"]["NAME"]),
        "DRILL_DATABASE_URL": url("postgres"),
    }


def run(script: str, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, f"deploy/{script}", *args],
        cwd=settings.BASE_DIR,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )


def scratch_name() -> str:
    # Named after the test database, so that parallel runs on one server do not collide.
    return settings.DATABASES["default"]["NAME"].removeprefix("test_") + "_drill_test"


def database_exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def test_the_backup_is_encrypted_and_the_drill_restores_it_whole(backups):
    made = run("backup.py", env=backups)
    assert made.returncode == 0, made.stderr
    files = sorted(Path(backups["BACKUP_DIR"]).iterdir())
    assert [path.name.split(".", 1)[1] for path in files] == ["dump.age", "manifest.json"]
    encrypted = files[0].read_bytes()
    assert encrypted.startswith(b"age-encryption.org/v1")
    assert b"PGDMP" not in encrypted
    assert FISCAL_CODE.encode() not in encrypted
    manifest = json.loads(files[1].read_text())
    assert manifest["tables"]["public.audit_auditevent"] == AuditEvent.objects.count() > 0
    assert manifest["tables"]["public.cases_person"] == 1

    drill = run("restore_drill.py", "--live", "--scratch", scratch_name(), env=backups)
    assert drill.returncode == 0, drill.stdout + drill.stderr
    assert "DIFFERENT" not in drill.stdout
    assert "Restore drill passed." in drill.stdout
    assert not database_exists(scratch_name())


def test_the_drill_fails_when_the_copy_differs_from_the_source(backups):
    assert run("backup.py", env=backups).returncode == 0
    AuditEvent.objects.create(username="marco", action=Action.READ)

    drill = run("restore_drill.py", "--live", "--scratch", scratch_name(), env=backups)
    assert drill.returncode == 1
    lines = {line.split()[0]: line for line in drill.stdout.splitlines() if line.endswith("DIFFERENT")}
    assert set(lines) == {"public.audit_auditevent", "audit"}
    assert "Restore drill FAILED" in drill.stdout
    assert not database_exists(scratch_name())


def test_the_drill_fails_on_a_wrong_key_a_disagreeing_manifest_or_a_damaged_file(backups, tmp_path):
    assert run("backup.py", env=backups).returncode == 0
    backup, manifest_path = sorted(Path(backups["BACKUP_DIR"]).iterdir())
    other = tmp_path / "other.txt"
    new_key(other)
    drill = run("restore_drill.py", "--scratch", scratch_name(), env={**backups, "BACKUP_AGE_IDENTITY": str(other)})
    assert drill.returncode == 1
    assert "no identity matched" in drill.stderr

    manifest = json.loads(manifest_path.read_text())
    manifest["tables"]["public.cases_person"] = 2
    manifest_path.write_text(json.dumps(manifest))
    drill = run("restore_drill.py", "--scratch", scratch_name(), env=backups)
    assert drill.returncode == 1
    assert [line.split()[0] for line in drill.stdout.splitlines() if line.endswith("DIFFERENT")] == [
        "public.cases_person"
    ]

    backup.write_bytes(backup.read_bytes()[:-100])
    drill = run("restore_drill.py", "--scratch", scratch_name(), env=backups)
    assert drill.returncode == 1
    assert "the file is damaged" in drill.stderr
    assert not database_exists(scratch_name())
