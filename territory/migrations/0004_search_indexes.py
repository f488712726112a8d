from django.db import migrations

from core.trigram import trigram_indexes


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
