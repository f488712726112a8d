"""Queue e-mails as rows, then claim and send them with back-off: nothing is lost, nothing sent twice."""

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone

from core import jobs
from outbox.models import Attachment, Email, EmailStatus

logger = logging.getLogger(__name__)

# Back-off between attempts: 1, 5, 15, 60 minutes, then every 4 hours, for two days.
RETRY_DELAYS = [timedelta(minutes=m) for m in (1, 5, 15, 60)] + [timedelta(hours=4)] * 11
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# How long a worker may take to send what it claimed before another may take it over. Far longer than
# an SMTP exchange (EMAIL_TIMEOUT), so a live worker is never overtaken.
CLAIM_LEASE = timedelta(minutes=10)
CLAIM_BATCH = 100


@dataclass(frozen=True)
class File:
    filename: str
    content: bytes
    mimetype: str


def queue_email(
    *,
    kind: str,
    recipient: str,
    address: str,
    subject: str,
    body: str,
    about: models.Model | None = None,
    attachments: Iterable[File] = (),
    dedupe_key: str | None = None,
) -> Email | None:
    """Queue one message and have the job queue send it after the transaction commits.

    Returns None when `dedupe_key` was already queued: the message goes out at most once.
    """
    email = Email(
        kind=kind,
        recipient=recipient[:200],
        address=address,
        subject=" ".join(subject.split())[:300],
        body=body,
        dedupe_key=dedupe_key,
        record_type=about._meta.label_lower if about is not None else "",
        record_id=str(about.pk) if about is not None else "",
    )
    try:
        with transaction.atomic():
            email.save()
    except IntegrityError:
        if dedupe_key and Email.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    Attachment.objects.bulk_create(
        Attachment(email=email, filename=f.filename, mimetype=f.mimetype, content=f.content) for f in attachments
    )
    jobs.enqueue_on_commit("outbox.jobs.deliver")
    return email


def claim_due(*, now: datetime, limit: int = CLAIM_BATCH, record: models.Model | None = None) -> uuid.UUID:
    """Claim the messages due now for this worker alone; return the claim's token.

    As healthchecks' sendalerts does, a row is taken by a conditional UPDATE before anything is sent:
    two workers (or a job run twice) never send the same message. On PostgreSQL the candidates are
    locked with SKIP LOCKED, so concurrent workers share the queue instead of waiting; on SQLite the
    UPDATE's status condition alone decides, as writes are serialised there. A message whose worker
    died while sending is taken over once its lease has expired.
    """
    token = uuid.uuid4()
    due = Q(status=EmailStatus.QUEUED, next_attempt_at__lte=now) | Q(status=EmailStatus.SENDING, claimed_until__lt=now)
    with transaction.atomic():
        candidates = Email.objects.filter(due)
        if record is not None:
            candidates = candidates.about(record)
        ids = list(candidates.select_for_update(skip_locked=True).order_by("pk").values_list("pk", flat=True)[:limit])
        Email.objects.filter(due, pk__in=ids).update(
            status=EmailStatus.SENDING, claim_token=token, claimed_until=now + CLAIM_LEASE
        )
    return token


def deliver_due(*, now: datetime | None = None, batch: int = CLAIM_BATCH, record=None) -> dict[str, int]:
    """Claim up to `batch` messages whose time has come, send them and count the outcomes."""
    now = now or timezone.now()
    token = claim_due(now=now, limit=batch, record=record)
    claimed = Email.objects.filter(claim_token=token, status=EmailStatus.SENDING).prefetch_related("attachments")
    counts = {"sent": 0, "retry": 0, "failed": 0}
    connection = get_connection(fail_silently=False)
    for email in claimed:
        try:
            connection.send_messages([_message(email)])
        except Exception as error:  # noqa: BLE001 - any failure of the mail server must be retried, not lost
            counts[_record_failure(email, error, now)] += 1
        else:
            email.status, email.sent_at, email.last_error = EmailStatus.SENT, timezone.now(), ""
            email.attempts += 1
            email.save(update_fields=["status", "sent_at", "last_error", "attempts"])
            counts["sent"] += 1
    return counts


def drain(*, batch: int = CLAIM_BATCH) -> dict[str, int]:
    """Claim and send batch after batch until nothing is due (a failed message is due only later)."""
    total = {"sent": 0, "retry": 0, "failed": 0}
    while True:
        counts = deliver_due(batch=batch)
        if not any(counts.values()):
            return total
        for key, value in counts.items():
            total[key] += value


def _message(email: Email) -> EmailMessage:
    message = EmailMessage(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.address])
    for attachment in email.attachments.all():
        message.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    return message


def _record_failure(email: Email, error: Exception, now: datetime) -> str:
    email.attempts += 1
    # The error names the server's answer, never the message's content.
    email.last_error = f"{type(error).__name__}: {error}"[:2000]
    if email.attempts >= MAX_ATTEMPTS:
        email.status = EmailStatus.FAILED
        outcome = "failed"
        logger.error("E-mail %s (%s) failed for good: %s", email.pk, email.kind, email.last_error)
    else:
        email.status = EmailStatus.QUEUED
        email.next_attempt_at = now + RETRY_DELAYS[email.attempts - 1]
        outcome = "retry"
        logger.warning("E-mail %s (%s) will be retried: %s", email.pk, email.kind, email.last_error)
    email.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
    return outcome


@transaction.atomic
def requeue(*, email: Email) -> Email:
    """Put a message that failed for good back in the queue (after fixing the address, say)."""
    email.status, email.next_attempt_at, email.attempts = EmailStatus.QUEUED, timezone.now(), 0
    email.save(update_fields=["status", "next_attempt_at", "attempts"])
    jobs.enqueue_on_commit("outbox.jobs.deliver")
    return email
