from django.db import migrations

from core.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_case_list_indexes")]

    operations = [
        trigram_indexes(
            ("cases_person", "last_name"),
            ("cases_person", "first_name"),
            ("cases_person", "fiscal_code"),
        )
    ]
