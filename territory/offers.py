"""Offered availability: what volunteers and organisations offer to the people the service helps.

An offer is a hook-up's lighter cousin: someone says "I can give lifts on Tuesdays" or "we have two
places at the summer camp", for a poverty dimension, in an area, until a date. Workers see the offers
that fit a case beside the opportunities (cases.matching) and record when one was used for a case
(cases.offers.OfferUse, kept with the case and seen only by its team). An offer nobody used
`UNUSED_AFTER` days after it was registered is flagged, so that someone calls the volunteer back.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models import When as If
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import VersionedModel
from core.querysets import RoleScopedQuerySet

# An offer still unused this long after it was registered is flagged on the list and the dashboard.
UNUSED_AFTER = timedelta(days=60)


class OfferQuerySet(RoleScopedQuerySet):
    def for_list(self) -> "OfferQuerySet":
        return self.select_related("organisation", "area__parent").prefetch_related("poverty_dimensions")

    def available(self, today: date) -> "OfferQuerySet":
        """Not withdrawn and not past its "available until" date."""
        return self.filter(withdrawn_on__isnull=True).exclude(available_until__lt=today)

    def unused_since(self, today: date) -> "OfferQuerySet":
        """Not withdrawn, registered `UNUSED_AFTER` or more ago, and never recorded as used for a case.

        An offer registered on 1 March is flagged from 30 April (60 days later) if nobody used it.
        """
        return self.filter(
            withdrawn_on__isnull=True, registered_on__lte=today - UNUSED_AFTER, uses__isnull=True
        ).distinct()

    def with_use(self, today: date) -> "OfferQuerySet":
        """Each row with `used` (for some case), `flagged_unused` (the 60-day rule) and `expired`."""
        used = Exists(self.model.objects.filter(pk=OuterRef("pk"), uses__isnull=False))
        return self.annotate(used=used).annotate(
            flagged_unused=models.Case(
                If(used=False, withdrawn_on__isnull=True, registered_on__lte=today - UNUSED_AFTER, then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            ),
            expired=models.Case(
                If(withdrawn_on__isnull=True, available_until__lt=today, then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            ),
        )


class Offer(VersionedModel):
    """Availability offered by an organisation or by a named volunteer, for a while, in an area."""

    title = models.CharField(_("what is offered"), max_length=200)
    description = models.TextField(_("details"), blank=True, help_text=_("When, how, for how many people."))
    poverty_dimensions = models.ManyToManyField(
        "territory.PovertyDimension", verbose_name=_("poverty dimensions"), related_name="offers"
    )
    area = models.ForeignKey("territory.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="offers")
    organisation = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("offered by the organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offers",
    )
    volunteer_name = models.CharField(
        _("or offered by the volunteer"), max_length=160, blank=True, help_text=_("Name and surname.")
    )
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_("Phone or e-mail to reach whoever offers; required for a volunteer."),
    )
    registered_on = models.DateField(_("registered on"), default=timezone.localdate)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True, editable=False)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["-registered_on", "-pk"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, volunteer_name="")
                | Q(organisation__isnull=True) & ~Q(volunteer_name=""),
                name="offer_by_organisation_or_volunteer",
                violation_error_message=_("Choose the organisation or write the volunteer's name, not both."),
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(contact=""),
                name="offer_volunteer_has_contact",
                violation_error_message=_("Give a phone or e-mail to reach the volunteer."),
            ),
            models.CheckConstraint(
                condition=Q(available_until__isnull=True) | Q(available_until__gte=models.F("registered_on")),
                name="offer_available_after_registered",
                violation_error_message=_("The offer cannot end before it was registered."),
            ),
        ]
        indexes = [models.Index(fields=["withdrawn_on", "registered_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("territory:offer_detail", args=[self.pk])

    @property
    def offered_by(self) -> str:
        return self.organisation.name if self.organisation_id else self.volunteer_name

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None

    def is_available_on(self, day: date) -> bool:
        return (
            self.withdrawn_on is None
            and self.registered_on <= day
            and (self.available_until is None or day <= self.available_until)
        )

    def clean(self) -> None:
        errors = {}
        if self.organisation_id and self.volunteer_name:
            errors["volunteer_name"] = ValidationError(
                _("Choose the organisation or write the volunteer's name, not both."), code="both_offerers"
            )
        elif not self.organisation_id and not self.volunteer_name:
            errors["volunteer_name"] = ValidationError(
                _("Choose the organisation or write the volunteer's name."), code="no_offerer"
            )
        elif not self.organisation_id and not self.contact:
            errors["contact"] = ValidationError(
                _("Give a phone or e-mail to reach the volunteer."), code="volunteer_without_contact"
            )
        if self.registered_on and self.registered_on > timezone.localdate():
            errors["registered_on"] = ValidationError(_("The date cannot be in the future."), code="future_date")
        if self.registered_on and self.available_until and self.available_until < self.registered_on:
            errors["available_until"] = ValidationError(
                _("The offer cannot end before it was registered."), code="end_before_start"
            )
        if errors:
            raise ValidationError(errors)


@transaction.atomic
def withdraw_offer(*, offer: Offer, on: date) -> Offer:
    """Withdraw the offer from that day: it is no longer suggested, nor flagged as unused."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.is_withdrawn:
        raise ValidationError(_("This offer is already withdrawn."), code="already_withdrawn")
    if on < offer.registered_on:
        raise ValidationError(_("An offer cannot be withdrawn before it was registered."), code="before_registered")
    offer.withdrawn_on = on
    offer.version += 1
    offer.save(update_fields=["withdrawn_on", "version", "updated_at"])
    return offer
