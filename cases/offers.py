"""An offer of availability (territory.offers.Offer) used for a case.

The offer is the directory's, seen by the whole service; that it was used for this person says
something of their situation, so the use is a case record: seen only by the case's team, and written
on the case timeline.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.choices import EventKind
from cases.models import Case, CaseRecordQuerySet
from territory.models import Offer


class OfferUse(models.Model):
    offer = models.ForeignKey(Offer, verbose_name=gettext_lazy("offer"), on_delete=models.PROTECT, related_name="uses")
    case = models.ForeignKey(
        Case, verbose_name=gettext_lazy("case"), on_delete=models.CASCADE, related_name="offer_uses"
    )
    used_on = models.DateField(gettext_lazy("used on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(gettext_lazy("recorded at"), auto_now_add=True)

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-used_on", "-pk"]
        verbose_name = gettext_lazy("use of an offer")
        verbose_name_plural = gettext_lazy("uses of offers")
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "case", "used_on"],
                name="offer_use_once_a_day_per_case",
                violation_error_message=gettext_lazy("This use of the offer is already recorded for that day."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.offer} ({self.used_on})"

    def get_absolute_url(self) -> str:
        return reverse("cases:case_detail", args=[self.case_id])


@transaction.atomic
def record_offer_use(*, offer: Offer, case: Case, actor, used_on: date) -> OfferUse:
    """Record that the offer was used for the case on that day, and write it on the case timeline."""
    from cases.services import record_event

    if case.is_closed:
        raise ValidationError(_("The case is closed: reopen it to record what it used."), code="case_closed")
    if used_on > timezone.localdate():
        raise ValidationError({"used_on": ValidationError(_("The date cannot be in the future."), code="future_date")})
    if not offer.is_available_on(used_on):
        raise ValidationError(
            {"used_on": ValidationError(_("The offer was not available on that day."), code="offer_not_available")}
        )
    use = OfferUse(offer=offer, case=case, used_on=used_on, recorded_by=actor)
    use.full_clean()
    use.save()
    record_event(case=case, actor=actor, kind=EventKind.OFFER_USED, occurred_on=used_on, title=offer.title)
    return use
