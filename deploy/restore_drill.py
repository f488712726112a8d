"""Restore drill: restore an encrypted backup into a fresh database and prove that it is whole.

    BACKUP_DIR=/var/backups/rete BACKUP_AGE_IDENTITY=/secure/rete-backup-key.txt \
    DRILL_DATABASE_URL=postgres://drill@db.example/postgres .venv/bin/python deploy/restore_drill.py [BACKUP] [--live]

Decrypts the latest backup of BACKUP_DIR (or the file given) straight into pg_restore (no plain dump on
disk), into a new database created through DRILL_DATABASE_URL (a role that may CREATE DATABASE, on the
same server or a spare one). Then it compares every table's row count and the audit trail's checksum with
the manifest measured when the backup was taken; with --live, also with the source database as it is now
(BACKUP_DATABASE_URL or DATABASE_URL), which only agrees while nothing writes to it, as in CI: in
production the trail grows with every page read. It prints the comparison, drops the scratch database
whatever happened, and exits 1 on any difference.
"""

import argparse
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

from backup import program, sha256
from measure import connect, dsn, measure
from psycopg2 import sql
from psycopg2.extensions import parse_dsn


def fail(message: str) -> NoReturn:
    sys.exit(f"restore drill: {message}")


def latest_backup(directory: Path) -> Path:
    backups = sorted(directory.glob("*.dump.age"), key=lambda path: path.name.rsplit("-", 1)[-1])
    if not backups:
        fail(f"no *.dump.age in {directory}")
    return backups[-1]


def restore(backup: Path, identity: str, server_url: str, database: str) -> None:
    env = dict(os.environ)
    password = parse_dsn(server_url).get("password")
    if password:
        env["PGPASSWORD"] = password
    decrypter = subprocess.Popen(  # noqa: S603 (fixed programs, arguments from our settings)
        [program("age"), "--decrypt", "--identity", identity, str(backup)], stdout=subprocess.PIPE
    )
    # Ownership and grants are the production roles' business; the drill checks the data.
    restorer = subprocess.Popen(  # noqa: S603
        [
            program("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--single-transaction",  # all or nothing, and one commit instead of hundreds
            "--no-password",
            f"--dbname={dsn(server_url, dbname=database, password=None)}",
        ],
        stdin=decrypter.stdout,
        env=env,
    )
    decrypter.stdout.close()
    restored, decrypted = restorer.wait(), decrypter.wait()
    if restored != 0 or decrypted != 0:
        fail(f"age exited {decrypted}, pg_restore exited {restored}")


def measured(url: str, **changes: str) -> dict:
    connection = connect(url, **changes)
    try:
        connection.set_session(isolation_level="REPEATABLE READ", readonly=True)
        return measure(connection)
    finally:
        connection.close()


def compare(columns: dict[str, dict]) -> bool:
    """Print one line per table and one for the audit checksum; True when every column agrees."""
    names = list(columns)
    tables = sorted(set().union(*(column["tables"] for column in columns.values())))
    width = max(len(table) for table in [*tables, "audit trail checksum"])
    print(f"{'table':<{width}}  " + "  ".join(f"{name:>10}" for name in names))
    whole = True
    for table in tables:
        counts = [column["tables"].get(table) for column in columns.values()]
        same = len(set(counts)) == 1
        whole &= same
        cells = "  ".join(f"{'missing' if count is None else count:>10}" for count in counts)
        print(f"{table:<{width}}  {cells}  {'ok' if same else 'DIFFERENT'}")
    checksums = [column["audit_checksum"] for column in columns.values()]
    same = len(set(checksums)) == 1
    whole &= same
    cells = "  ".join(f"{checksum[:10]:>10}" for checksum in checksums)
    print(f"{'audit trail checksum':<{width}}  {cells}  {'ok' if same else 'DIFFERENT'}")
    return whole


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("backup", nargs="?", help="an encrypted backup (default: the latest in BACKUP_DIR)")
    parser.add_argument("--live", action="store_true", help="also compare with the source database as it is now")
    parser.add_argument("--scratch", help="name of the scratch database (default: <database>_drill_<time>)")
    arguments = parser.parse_args()

    identity = os.environ.get("BACKUP_AGE_IDENTITY")
    server_url = os.environ.get("DRILL_DATABASE_URL")
    source_url = os.environ.get("BACKUP_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if not identity:
        fail("set BACKUP_AGE_IDENTITY to the file holding the age private key")
    if not server_url:
        fail("set DRILL_DATABASE_URL to a role that may create databases, postgres://...")
    if arguments.live and not source_url:
        fail("--live needs BACKUP_DATABASE_URL (or DATABASE_URL)")
    if arguments.backup:
        backup = Path(arguments.backup)
    elif os.environ.get("BACKUP_DIR"):
        backup = latest_backup(Path(os.environ["BACKUP_DIR"]))
    else:
        fail("give a backup file or set BACKUP_DIR")
    manifest_path = backup.with_name(backup.name.removesuffix(".dump.age") + ".manifest.json")
    if not manifest_path.exists():
        fail(f"{manifest_path} is missing: it holds what the backup must give back")
    manifest = json.loads(manifest_path.read_text())
    if sha256(backup) != manifest["sha256"]:
        fail(f"{backup} does not match the checksum in its manifest: the file is damaged")

    scratch = arguments.scratch or f"{manifest['database']}_drill_{datetime.now(UTC):%Y%m%d%H%M%S}"
    print(f"Restoring {backup} (taken {manifest['taken_at']}) into {scratch}")
    admin = connect(server_url)
    admin.autocommit = True
    created = False
    try:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(scratch)))
        # Only a database this run created is dropped: never one that was there, whatever its name.
        created = True
        restore(backup, identity, server_url, scratch)
        columns = {"backup": manifest, "restored": measured(server_url, dbname=scratch)}
        if arguments.live:
            columns["live"] = measured(source_url)
        whole = compare(columns)
    finally:
        if created:
            with admin.cursor() as cursor:
                cursor.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(scratch)))
            print(f"Dropped {scratch}")
        admin.close()
    print("Restore drill passed." if whole else "Restore drill FAILED: the restored copy differs.")
    sys.exit(0 if whole else 1)


if __name__ == "__main__":
    main()
