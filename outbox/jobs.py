"""Jobs of the outbox, run by the job queue (django-q2): see core.jobs."""

from outbox.services import drain


def deliver() -> dict[str, int]:
    """Send what is due. Enqueued after each message is queued, and scheduled every minute for retries."""
    return drain()
