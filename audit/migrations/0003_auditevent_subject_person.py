from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only_trigger"),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='subject_person_id',
            field=models.PositiveBigIntegerField(blank=True, db_index=True, null=True, verbose_name='person concerned'),
        ),
    ]
