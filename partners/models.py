from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Referral
from community.models import ActionItem, MinutesVersion, TableMember
from partners.choices import LinkPurpose, RevokeReason
from territory.models import Contact


class PartnerAccountQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The administrators keep every partner account; a partner sees their own."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("partners.view_partneraccount"):
            return self.all()
        return self.filter(user=user)


class PartnerAccount(models.Model):
    """The account of someone at a partner organisation: a contact of the directory who signs in.

    Their organisation is the contact's. The role `partner` (accounts.roles) gives the portal; this
    row says whose portal it is.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="partner_account"
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        on_delete=models.PROTECT,
        related_name="partner_accounts",
        help_text=_("The person at the organisation: answers from the portal are signed with their name."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PartnerAccountQuerySet.as_manager()

    class Meta:
        ordering = ["contact__organisation__name", "contact__last_name"]
        verbose_name = _("partner account")
        verbose_name_plural = _("partner accounts")
        permissions = [("use_partner_portal", _("Can use the partner portal of their own organisation"))]

    def __str__(self) -> str:
        return f"{self.user} · {self.contact.organisation}"

    @property
    def organisation(self):
        return self.contact.organisation

    def clean(self) -> None:
        # A partner answers for an organisation, not for a team of the service: an account with a team
        # would see that team's cases through the worker pages.
        if self.user_id and self.user.team_id:
            raise ValidationError(
                {"user": ValidationError(_("A partner's account belongs to no team of the service."), code="has_team")}
            )


class PartnerLinkQuerySet(models.QuerySet):
    def live(self, now=None):
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())

    def visible_to(self, user):
        """Links to referrals are seen with the referral (its team); links to the minutes with the meetings.

        Partners hold neither permission: they see no link, only use the one they were sent.
        """
        if not user.is_authenticated:
            return self.none()
        seen = Q(pk__in=[])
        if user.team_id and user.has_perm("cases.view_referral"):
            seen |= Q(purpose=LinkPurpose.REFERRAL, referral__case__team_id=user.team_id)
        if user.has_perm("community.view_meeting"):
            seen |= Q(purpose__in=[LinkPurpose.MINUTES, LinkPurpose.ACTION_ITEM])
        return self.filter(seen)


class PartnerLink(models.Model):
    """A link e-mailed to someone without an account: one purpose, one record, one contact or member.

    Only the SHA-256 of its token is kept (partners.tokens). It expires after PARTNER_LINK_DAYS, the
    worker may revoke it, and sending it again replaces it.
    """

    purpose = models.CharField(_("purpose"), max_length=12, choices=LinkPurpose.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    referral = models.ForeignKey(
        Referral, verbose_name=_("referral"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    minutes_version = models.ForeignKey(
        MinutesVersion,
        verbose_name=_("version of the minutes"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    action_item = models.ForeignKey(
        ActionItem, verbose_name=_("action item"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    member = models.ForeignKey(
        TableMember, verbose_name=_("table member"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    address = models.EmailField(_("sent to"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_reason = models.CharField(_("why revoked"), max_length=10, choices=RevokeReason.choices, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    uses = models.PositiveIntegerField(_("times used"), default=0)

    objects = PartnerLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("partner link")
        verbose_name_plural = _("partner links")
        indexes = [
            models.Index(fields=["referral", "revoked_at"]),
            models.Index(fields=["minutes_version", "member"]),
            models.Index(fields=["action_item", "member"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(purpose__in=LinkPurpose.values), name="partner_link_purpose_valid"),
            # Each purpose names exactly its record and whom it was sent to, nothing else.
            models.CheckConstraint(
                condition=Q(
                    purpose=LinkPurpose.REFERRAL,
                    referral__isnull=False,
                    contact__isnull=False,
                    minutes_version__isnull=True,
                    action_item__isnull=True,
                    member__isnull=True,
                )
                | Q(
                    purpose=LinkPurpose.MINUTES,
                    minutes_version__isnull=False,
                    member__isnull=False,
                    referral__isnull=True,
                    contact__isnull=True,
                    action_item__isnull=True,
                )
                | Q(
                    purpose=LinkPurpose.ACTION_ITEM,
                    action_item__isnull=False,
                    member__isnull=False,
                    referral__isnull=True,
                    contact__isnull=True,
                    minutes_version__isnull=True,
                ),
                name="partner_link_one_record",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revoked_reason="")
                | Q(revoked_at__isnull=False, revoked_reason__in=RevokeReason.values),
                name="partner_link_revoked_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} · {self.address}"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return str(self.get_revoked_reason_display())
        if self.expires_at <= timezone.now():
            return str(_("Expired"))
        return str(_("Valid"))

    @property
    def record(self) -> models.Model:
        return {
            LinkPurpose.REFERRAL: self.referral,
            LinkPurpose.MINUTES: self.minutes_version,
            LinkPurpose.ACTION_ITEM: self.action_item,
        }[self.purpose]
