from django.db import migrations

TARGET_GROUPS = [
    "families",
    "children",
    "adolescents",
    "young_adults",
    "elderly",
    "disabled",
    "migrants",
    "addictions",
    "adults_in_hardship",
    "everyone",
]
POVERTY_DIMENSIONS = ["material", "economic_work", "educational", "relational"]


def create_rows(apps, schema_editor):
    TargetGroup = apps.get_model("territory", "TargetGroup")
    PovertyDimension = apps.get_model("territory", "PovertyDimension")
    for code in TARGET_GROUPS:
        TargetGroup.objects.get_or_create(code=code)
    for code in POVERTY_DIMENSIONS:
        PovertyDimension.objects.get_or_create(code=code)


def delete_rows(apps, schema_editor):
    apps.get_model("territory", "TargetGroup").objects.filter(code__in=TARGET_GROUPS).delete()
    apps.get_model("territory", "PovertyDimension").objects.filter(code__in=POVERTY_DIMENSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [("territory", "0001_initial")]

    operations = [migrations.RunPython(create_rows, delete_rows)]
