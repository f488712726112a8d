from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.querysets import RoleScopedQuerySet


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    # Claimed by one worker, which is sending it now: no other worker touches it until its lease ends.
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed for good")


STATUS_TONES = {
    EmailStatus.QUEUED: "warning",
    EmailStatus.SENDING: "info",
    EmailStatus.SENT: "success",
    EmailStatus.FAILED: "danger",
}


class EmailQuerySet(RoleScopedQuerySet):
    def about(self, record: models.Model, kind: str | None = None):
        """The e-mails sent about one record (a meeting's minutes, a referral...), oldest first."""
        emails = self.filter(record_type=record._meta.label_lower, record_id=str(record.pk))
        return emails.filter(kind=kind) if kind else emails


class Email(models.Model):
    """One message to one recipient, with its delivery state: queued, sending, sent or failed for good.

    Rows are written (subject, body and attachments rendered) when the message is queued; a job claims
    and sends them (outbox.services.deliver_due), retrying with back-off. The record the message is
    about is kept as a type and id, so any app's page can show the state of its own e-mails.
    """

    kind = models.CharField(_("kind"), max_length=40)
    record_type = models.CharField(_("about record type"), max_length=100, blank=True)
    record_id = models.CharField(_("about record id"), max_length=64, blank=True)
    recipient = models.CharField(_("recipient"), max_length=200)
    address = models.EmailField(_("e-mail"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    # Set for messages that must go out at most once (a daily digest, one member's minutes): a second
    # attempt to queue the same key is ignored.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    # Set when a worker claims the message: only the claimant sends it, and another worker may take it
    # over only after `claimed_until`.
    claim_token = models.UUIDField(null=True, blank=True, editable=False, db_index=True)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)

    objects = EmailQuerySet.as_manager()

    class Meta:
        ordering = ["recipient", "pk"]
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["record_type", "record_id", "kind"]),
        ]
        constraints = [models.CheckConstraint(condition=Q(status__in=EmailStatus.values), name="email_status_valid")]

    def __str__(self) -> str:
        return f"{self.recipient} <{self.address}>"

    @property
    def is_sent(self) -> bool:
        return self.status == EmailStatus.SENT

    @property
    def is_failed(self) -> bool:
        return self.status == EmailStatus.FAILED

    @property
    def tone(self) -> str:
        """The colour of the status badge (Bootstrap's text-bg-*)."""
        return STATUS_TONES[self.status]


class Attachment(models.Model):
    email = models.ForeignKey(Email, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("file name"), max_length=200)
    mimetype = models.CharField(_("type"), max_length=100)
    content = models.BinaryField(_("content"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename
