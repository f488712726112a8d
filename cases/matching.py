"""Suggest opportunities and offers that fit a case: its needs, the person's area and age group."""

from datetime import date

from django.db.models import Case as When_
from django.db.models import Exists, F, IntegerField, OuterRef, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from cases.choices import ReferralStatus
from cases.models import Case, Referral
from territory.choices import TargetGroupCode
from territory.models import Area, Offer, Opportunity

NEED_WEIGHT, AREA_WEIGHT, TARGET_WEIGHT = 2, 3, 2


def age_groups(birth_date: date | None, today: date) -> list[str]:
    """The target groups a person belongs to by age; everyone belongs to "everyone" and "families"."""
    groups = [TargetGroupCode.EVERYONE, TargetGroupCode.FAMILIES]
    if birth_date is None:
        return groups
    age = today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))
    if age < 11:
        groups.append(TargetGroupCode.CHILDREN)
    elif age < 18:
        groups.append(TargetGroupCode.ADOLESCENTS)
    elif age < 30:
        groups.append(TargetGroupCode.YOUNG_ADULTS)
    if age >= 65:
        groups.append(TargetGroupCode.ELDERLY)
    return groups


def suggest_opportunities(case: Case, limit: int = 6):
    """Active opportunities ranked by fit, in one query; needs already prefetched on the case.

    Score: twice the level of each need the opportunity addresses, plus 3 if it is offered in the
    person's area (or an area containing or inside it), plus 2 if it is for the person's age group.
    Only opportunities addressing at least one need, and not already referred to, are suggested.
    """
    levels = {need.dimension_id: need.level for need in case.needs.all()}
    if not levels:
        return Opportunity.objects.none()
    today = timezone.localdate()
    dimensions = Opportunity.poverty_dimensions.through.objects.filter(
        opportunity_id=OuterRef("pk"), povertydimension_id__in=levels
    )
    level = When_(
        *[When(povertydimension_id=dimension, then=Value(lv)) for dimension, lv in levels.items()],
        default=Value(0),
        output_field=IntegerField(),
    )
    need_score = Subquery(
        dimensions.values("opportunity_id").annotate(total=Sum(level)).values("total"), output_field=IntegerField()
    )
    area = case.person.area
    in_area = (
        Exists(
            Opportunity.areas.through.objects.filter(
                opportunity_id=OuterRef("pk"), area_id__in=Area.objects.overlapping(area).values("pk")
            )
        )
        if area
        else Value(False)
    )
    for_age = Exists(
        Opportunity.target_groups.through.objects.filter(
            opportunity_id=OuterRef("pk"), targetgroup__code__in=age_groups(case.person.birth_date, today)
        )
    )
    already_referred = Referral.objects.filter(case=case, opportunity=OuterRef("pk")).exclude(
        status__in=[ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN]
    )
    return (
        Opportunity.objects.filter(active=True)
        .exclude(end_date__lt=today)
        .exclude(Exists(already_referred))
        .annotate(need_score=Coalesce(need_score, 0), in_area=in_area, for_age=for_age)
        .filter(need_score__gt=0)
        .annotate(
            score=NEED_WEIGHT * Coalesce(need_score, 0)
            + When_(When(in_area=True, then=Value(AREA_WEIGHT)), default=Value(0), output_field=IntegerField())
            + When_(When(for_age=True, then=Value(TARGET_WEIGHT)), default=Value(0), output_field=IntegerField())
        )
        .select_related("organisation")
        .order_by("-score", "title")[:limit]
    )


def suggest_offers(case: Case, offers, limit: int = 10):
    """Offers still available today for one of the case's needs, in the person's area, in one query.

    `offers` is what the user may see (`Offer.objects.visible_to(user)`); needs already prefetched.
    An offer is in the person's area when its area is theirs, contains it or lies inside it; a person
    with no area recorded gets the offers of every area. Offers already used for the case are left out.
    Those nearest to their end come first, then the oldest: they are the ones about to be lost.
    """
    dimensions = [need.dimension_id for need in case.needs.all()]
    if not dimensions:
        return Offer.objects.none()
    today = timezone.localdate()
    matching = offers.available(today).filter(
        Exists(
            Offer.poverty_dimensions.through.objects.filter(offer_id=OuterRef("pk"), povertydimension_id__in=dimensions)
        )
    )
    if case.person.area:
        matching = matching.filter(area__in=Area.objects.overlapping(case.person.area).values("pk"))
    return (
        matching.exclude(uses__case=case)
        .select_related("organisation", "area__parent")
        .order_by(F("available_until").asc(nulls_last=True), "registered_on", "pk")[:limit]
    )
