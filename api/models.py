"""Personal API tokens, and the webhooks told of changes in the directory."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ = "read", _("Read only")
    READ_WRITE = "read_write", _("Read and write")


class ApiTokenQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A token is its owner's alone: nobody else sees, uses or revokes it."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)


class ApiToken(models.Model):
    """A personal token for the staff API: it acts as its owner, with the owner's permissions.

    Only the SHA-256 of the token is kept (api.services.create_token shows the token once), so a copy
    of the database opens nothing. A read-only token cannot change anything, whatever its owner may do.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, to recognise it later."))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [models.CheckConstraint(condition=Q(scope__in=Scope.values), name="api_token_scope_valid")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("api_pages:token_list")

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def can_write(self) -> bool:
        return self.scope == Scope.READ_WRITE


class WebhookSubscriptionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The administrators keep the webhooks: each one sends the directory's changes outside."""
        if user.is_authenticated and user.has_perm("api.manage_webhooks"):
            return self.all()
        return self.none()


class WebhookSubscription(models.Model):
    """An outside system told of every change in the directory, by a signed POST to its address."""

    url = models.URLField(_("address"), max_length=500, help_text=_("Where the changes are sent (https)."))
    secret = models.CharField(
        _("shared secret"), max_length=100, help_text=_("Signs each delivery (HMAC-SHA256 of the body).")
    )
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = WebhookSubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["url", "pk"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        permissions = [("manage_webhooks", _("Can manage the webhooks of the directory"))]

    def __str__(self) -> str:
        return self.url

    def get_absolute_url(self) -> str:
        return reverse("api_pages:webhook_list")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Sending")
    RETRYING = "retrying", _("Failed, will retry")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed for good")


class WebhookDeliveryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Seen with their webhook, by the administrators."""
        return self.filter(subscription__in=WebhookSubscription.objects.visible_to(user))


class WebhookDelivery(models.Model):
    """One change sent to one webhook: its payload as sent, and how the sending went."""

    subscription = models.ForeignKey(
        WebhookSubscription, verbose_name=_("webhook"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("event"), max_length=40)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    response_code = models.PositiveIntegerField(_("response code"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    objects = WebhookDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=DeliveryStatus.values), name="webhook_delivery_status_valid")
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription_id}"

    def get_absolute_url(self) -> str:
        return reverse("api_pages:webhook_list")

    @property
    def status_tone(self) -> str:
        """The badge's colour, asked by the page rather than compared there."""
        return {
            DeliveryStatus.DELIVERED: "success",
            DeliveryStatus.FAILED: "danger",
            DeliveryStatus.RETRYING: "warning",
        }.get(self.status, "secondary")
