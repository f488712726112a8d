"""Who collaborated with the service, when, and through which of the six actions.

Every source is grouped by organisation and month in the database (one query each), so the number
of queries does not depend on the number of rows.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import CharField, Count, DateField, F, Q, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.choices import ReferralStatus
from cases.models import CaseMeeting, PlanPartner, PlanReview, ReferralTransition
from community.choices import SENSE_OF_BELONGING
from community.models import CommunityAction, Meeting
from indicators.periods import Period, Quarter
from territory.models import Area

# The six actions of community work, weakest bond first, and table meetings.
ACTION_LABELS = {
    "invitation": _("Invitation"),
    "hook_up": _("Hook-up"),
    "workshop": _("Workshop with citizens"),
    "use": _("Use of an opportunity"),
    "referral": _("Appropriate referral"),
    "joint": _("Joint take-charge"),
    "table": _("Table meeting"),
    # Community actions that build a sense of belonging: they count towards collaboration too.
    **{kind.value: kind.label for kind in SENSE_OF_BELONGING},
}


def _as_date(value) -> date:
    return timezone.localtime(value).date() if isinstance(value, datetime) else value


def organisation_activity(
    period: Period, area: Area | None = None, organisation_id: int | None = None, organisation_ids=None
):
    """Rows of (organisation id, month, action, count) from every source."""
    areas = Area.objects.overlapping(area) if area else None

    def scoped(queryset, area_path, *org_paths):
        if areas is not None:
            queryset = queryset.filter(**{f"{area_path}__in": areas})
        wanted = [organisation_id] if organisation_id is not None else organisation_ids
        if wanted is not None:
            matches = Q()
            for path in org_paths:
                matches |= Q(**{f"{path}__in": wanted})
            queryset = queryset.filter(matches)
        return queryset

    actions = CommunityAction.organisations.through.objects.filter(
        communityaction__date__range=(period.start, period.end)
    )
    joint, table = Value("joint", output_field=CharField()), Value("table", output_field=CharField())
    # Every source yields the same columns (org, month, action, n), so that the six are read
    # with one UNION ALL query.
    sources = [
        scoped(actions, "communityaction__area", "organisation_id").values(
            org=F("organisation_id"), month=TruncMonth("communityaction__date"), action=F("communityaction__kind")
        ),
        # A referral counts from the day it was sent: drafts are not yet a collaboration.
        scoped(
            ReferralTransition.objects.filter(
                to_status=ReferralStatus.SENT, occurred_on__range=(period.start, period.end)
            ),
            "referral__case__person__area",
            "referral__opportunity__organisation_id",
        ).values(
            org=F("referral__opportunity__organisation_id"), month=TruncMonth("occurred_on"), action=F("referral__kind")
        ),
        scoped(
            PlanPartner.objects.filter(plan__started_on__range=(period.start, period.end)),
            "plan__case__person__area",
            "organisation_id",
        ).values(org=F("organisation_id"), month=TruncMonth("plan__started_on"), action=joint),
        scoped(
            PlanReview.objects.filter(reviewed_on__range=(period.start, period.end)),
            "plan__case__person__area",
            "plan__partners__organisation_id",
        ).values(org=F("plan__partners__organisation_id"), month=TruncMonth("reviewed_on"), action=joint),
        scoped(
            CaseMeeting.objects.filter(held_on__range=(period.start, period.end)),
            "plan__case__person__area",
            "plan__partners__organisation_id",
        ).values(org=F("plan__partners__organisation_id"), month=TruncMonth("held_on"), action=joint),
        scoped(
            Meeting.attendees.through.objects.filter(meeting__starts_at__date__range=(period.start, period.end)),
            "meeting__table__area",
            "tablemember__organisation_id",
            "tablemember__contact__organisation_id",
        ).values(
            org=Coalesce("tablemember__organisation_id", "tablemember__contact__organisation_id"),
            month=TruncMonth("meeting__starts_at", output_field=DateField()),
            action=table,
        ),
    ]
    grouped = [source.annotate(n=Count("pk")).order_by() for source in sources]
    for row in grouped[0].union(*grouped[1:], all=True):
        if row["org"] is not None:
            yield row["org"], _as_date(row["month"]), row["action"], row["n"]


NONE, OCCASIONAL, CONTINUOUS = "none", "occasional", "continuous"
LEVEL_LABELS = {NONE: _("none"), OCCASIONAL: _("occasional"), CONTINUOUS: _("continuous")}


@dataclass
class QuarterActivity:
    months: set = field(default_factory=set)
    counts: dict = field(default_factory=lambda: defaultdict(int))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def level(self) -> str:
        """The rule shown on the Indicators page (keep the two in step).

        Continuous: the organisation worked with the service in at least two different months of
        the quarter, or shared a joint take-charge with it (a path built together is continuous by
        nature). Occasional: any other contact in the quarter. None: no contact.
        """
        if not self.months:
            return NONE
        if len(self.months) >= 2 or self.counts.get("joint"):
            return CONTINUOUS
        return OCCASIONAL


def collaboration_by_quarter(
    period: Period, area: Area | None = None, organisation_id: int | None = None, organisation_ids=None
):
    """{organisation id: {Quarter: QuarterActivity}} over the period."""
    result: dict[int, dict[Quarter, QuarterActivity]] = defaultdict(lambda: defaultdict(QuarterActivity))
    for org, month, action, count in organisation_activity(period, area, organisation_id, organisation_ids):
        if organisation_ids is not None and org not in organisation_ids:
            continue  # a partner of a joint plan that includes a drawn organisation
        activity = result[org][Quarter.of(month)]
        activity.months.add(month)
        activity.counts[action] += count
    return result


def became_continuous(by_quarter: dict[Quarter, QuarterActivity], quarters: list[Quarter]) -> bool:
    """Occasional in the first quarter the collaboration showed in the period, continuous in the latest."""
    levels = [by_quarter[q].level for q in quarters if q in by_quarter and by_quarter[q].level != NONE]
    return len(levels) >= 2 and levels[0] == OCCASIONAL and levels[-1] == CONTINUOUS
