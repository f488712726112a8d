"""Minutes sent before versions existed become their version 1, so members' answers and the page's
history start from what was sent. Frozen: historical models only."""

from django.db import migrations


def first_versions(apps, schema_editor):
    Meeting = apps.get_model("community", "Meeting")
    MinutesVersion = apps.get_model("community", "MinutesVersion")
    sent = Meeting.objects.filter(minutes_status="sent", minutes_versions__isnull=True)
    MinutesVersion.objects.bulk_create(
        [
            MinutesVersion(
                meeting_id=meeting.pk,
                number=1,
                minutes=meeting.minutes,
                decisions=meeting.decisions,
                # Sent minutes were approved (a constraint says so): the approver sent them.
                sent_at=meeting.sent_at or meeting.approved_at,
                sent_by_id=meeting.approved_by_id,
            )
            for meeting in sent.iterator()
        ],
        batch_size=1000,
    )


def remove_first_versions(apps, schema_editor):
    MinutesVersion = apps.get_model("community", "MinutesVersion")
    MinutesVersion.objects.filter(number=1, answers__isnull=True, corrections_accepted__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("community", "0006_minutes_versions_answers_and_done_items")]

    operations = [migrations.RunPython(first_versions, remove_first_versions)]
