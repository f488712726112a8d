"""The Indicators' figures as the pages computed them before the rollup (grouped from the records on each
request), kept as the reference the rollup and the records' rows must agree with (test_rollup.py)."""

import statistics
from collections import Counter, defaultdict

from django.contrib.auth import get_user_model
from django.db.models import CharField, Count, DateField, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth

from cases.choices import CaseStatus, NeedLevel, ReferralStatus
from cases.models import CaseMeeting, CaseNeed, JointPlan, PlanPartner, PlanReview, Referral, ReferralTransition
from community.choices import SENSE_OF_BELONGING, BondKind
from community.models import CommunityAction, Meeting
from indicators.activity import QuarterActivity, _as_date
from indicators.figures import SIX_ACTIONS, Filters
from indicators.periods import Period, Quarter
from territory.models import Area

JOINT = Value("joint", output_field=CharField())


def _sent_transitions(filters: Filters):
    sent = ReferralTransition.objects.filter(
        to_status=ReferralStatus.SENT, occurred_on__range=(filters.period.start, filters.period.end)
    )
    return _in_area(sent, filters, "referral__case__person__area")


def _actions(filters: Filters):
    actions = CommunityAction.objects.filter(date__range=(filters.period.start, filters.period.end))
    return _in_area(actions, filters, "area")


def _plans(filters: Filters):
    plans = JointPlan.objects.filter(started_on__range=(filters.period.start, filters.period.end))
    return _in_area(plans, filters, "case__person__area")


def _union(querysets):
    grouped = [queryset.annotate(n=Count("pk")).order_by() for queryset in querysets]
    return grouped[0].union(*grouped[1:], all=True)


def _in_area(queryset, filters: Filters, path: str):
    areas = filters.areas()
    return queryset.filter(**{f"{path}__in": areas}) if areas is not None else queryset


def actions_by_month(filters: Filters) -> dict:
    """{"months": [...], "series": {action: [count per month]}} for the six actions."""
    counts: dict[tuple, int] = Counter()
    rows = _union(
        [
            _actions(filters).values(month=TruncMonth("date"), action=F("kind")),
            _sent_transitions(filters).values(month=TruncMonth("occurred_on"), action=F("referral__kind")),
            _plans(filters).values(month=TruncMonth("started_on"), action=JOINT),
        ]
    )
    for row in rows:
        counts[(row["action"], _as_date(row["month"]))] += row["n"]
    months = filters.period.months
    return {
        "months": months,
        "series": {action: [counts[(action, month)] for month in months] for action in SIX_ACTIONS},
    }


def actions_by(filters: Filters, dimension: str) -> list[tuple[str, dict]]:
    """Counts of the six actions by area or by worker, largest first."""
    if dimension == "area":
        paths = ("area__name", "referral__case__person__area__name", "case__person__area__name")
    else:
        paths = ("workers", "referral__created_by", "case__responsible")
    rows = _union(
        [
            _actions(filters).values(key=F(paths[0]), action=F("kind")),
            _sent_transitions(filters).values(key=F(paths[1]), action=F("referral__kind")),
            _plans(filters).values(key=F(paths[2]), action=JOINT),
        ]
    )
    table: dict = defaultdict(Counter)
    for row in rows:
        table[row["key"] or "—"][row["action"]] += row["n"]
    if dimension == "worker":
        names = {user.pk: str(user) for user in get_user_model().objects.filter(pk__in=[k for k in table if k != "—"])}
        table = {names.get(key, key): counter for key, counter in table.items()}
    return sorted(((key, dict(counter)) for key, counter in table.items()), key=lambda item: -sum(item[1].values()))


def referral_answers(filters: Filters) -> dict:
    """Acceptance rate and median days from sending to the answer, for answers given in the period."""
    sent_on = ReferralTransition.objects.filter(referral=OuterRef("referral"), to_status=ReferralStatus.SENT).values(
        "occurred_on"
    )[:1]
    answers = ReferralTransition.objects.filter(
        to_status__in=[ReferralStatus.ACCEPTED, ReferralStatus.DECLINED],
        occurred_on__range=(filters.period.start, filters.period.end),
    )
    answers = _in_area(answers, filters, "referral__case__person__area")
    rows = list(answers.annotate(sent_on=Subquery(sent_on)).values_list("to_status", "occurred_on", "sent_on"))
    accepted = sum(1 for status, _answered, _sent in rows if status == ReferralStatus.ACCEPTED)
    days = [(answered - sent).days for _status, answered, sent in rows if sent]
    return {
        "answered": len(rows),
        "accepted": accepted,
        "declined": len(rows) - accepted,
        "acceptance_rate": round(100 * accepted / len(rows)) if rows else None,
        "median_days": statistics.median(days) if days else None,
    }


def referral_outcomes(filters: Filters) -> dict[str, int]:
    closed = Referral.objects.filter(
        status__in=[ReferralStatus.COMPLETED, ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN],
        status_changed_on__range=(filters.period.start, filters.period.end),
    )
    closed = _in_area(closed, filters, "case__person__area")
    counts = dict(closed.values_list("status").annotate(n=Count("pk")).order_by())
    return {
        status: counts.get(status, 0)
        for status in (ReferralStatus.COMPLETED, ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN)
    }


def cases_by_dimension(filters: Filters) -> list[tuple[str, dict]]:
    """Open cases by poverty dimension and level of need."""
    needs = _in_area(CaseNeed.objects.exclude(case__status=CaseStatus.CLOSED), filters, "case__person__area")
    table: dict[str, dict[int, int]] = defaultdict(lambda: dict.fromkeys(NeedLevel.values, 0))
    for row in needs.values("dimension__code", "level").annotate(n=Count("pk")).order_by():
        table[row["dimension__code"]][row["level"]] = row["n"]
    return sorted(table.items())


def bonds_by_month(filters: Filters) -> dict:
    counts = Counter()
    for row in _actions(filters).values("bond_kind", month=TruncMonth("date")).annotate(n=Count("pk")).order_by():
        counts[(row["bond_kind"], _as_date(row["month"]))] += row["n"]
    months = filters.period.months
    return {"months": months, "series": {kind: [counts[(kind, m)] for m in months] for kind in BondKind.values}}


def belonging_by_month(filters: Filters) -> dict:
    """The sense-of-belonging activities (animation, awareness events, listening points, training)
    month by month, with the citizens who took part, in one query."""
    counts, citizens = Counter(), Counter()
    rows = (
        _actions(filters)
        .filter(kind__in=SENSE_OF_BELONGING)
        .values("kind", month=TruncMonth("date"))
        .annotate(n=Count("pk"), people=Sum("citizens_count"))
        .order_by()
    )
    for row in rows:
        counts[(row["kind"], _as_date(row["month"]))] += row["n"]
        citizens[row["kind"]] += row["people"] or 0
    months = filters.period.months
    series = {kind.value: [counts[(kind, m)] for m in months] for kind in SENSE_OF_BELONGING}
    return {
        "months": months,
        "series": series,
        "totals": {kind: sum(values) for kind, values in series.items()},
        "citizens": {kind.value: citizens[kind] for kind in SENSE_OF_BELONGING},
        "total": sum(counts.values()),
    }


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
