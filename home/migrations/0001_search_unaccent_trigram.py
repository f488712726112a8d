from django.db import migrations

# The columns the header's search looks in (home/search.py), each with a GIN trigram index on its folded
# value, which answers both `LIKE '%word%'` and the typo-tolerant `%>` (word similarity).
COLUMNS = [
    ("cases_person", "last_name"),
    ("cases_person", "first_name"),
    ("territory_organisation", "name"),
    ("territory_contact", "last_name"),
    ("territory_contact", "first_name"),
    ("territory_opportunity", "title"),
    ("community_table", "name"),
    ("community_communityprocess", "title"),
    ("community_communityaction", "title"),
]


def create(apps, schema_editor):
    """rete_fold(text): lower case without accents, IMMUTABLE so that indexes may use it.

    `unaccent(text)` is only STABLE (it reads its dictionary by search_path); the two-argument form with the
    dictionary named in the extension's own schema is safe to declare IMMUTABLE. A frozen copy: migrations
    must not change when the live code does.
    """
    if schema_editor.connection.vendor != "postgresql":
        return
    # Created here rather than with Django's extension operations, whose reversal is not limited to
    # PostgreSQL (the migration tests unapply migrations on SQLite too); pg_trgm is shared with the lists'
    # search indexes, so neither extension is dropped when this migration is reversed.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'unaccent'")
        schema = cursor.fetchone()[0]
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION rete_fold(value text) RETURNS text "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS "
        f"$$ SELECT lower({schema}.unaccent('{schema}.unaccent'::regdictionary, value)) $$"
    )
    for table, column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_{column}_fold_trgm ON {table} USING gin (rete_fold({column}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{column}_fold_trgm")
    schema_editor.execute("DROP FUNCTION IF EXISTS rete_fold(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_offer_use"),
        ("territory", "0008_offered_availability"),
        ("community", "0010_process_mandate_workers_partners_vision_indicators"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
