from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.roles import ROLE_LABELS

# Written into AuditEvent.role by audit.context for superusers, beside their groups.
SUPERUSER = "superuser"


class Action(models.TextChoices):
    READ = "read", _("Read")
    EXPORT = "export", _("Export")
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    DELETE = "delete", _("Delete")
    DENIED = "denied", _("Denied")
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logout")
    # An admin removed a user's second factors (signin.services.reset_second_factor).
    MFA_RESET = "mfa_reset", _("Second factor reset")
    # A user's sessions were ended: by an admin, by the user, by a password change.
    SESSIONS_ENDED = "sessions_end", _("Sessions ended")
    # A partner without an account opened or answered through a link e-mailed to them (partners app).
    LINK_USED = "link_used", _("Used an e-mailed link")
    # A call to the staff API with a personal token (api.auth): the token's id, never the token.
    API_CALL = "api_call", _("API call")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("The audit trail is append-only.")

    def delete(self):
        raise PermissionDenied("The audit trail is append-only.")


class AuditEvent(models.Model):
    """Who did what to which record, when, from where, and whether it was allowed. Append-only.

    The Garante expects every access to a person's record, plain viewing included, to be logged and
    kept for at least 24 months. Rows are never updated or deleted: the model and its queryset refuse,
    the admin is read-only, and on PostgreSQL a trigger refuses UPDATE and DELETE (migration 0002).
    """

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    # No database constraint: the trail must outlive the account, and stays readable by username.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    object_type = models.CharField(_("record type"), max_length=100, blank=True)
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=200, blank=True)
    # The person in charge the record concerns (see audit.registry): the auditor answers "who opened
    # this person's records" without any label. An id, not a foreign key: the trail sits below the
    # apps and outlives anonymisation.
    subject_person_id = models.PositiveBigIntegerField(_("person concerned"), null=True, blank=True, db_index=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("address"), max_length=500, blank=True)
    allowed = models.BooleanField(_("allowed"), default=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["user", "at"]),
            models.Index(fields=["object_type", "object_id", "at"]),
            models.Index(fields=["action", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The audit trail is append-only.")

    @property
    def role_labels(self) -> str:
        """The roles in the user's language, as the pages show them."""
        labels = {**ROLE_LABELS, SUPERUSER: _("Superuser")}
        return ", ".join(str(labels.get(name, name)) for name in filter(None, self.role.split(", ")))

    @property
    def change_lines(self) -> list[tuple[str, str]]:
        """Each changed field with what the trail may say of it (see audit.registry)."""
        return [(field, _change_text(value)) for field, value in (self.changes or {}).items()]


def _change_text(value) -> str:
    if value is None:
        return str(_("changed, content not recorded"))
    if isinstance(value, list) and len(value) == 2:
        before, after = ("—" if v in (None, "") else str(v) for v in value)
        return f"{before} → {after}"
    if isinstance(value, dict) and set(value) <= {"added", "removed"}:
        parts = []
        if value.get("added"):
            parts.append(str(_("added %(ids)s")) % {"ids": ", ".join(map(str, value["added"]))})
        if value.get("removed"):
            parts.append(str(_("removed %(ids)s")) % {"ids": ", ".join(map(str, value["removed"]))})
        return "; ".join(parts)
    return str(value)


class AccessAlert(models.Model):
    """An account opened more people's records within an hour than settings allow (issue 10 point 10).

    One row per account and clock hour, which the unique constraint guarantees even when two requests
    cross the threshold at once: the auditors are notified once per account per hour.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(_("username"), max_length=150)
    hour = models.DateTimeField(_("hour"))
    people = models.PositiveIntegerField(_("people whose records were opened"))
    threshold = models.PositiveIntegerField(_("threshold"))
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-raised_at", "-pk"]
        verbose_name = _("access alert")
        verbose_name_plural = _("access alerts")
        constraints = [models.UniqueConstraint(fields=["user", "hour"], name="access_alert_once_per_hour")]

    def __str__(self) -> str:
        return f"{self.username} {self.hour:%Y-%m-%d %H:00} ({self.people})"

    @property
    def report_since(self):
        """Where the breach report starts: the hour counted before the alert was raised."""
        return self.raised_at - timedelta(hours=1)

    @property
    def report_until(self):
        return self.hour + timedelta(hours=1)
