"""Writes of community work that touch several rows or the outside world (e-mail)."""

import logging
from collections.abc import Callable
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from community.choices import DeliveryStatus, MinutesStatus
from community.minutes import minutes_email, minutes_pdf
from community.models import CommunityAction, Meeting, MinutesDelivery

logger = logging.getLogger(__name__)

# Back-off between delivery attempts: 1, 5, 15, 60 minutes, then every 4 hours, for two days.
RETRY_DELAYS = [timedelta(minutes=m) for m in (1, 5, 15, 60)] + [timedelta(hours=4)] * 11
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


def _refuse(message: str, code: str) -> None:
    raise ValidationError(message, code=code)


@transaction.atomic
def change_minutes_status(*, meeting: Meeting, to_status: str, actor) -> Meeting:
    """Move the minutes along draft → in review → approved → sent, or refuse saying why."""
    meeting = Meeting.objects.select_for_update().select_related("table").get(pk=meeting.pk)
    if to_status not in meeting.next_minutes_statuses:
        _refuse(
            _("Minutes that are %(current)s cannot become %(new)s.")
            % {"current": meeting.get_minutes_status_display().lower(), "new": MinutesStatus(to_status).label.lower()},
            "impossible_transition",
        )
    # Approving, sending back and sending out are the coordinator's: co-design minutes are an
    # obligation (art. 55 of the Third Sector Code) and the coordinator answers for them.
    if to_status != MinutesStatus.IN_REVIEW and actor.pk != meeting.table.coordinator_id:
        _refuse(_("Only the table's coordinator reviews, approves and sends its minutes."), "not_coordinator")
    if to_status == MinutesStatus.IN_REVIEW and not meeting.minutes.strip():
        _refuse(_("Write the minutes before sending them for review."), "minutes_empty")

    meeting.minutes_status = to_status
    fields = ["minutes_status", "version", "updated_at"]
    if to_status == MinutesStatus.APPROVED:
        meeting.approved_by, meeting.approved_at = actor, timezone.now()
        fields += ["approved_by", "approved_at"]
    if to_status == MinutesStatus.SENT:
        meeting.sent_at = timezone.now()
        fields.append("sent_at")
        queue_minutes(meeting)
    meeting.version += 1
    meeting.save(update_fields=fields)
    if to_status == MinutesStatus.SENT:
        # Try at once; whatever fails stays queued for the deliver_minutes worker.
        transaction.on_commit(lambda: deliver_due(meeting_id=meeting.pk))
    return meeting


def queue_minutes(meeting: Meeting) -> list[MinutesDelivery]:
    """One queued delivery per distinct address among the table's members."""
    deliveries, seen = [], set()
    for member in meeting.table.members.select_related("contact__organisation", "organisation"):
        email = member.delivery_email.strip().lower()
        if email and email not in seen:
            seen.add(email)
            deliveries.append(MinutesDelivery(meeting=meeting, member=member, recipient=str(member), email=email))
    if not deliveries:
        _refuse(_("No member of the table has an e-mail address: add one before sending."), "no_recipients")
    return MinutesDelivery.objects.bulk_create(deliveries)


def deliver_due(*, meeting_id: int | None = None, now=None) -> dict[str, int]:
    """Send every queued delivery whose time has come; returns how many went out and failed."""
    now = now or timezone.now()
    due = MinutesDelivery.objects.filter(status=DeliveryStatus.QUEUED, next_attempt_at__lte=now)
    if meeting_id is not None:
        due = due.filter(meeting_id=meeting_id)
    # The e-mail and the PDF list attendees and action items: load them once for all deliveries.
    due = (
        due.select_related("meeting__table__coordinator", "meeting__approved_by")
        .prefetch_related(
            "meeting__attendees__organisation",
            "meeting__attendees__contact__organisation",
            "meeting__action_items__owner__organisation",
            "meeting__action_items__owner__contact__organisation",
        )
        .order_by("meeting_id", "pk")
    )
    counts = {"sent": 0, "retry": 0, "failed": 0}
    pdfs: dict[int, bytes] = {}
    connection = get_connection(fail_silently=False)
    for delivery in due:
        meeting = delivery.meeting
        try:
            if meeting.pk not in pdfs:
                pdfs[meeting.pk] = minutes_pdf(meeting)
            connection.send_messages([minutes_email(delivery, pdfs[meeting.pk])])
        except Exception as error:  # noqa: BLE001 - any failure of the mail server must be retried, not lost
            counts[_record_failure(delivery, error, now)] += 1
        else:
            delivery.status, delivery.sent_at, delivery.last_error = DeliveryStatus.SENT, timezone.now(), ""
            delivery.attempts += 1
            delivery.save(update_fields=["status", "sent_at", "last_error", "attempts"])
            counts["sent"] += 1
    return counts


def _record_failure(delivery: MinutesDelivery, error: Exception, now) -> str:
    delivery.attempts += 1
    delivery.last_error = f"{type(error).__name__}: {error}"[:2000]
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
        outcome = "failed"
        logger.error("Minutes delivery %s failed for good: %s", delivery.pk, delivery.last_error)
    else:
        delivery.next_attempt_at = now + RETRY_DELAYS[delivery.attempts - 1]
        outcome = "retry"
        logger.warning("Minutes delivery %s will be retried: %s", delivery.pk, delivery.last_error)
    delivery.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
    return outcome


@transaction.atomic
def retry_delivery(*, delivery: MinutesDelivery) -> MinutesDelivery:
    """Put a delivery that failed for good back in the queue (after fixing the address, say)."""
    delivery.status, delivery.next_attempt_at, delivery.attempts = DeliveryStatus.QUEUED, timezone.now(), 0
    delivery.save(update_fields=["status", "next_attempt_at", "attempts"])
    return delivery


@transaction.atomic
def convert_hook_up(*, action: CommunityAction, save: Callable[[], Model], link: str) -> Model:
    """Create what a hook-up turns into (`save` returns it) and keep the link: all or nothing."""
    created = save()
    setattr(action, link, created)
    action.save(update_fields=[link, "updated_at"])
    return created
