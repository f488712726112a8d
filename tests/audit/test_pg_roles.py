"""On PostgreSQL the app's own role cannot empty or unprotect the audit trail.

A scratch database is set up as the README tells a deployment to: an owner role owns it, an app role
owns nothing, `manage.py migrate` runs with MIGRATION_DATABASE_URL (the owner) and grants the app role its
privileges. Then the tests connect as each role and try. Roles and database are removed at the end.
"""

import os
import secrets
import subprocess
import sys
from dataclasses import dataclass
from urllib.parse import quote

import psycopg2
import pytest
from django.conf import settings
from psycopg2 import errors

pytestmark = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="Roles, grants and triggers are PostgreSQL's; on SQLite the model and queryset refuse changes.",
)


def server_connection(dbname: str = "postgres", user: str | None = None, password: str | None = None):
    db = settings.DATABASES["default"]
    connection = psycopg2.connect(
        dbname=dbname,
        user=user or db["USER"],
        password=password if user else db["PASSWORD"],
        host=db["HOST"] or "localhost",
        port=db["PORT"] or 5432,
    )
    connection.autocommit = True
    return connection


@dataclass
class Deployment:
    database: str
    owner: str
    app: str
    passwords: dict[str, str]

    def url(self, role: str) -> str:
        db = settings.DATABASES["default"]
        host, port = db["HOST"] or "localhost", db["PORT"] or 5432
        return f"postgres://{quote(role)}:{quote(self.passwords[role])}@{host}:{port}/{self.database}"

    def connect(self, role: str):
        return server_connection(self.database, role, self.passwords[role])

    def manage(self, *args: str, **extra_env: str) -> subprocess.CompletedProcess:
        """Run manage.py as in production: DATABASE_URL is the app role, MIGRATION_DATABASE_URL the owner."""
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_APP_ROLE", "DEBUG")}
        env.update(
            DATABASE_URL=self.url(self.app),
            MIGRATION_DATABASE_URL=self.url(self.owner),
            SECRET_KEY="roles-test",
            **extra_env,
        )
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
        )


@pytest.fixture(scope="module")
def deployment():
    # Named after the test database's own name, so that parallel runs on one server do not collide.
    base = settings.DATABASES["default"]["NAME"].removeprefix("test_")
    suffix = secrets.token_hex(3)
    owner, app, database = f"{base}_owner_{suffix}", f"{base}_app_{suffix}", f"{base}_roles_{suffix}"
    admin = server_connection()
    with admin.cursor() as cursor:
        cursor.execute("SELECT rolsuper OR (rolcreaterole AND rolcreatedb) FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            pytest.skip("The test database's role may not create roles and databases.")
        result = Deployment(database, owner, app, {owner: secrets.token_urlsafe(16), app: secrets.token_urlsafe(16)})
        try:
            for role in (owner, app):
                cursor.execute(f'CREATE ROLE "{role}" LOGIN PASSWORD %s', [result.passwords[role]])
            cursor.execute(f'CREATE DATABASE "{database}" OWNER "{owner}"')
            migrated = result.manage("migrate", "--no-input")
            assert migrated.returncode == 0, migrated.stderr
            assert f"Privileges granted to the app role {app}" in migrated.stdout
            yield result
        finally:
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            cursor.execute(f'DROP ROLE IF EXISTS "{app}"')
            cursor.execute(f'DROP ROLE IF EXISTS "{owner}"')
    admin.close()


@pytest.fixture
def as_app(deployment):
    connection = deployment.connect(deployment.app)
    with connection.cursor() as cursor:
        yield cursor
    connection.close()


@pytest.fixture
def as_owner(deployment):
    connection = deployment.connect(deployment.owner)
    with connection.cursor() as cursor:
        yield cursor
    connection.close()


def add_event(cursor, username: str, months_ago: int = 0) -> int:
    cursor.execute(
        "INSERT INTO audit_auditevent (at, username, role, action, object_type, object_id, object_repr, changes,"
        " path, allowed) VALUES (now() - make_interval(months => %s), %s, '', 'read', '', '', '', '{}', '', true)"
        " RETURNING id",
        [months_ago, username],
    )
    return cursor.fetchone()[0]


def usernames(cursor) -> set[str]:
    cursor.execute("SELECT username FROM audit_auditevent")
    return {row[0] for row in cursor.fetchall()}


def test_the_tables_belong_to_the_owner_not_to_the_app(as_owner, deployment):
    as_owner.execute("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = current_schema()")
    assert as_owner.fetchall() == [(deployment.owner,)]


def test_every_command_but_migrate_connects_as_the_app(deployment):
    shell = deployment.manage(
        "shell", "-v0", "-c", "from django.db import connection; print(connection.cursor().connection.info.user)"
    )
    assert shell.returncode == 0, shell.stderr
    assert shell.stdout.splitlines()[-1] == deployment.app


def test_the_app_role_adds_to_and_reads_the_trail(as_app):
    event = add_event(as_app, "sara")
    as_app.execute("SELECT username FROM audit_auditevent WHERE id = %s", [event])
    assert as_app.fetchone() == ("sara",)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET username = 'nessuno'",
        "DELETE FROM audit_auditevent",
        "TRUNCATE audit_auditevent",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_truncate",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
        "DROP TRIGGER audit_event_append_only ON audit_auditevent",
        "DROP TRIGGER audit_event_no_truncate ON audit_auditevent",
        "DROP TABLE audit_auditevent",
        "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS 'BEGIN RETURN OLD; END' LANGUAGE plpgsql",
        "SELECT setval(pg_get_serial_sequence('audit_auditevent', 'id'), 1)",
    ],
)
def test_the_app_role_cannot_change_empty_or_unprotect_the_trail(as_app, statement):
    add_event(as_app, "sara")
    with pytest.raises(errors.InsufficientPrivilege):
        as_app.execute(statement)
    assert "sara" in usernames(as_app)


def test_the_app_role_uses_the_other_tables_freely(as_app):
    as_app.execute("INSERT INTO django_session VALUES ('k1', 'data', now())")
    as_app.execute("UPDATE django_session SET session_data = 'changed' WHERE session_key = 'k1'")
    as_app.execute("DELETE FROM django_session WHERE session_key = 'k1'")
    assert as_app.rowcount == 1


def test_even_the_owner_cannot_truncate_the_trail_or_delete_from_it(as_owner):
    add_event(as_owner, "paola")
    with pytest.raises(errors.RaiseException, match="TRUNCATE refused"):
        as_owner.execute("TRUNCATE audit_auditevent")
    with pytest.raises(errors.RaiseException, match="append-only"):
        as_owner.execute("DELETE FROM audit_auditevent")
    assert "paola" in usernames(as_owner)


def test_the_app_role_purges_expired_events_only_through_the_function(as_app):
    add_event(as_app, "scaduto", months_ago=25)
    add_event(as_app, "recente", months_ago=23)
    # The trigger's consent, set by hand, is no DELETE privilege.
    as_app.execute("BEGIN")
    as_app.execute("SELECT set_config('rete.audit_purge_before', extract(epoch FROM now())::text, true)")
    with pytest.raises(errors.InsufficientPrivilege):
        as_app.execute("DELETE FROM audit_auditevent WHERE username = 'scaduto'")
    as_app.execute("ROLLBACK")
    for months in (1, 23, None):
        with pytest.raises(errors.RaiseException, match="kept at least 24 months"):
            as_app.execute("SELECT audit_purge_expired(%s)", [months])
    assert {"scaduto", "recente"} <= usernames(as_app)

    as_app.execute("SELECT audit_purge_expired(24)")
    remaining = usernames(as_app)
    assert "scaduto" not in remaining
    assert "recente" in remaining


def test_the_purge_command_runs_as_the_app_role(as_app, deployment):
    add_event(as_app, "scaduto", months_ago=30)
    result = deployment.manage("purge_audit_trail", "--apply")
    assert result.returncode == 0, result.stderr
    assert "Deleted 1 audit events older than 24 months." in result.stdout
    assert "scaduto" not in usernames(as_app)
    as_app.execute("SELECT changes FROM audit_auditevent WHERE action = 'delete'")
    assert as_app.fetchall() == [({"purged": 1, "retention_months": 24},)]


def test_grants_follow_the_tables_a_new_migration_adds(as_owner, as_app, deployment):
    as_owner.execute("CREATE TABLE late_arrival (id integer)")
    with pytest.raises(errors.InsufficientPrivilege):
        as_app.execute("INSERT INTO late_arrival VALUES (1)")
    migrated = deployment.manage("migrate", "--no-input")
    assert migrated.returncode == 0, migrated.stderr
    as_app.execute("INSERT INTO late_arrival VALUES (1)")
    with pytest.raises(errors.InsufficientPrivilege):
        as_app.execute("TRUNCATE audit_auditevent")


def test_migrate_refuses_an_app_role_that_could_unprotect_the_trail(deployment):
    result = deployment.manage("migrate", "--no-input", DATABASE_APP_ROLE=deployment.owner)
    assert result.returncode != 0
    assert "could disable the audit triggers" in result.stderr
