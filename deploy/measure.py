"""What a backup must give back: every table's row count and a checksum of the audit trail.

Shared by backup.py (measured in the very snapshot pg_dump reads) and restore_drill.py (measured on the
restored copy). Only counts and a hash: nothing personal, so the manifest may sit beside the backups.
"""

import hashlib

import psycopg2
from psycopg2.extensions import make_dsn, parse_dsn

AUDIT_TABLE = "audit_auditevent"

# Every ordinary table outside PostgreSQL's own schemas, by its quoted, schema-qualified name.
TABLES = """
SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
ORDER BY 1
"""


def dsn(url: str, **changes: str) -> str:
    """A libpq connection string from a postgres:// URL, with some parameters changed (e.g. dbname)."""
    return make_dsn(**{**parse_dsn(url), **changes})


def connect(url: str, **changes: str):
    return psycopg2.connect(dsn(url, **changes))


def measure(connection) -> dict:
    """Row counts and the audit trail's checksum, read in the connection's current transaction."""
    with connection.cursor() as cursor:
        # The row text depends on these session settings: fix them so that both sides hash the same text.
        cursor.execute("SET LOCAL TimeZone = 'UTC'")
        cursor.execute("SET LOCAL DateStyle = 'ISO, YMD'")
        cursor.execute("SET LOCAL IntervalStyle = 'postgres'")
        cursor.execute("SET LOCAL extra_float_digits = 1")
        cursor.execute(TABLES)
        tables = [name for (name,) in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (names quoted by quote_ident)
            counts[table] = cursor.fetchone()[0]
    return {"tables": counts, "audit_checksum": audit_checksum(connection)}


def audit_checksum(connection) -> str:
    """SHA-256 over the audit rows' text in id order, streamed: the trail may be millions of rows."""
    digest = hashlib.sha256()
    with connection.cursor(name="audit_rows") as rows:
        rows.itersize = 10_000
        rows.execute(f"SELECT t::text FROM {AUDIT_TABLE} t ORDER BY id")  # noqa: S608 (a constant)
        for (text,) in rows:
            digest.update(text.encode())
            digest.update(b"\n")
    return digest.hexdigest()
