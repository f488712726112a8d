from django.db import migrations


def trigram_indexes(*targets: tuple[str, str]):
    """GIN trigram indexes on UPPER(column), as icontains queries it; PostgreSQL only.

    A frozen copy: migrations must not change when the live code does.
    """

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table, column in targets:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {table}_{column}_trgm ON {table} USING gin (UPPER({column}::text) gin_trgm_ops)"
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table, column in targets:
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{column}_trgm")

    return migrations.RunPython(create, drop)



class Migration(migrations.Migration):
    dependencies = [("territory", "0003_import_permission")]

    operations = [
        trigram_indexes(
            ("territory_organisation", "name"),
            ("territory_organisation", "address"),
            ("territory_organisation", "notes"),
            ("territory_organisation", "fiscal_code"),
            ("territory_opportunity", "title"),
            ("territory_opportunity", "description"),
        )
    ]
