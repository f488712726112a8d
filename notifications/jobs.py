"""Jobs of the notifications, run by the job queue (core.jobs)."""

from django.utils import timezone

from notifications.reminders import make_reminders
from notifications.services import send_digests


def hourly() -> dict[str, int]:
    """Today's reminders, then the digests of those who chose this hour. Safe to run twice."""
    now = timezone.now()
    reminders = make_reminders(timezone.localdate(now))
    return {"reminders": reminders, "digests": send_digests(now=now)}
