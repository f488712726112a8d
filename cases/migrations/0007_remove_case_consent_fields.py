from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_consent_records_from_case_fields")]

    operations = [
        migrations.RemoveConstraint(model_name="case", name="case_consent_has_scope"),
        migrations.RemoveField(model_name="case", name="consent_given_on"),
        migrations.RemoveField(model_name="case", name="consent_scope"),
    ]
