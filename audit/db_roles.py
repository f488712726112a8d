"""After every `manage.py migrate`, grant the app role what it needs, and on the audit trail only INSERT and SELECT.

migrate runs as the owner of the tables (MIGRATION_DATABASE_URL); the app connects as another role
(DATABASE_URL, or DATABASE_APP_ROLE). Owning the audit table would let the app disable or drop its
triggers, so the app role owns nothing: it gets SELECT, INSERT, UPDATE and DELETE on every table and
sequence, except the audit trail (and its id sequence), where it may only add and read; it may EXECUTE
audit_purge_expired(), the one path by which expired events are deleted (audit.retention).

Why a post_migrate step rather than ALTER DEFAULT PRIVILEGES: default privileges would also hand the app
UPDATE and DELETE on the audit table the moment a migration creates it, they apply only to objects the
role that set them creates, and they live in the database where no review sees them. Re-stating every
grant after each migrate is idempotent, covers the tables a new migration adds as soon as they exist,
and repairs any privilege changed by hand since.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction

AUDIT_TABLE = "audit_auditevent"
PURGE_FUNCTION = "audit_purge_expired(integer)"


def grant_app_role(*, role: str, using: str = "default") -> None:
    """Grant `role` the app's privileges in the current schema; refuse if it could unprotect the trail."""
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.rolsuper, pg_has_role(r.oid, current_user, 'MEMBER'), quote_ident(r.rolname),"
            " quote_ident(current_schema()), to_regprocedure(%s) IS NOT NULL,"
            " (SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() AND tablename = %s)"
            " FROM pg_roles r WHERE r.rolname = %s",
            [PURGE_FUNCTION, AUDIT_TABLE, role],
        )
        row = cursor.fetchone()
        if row is None:
            raise ImproperlyConfigured(f"The app role {role!r} does not exist (README: Deployment).")
        superuser, member_of_owner, app, schema, purge_function_exists, audit_owner = row
        # Any of these would give the app role the owner's powers over the trail, grants or not.
        if superuser or member_of_owner or audit_owner == role:
            raise ImproperlyConfigured(
                f"The app role {role!r} is a superuser, or a member of the role running migrate, or owns "
                f"{AUDIT_TABLE}: it could disable the audit triggers. Give the tables to the owner role "
                "(REASSIGN OWNED BY app TO owner) and use a plain LOGIN role for the app."
            )
        statements = [
            f"GRANT USAGE ON SCHEMA {schema} TO {app}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {app}",
            f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {app}",
        ]
        # Both may be missing while the audit app is migrated backwards.
        if audit_owner is not None:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [AUDIT_TABLE])
            (audit_sequence,) = cursor.fetchone()
            statements += [
                f"REVOKE ALL ON {AUDIT_TABLE} FROM PUBLIC",
                f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {AUDIT_TABLE} FROM {app}",
                # setval() on the trail's id sequence could make every later insert collide.
                f"REVOKE UPDATE ON SEQUENCE {audit_sequence} FROM {app}",
            ]
        if purge_function_exists:
            statements += [
                f"REVOKE ALL ON FUNCTION {PURGE_FUNCTION} FROM PUBLIC",
                f"GRANT EXECUTE ON FUNCTION {PURGE_FUNCTION} TO {app}",
            ]
        for statement in statements:
            cursor.execute(statement)


def grant_after_migrate(sender, using: str = "default", verbosity: int = 1, stdout=None, **kwargs) -> None:
    """post_migrate receiver: only on PostgreSQL, and only when an app role distinct from the owner is set."""
    role = settings.DATABASE_APP_ROLE
    if not role or connections[using].vendor != "postgresql":
        return
    grant_app_role(role=role, using=using)
    if verbosity >= 1 and stdout is not None:
        stdout.write(f"Privileges granted to the app role {role} (audit trail: INSERT and SELECT only).")
