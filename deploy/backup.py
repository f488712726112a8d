"""Back up the database, encrypted with age for a public key. No plain dump ever touches the disk.

    BACKUP_AGE_RECIPIENT=age1... BACKUP_DIR=/var/backups/rete .venv/bin/python deploy/backup.py

pg_dump (custom format, compressed) streams straight into age. The machine writing and keeping the
backups holds only the public key, so neither it nor whoever copies its disk can read them; the private
key (BACKUP_AGE_IDENTITY, needed by restore_drill.py and by a real restore) is kept elsewhere.

Beside each backup, a manifest records every table's row count and a checksum of the audit trail,
measured in the very snapshot pg_dump reads, so that the restore drill can prove the backup gives them
back (counts and a hash only: nothing personal).

Environment:
  BACKUP_DATABASE_URL   the database to back up (default: DATABASE_URL; the app role may read everything)
  BACKUP_AGE_RECIPIENT  age public key(s), separated by spaces (e.g. the operator's and an offline one)
  BACKUP_DIR            where backups go
  BACKUP_KEEP_DAYS      remove backups older than this many days (default 0: keep them all)
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NoReturn

from measure import connect, dsn, measure
from psycopg2.extensions import parse_dsn

STAMP = "%Y%m%dT%H%M%SZ"


def fail(message: str) -> NoReturn:
    sys.exit(f"backup: {message}")


def program(name: str) -> str:
    """The program's full path, so that a failing PATH fails here and loudly."""
    path = shutil.which(name)
    if path is None:
        fail(f"{name} not found (apt-get install postgresql-client age)")
    return path


def dump(url: str, snapshot: str, recipients: list[str], target: Path) -> None:
    """pg_dump | age -r ... -o target, failing if either fails. The password goes by the environment, not argv."""
    env = dict(os.environ)
    password = parse_dsn(url).get("password")
    if password:
        env["PGPASSWORD"] = password
    dumper = subprocess.Popen(  # noqa: S603 (fixed program, arguments from our settings)
        [
            program("pg_dump"),
            "--format=custom",
            f"--snapshot={snapshot}",
            "--no-password",
            f"--dbname={dsn(url, password=None)}",
        ],
        stdout=subprocess.PIPE,
        env=env,
    )
    keys = [argument for recipient in recipients for argument in ("--recipient", recipient)]
    encrypter = subprocess.Popen([program("age"), *keys, "--output", str(target)], stdin=dumper.stdout)  # noqa: S603
    dumper.stdout.close()  # age alone reads the pipe now: if it dies, pg_dump gets SIGPIPE.
    encrypted, dumped = encrypter.wait(), dumper.wait()
    if encrypted != 0 or dumped != 0:
        fail(f"pg_dump exited {dumped}, age exited {encrypted}")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def prune(directory: Path, keep_days: int, now: datetime) -> None:
    """Backups hold personal data: they are not kept longer than the operator decided."""
    for path in directory.glob("*-*Z.*"):
        stamp = path.name.split(".")[0].rsplit("-", 1)[-1]
        try:
            taken = datetime.strptime(stamp, STAMP).replace(tzinfo=UTC)
        except ValueError:
            continue
        if now - taken > timedelta(days=keep_days):
            path.unlink()
            print(f"removed {path}")


def main() -> None:
    url = os.environ.get("BACKUP_DATABASE_URL") or os.environ.get("DATABASE_URL")
    recipients = os.environ.get("BACKUP_AGE_RECIPIENT", "").split()
    directory = os.environ.get("BACKUP_DIR")
    keep_days = int(os.environ.get("BACKUP_KEEP_DAYS") or 0)
    if not url or not url.startswith(("postgres://", "postgresql://")):
        fail("set BACKUP_DATABASE_URL (or DATABASE_URL) to the PostgreSQL database, postgres://...")
    if not recipients:
        fail("set BACKUP_AGE_RECIPIENT to the age public key (age-keygen -y key.txt prints it)")
    if not directory:
        fail("set BACKUP_DIR")
    for name in ("pg_dump", "age"):
        program(name)

    os.umask(0o077)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    database = parse_dsn(url)["dbname"]
    target = directory / f"{database}-{now:{STAMP}}.dump.age"
    partial = target.with_name(target.name + ".partial")

    connection = connect(url)
    try:
        # One snapshot for the manifest and for pg_dump, kept open until the dump is done.
        connection.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
        manifest = measure(connection)
        dump(url, snapshot, recipients, partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        connection.close()
    partial.rename(target)

    manifest = {
        "backup": target.name,
        "sha256": sha256(target),
        "database": database,
        "taken_at": now.isoformat(),
        **manifest,
    }
    manifest_path = target.with_name(target.name.removesuffix(".dump.age") + ".manifest.json")
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    print(
        f"{target} ({target.stat().st_size} bytes, {len(manifest['tables'])} tables,"
        f" {sum(manifest['tables'].values())} rows)"
    )
    if keep_days:
        prune(directory, keep_days, now)


if __name__ == "__main__":
    main()
