from django.db import migrations

# The row trigger of 0002 now lets a DELETE through in one case only: the purge function below has
# said, for this transaction, which rows are past retention (rete.audit_purge_before, an epoch), and
# the row is older than that, and that limit is itself at least 24 months old. Anyone may set the
# variable, but only the owner role holds DELETE on the table: for the app role the one way to
# delete is the function, which refuses a retention under 24 months (the Garante's minimum).
ROW_TRIGGER = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
DECLARE
    purge_before text := current_setting('rete.audit_purge_before', true);
BEGIN
    IF TG_OP = 'DELETE' AND coalesce(purge_before, '') <> '' THEN
        IF extract(epoch FROM OLD.at) < purge_before::numeric
           AND purge_before::numeric <= extract(epoch FROM now() - interval '24 months') THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_auditevent is append-only';
END;
$$ LANGUAGE plpgsql;
"""

# Row triggers do not fire on TRUNCATE, which empties the table in one statement.
TRUNCATE_TRIGGER = """
CREATE OR REPLACE FUNCTION audit_event_refuse_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_auditevent is append-only: TRUNCATE refused';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_truncate();
"""

# SECURITY DEFINER: runs with the owner's DELETE privilege, whoever calls it. search_path is pinned
# (schema of the migration, pg_temp last) so that a caller cannot slip in objects of its own.
# EXECUTE is withheld from PUBLIC; audit.db_roles grants it to the app role after every migrate.
PURGE_FUNCTION = """
CREATE FUNCTION audit_purge_expired(retention_months integer) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
DECLARE
    cutoff timestamptz;
    removed bigint;
BEGIN
    IF retention_months IS NULL OR retention_months < 24 THEN
        RAISE EXCEPTION 'audit events are kept at least 24 months (asked: %)', retention_months;
    END IF;
    cutoff := now() - make_interval(months => retention_months);
    PERFORM set_config('rete.audit_purge_before', extract(epoch FROM cutoff)::text, true);
    DELETE FROM audit_auditevent WHERE at < cutoff;
    GET DIAGNOSTICS removed = ROW_COUNT;
    PERFORM set_config('rete.audit_purge_before', '', true);
    RETURN removed;
END;
$$;
REVOKE ALL ON FUNCTION audit_purge_expired(integer) FROM PUBLIC;
"""

DROP = """
DROP FUNCTION IF EXISTS audit_purge_expired(integer);
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_refuse_truncate();
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_auditevent is append-only';
END;
$$ LANGUAGE plpgsql;
"""


def create(apps, schema_editor):
    # PostgreSQL only, as 0002: on SQLite the model refuses changes and audit.retention has its own path.
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT quote_ident(current_schema())")
        (schema,) = cursor.fetchone()
    # params=None: the SQL holds plpgsql's own % placeholders, not the driver's.
    schema_editor.execute(ROW_TRIGGER, params=None)
    schema_editor.execute(TRUNCATE_TRIGGER, params=None)
    schema_editor.execute(PURGE_FUNCTION.format(schema=schema), params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_accessalert")]

    operations = [migrations.RunPython(create, drop)]
