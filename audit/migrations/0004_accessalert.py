import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_auditevent_subject_person"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AccessAlert',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('username', models.CharField(max_length=150, verbose_name='username')),
                ('hour', models.DateTimeField(verbose_name='hour')),
                ('people', models.PositiveIntegerField(verbose_name='people whose records were opened')),
                ('threshold', models.PositiveIntegerField(verbose_name='threshold')),
                ('raised_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='raised at')),
                ('user', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='account')),
            ],
            options={
                'verbose_name': 'access alert',
                'verbose_name_plural': 'access alerts',
                'ordering': ['-raised_at', '-pk'],
                'constraints': [models.UniqueConstraint(fields=('user', 'hour'), name='access_alert_once_per_hour')],
            },
        ),
    ]
