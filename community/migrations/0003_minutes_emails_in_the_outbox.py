from django.db import migrations

# What the meeting page showed before: each member's delivery of the minutes, now kept in the outbox.
NOT_SENT = (
    "Non inviato prima dell'aggiornamento dell'applicazione: usa «Riprova» per inviarlo di nuovo."
)


def move_deliveries(apps, schema_editor):
    MinutesDelivery = apps.get_model("community", "MinutesDelivery")
    Email = apps.get_model("outbox", "Email")
    emails = []
    for delivery in MinutesDelivery.objects.select_related("meeting__table").iterator():
        meeting = delivery.meeting
        sent = delivery.status == "sent"
        emails.append(
            Email(
                kind="minutes",
                record_type="community.meeting",
                record_id=str(meeting.pk),
                recipient=delivery.recipient,
                address=delivery.email,
                # The body and the PDF were rendered when sending; the history keeps the subject only.
                subject=f"Verbale dell'incontro del {meeting.starts_at:%d/%m/%Y} - {meeting.table.name}"[:300],
                body="",
                dedupe_key=f"minutes:{meeting.pk}:{delivery.email}",
                # A delivery still waiting cannot be sent without its body: the coordinator sends it again.
                status="sent" if sent else "failed",
                attempts=delivery.attempts,
                next_attempt_at=delivery.next_attempt_at,
                last_error="" if sent else (delivery.last_error or NOT_SENT),
                sent_at=delivery.sent_at,
            )
        )
    Email.objects.bulk_create(emails)


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0002_action_log_index"),
        ("outbox", "0001_outbox"),
    ]

    operations = [
        migrations.RunPython(move_deliveries, migrations.RunPython.noop),
        migrations.DeleteModel(name="MinutesDelivery"),
    ]
