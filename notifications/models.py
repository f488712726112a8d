from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications import wording
from notifications.kinds import Kind


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Notifications are their addressee's alone."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something that concerns one user, with a link to its record."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    # Plain data worded at display time (notifications.wording): no special-category values.
    params = models.JSONField(default=dict)
    record_type = models.CharField(max_length=100, blank=True)
    record_id = models.CharField(max_length=64, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # When it went out by e-mail, on its own or in a digest; null while it waits for the digest.
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    # A reminder is made once per thing and day (the hourly job may run again); None for events.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True, editable=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread"),
            models.Index(fields=["user", "-created_at"], name="notification_newest"),
        ]
        constraints = [models.CheckConstraint(condition=Q(kind__in=Kind.values), name="notification_kind_valid")]

    def __str__(self) -> str:
        return self.message()

    def message(self, today=None) -> str:
        return wording.message(self.kind, self.params, today or timezone.localdate())

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", _("At once, one e-mail each")
    DIGEST = "digest", _("Once a day, in a digest")
    NONE = "none", _("Not by e-mail (only in the app)")


class Preference(models.Model):
    """How a user wants to be told. Users without a row get the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_mode = models.CharField(_("e-mail"), max_length=10, choices=EmailMode.choices, default=EmailMode.DIGEST)
    digest_hour = models.PositiveSmallIntegerField(
        _("digest time"),
        default=7,  # notifications.services.DEFAULT_DIGEST_HOUR
        choices=[(hour, f"{hour:02d}:00") for hour in range(24)],
        help_text=_("The daily digest arrives at about this time."),
    )

    class Meta:
        verbose_name = _("notification preferences")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.CheckConstraint(condition=Q(email_mode__in=EmailMode.values), name="preference_mode_valid"),
            models.CheckConstraint(condition=Q(digest_hour__lte=23), name="preference_hour_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_email_mode_display()}"
