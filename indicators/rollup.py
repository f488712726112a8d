"""The counts behind the Indicators pages, read from the records or from their monthly rollup.

Every figure is a sum over rows of (month, area, key, ref, count, citizens) grouped from its sources:
community actions, referral steps, joint plans and the rest. The same grouped queries serve two uses:
- on the records, restricted to a period and an area (a period that does not start and end on a month's
  edge, or before the rollup was first built);
- over the whole history, written into MonthlyCount by `rebuild()` (a job, see indicators.jobs), so that
  a page reads a few thousand pre-grouped rows instead of grouping hundreds of thousands.
Both paths give the same rows for a period of whole months: the tests compare them.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.db.models import (
    CharField,
    Count,
    DateField,
    Expression,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, ExtractQuarter, ExtractYear, TruncMonth
from django.utils import timezone

from cases.choices import CaseStatus, ReferralStatus
from cases.models import CaseMeeting, CaseNeed, JointPlan, PlanPartner, PlanReview, Referral, ReferralTransition
from community.models import CommunityAction, Meeting
from indicators.models import MonthlyCount, RollupBuild
from indicators.periods import Period

Figure = MonthlyCount.Figure
CLOSED_REFERRAL = [ReferralStatus.COMPLETED, ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN]


class DaysBetween(Func):
    """Whole days from one date to a later one (PostgreSQL subtracts dates; SQLite needs julianday)."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra_context):
        later, earlier = (compiler.compile(expression) for expression in self.get_source_expressions())
        return f"({later[0]} - {earlier[0]})", [*later[1], *earlier[1]]

    def as_sqlite(self, compiler, connection, **extra_context):
        later, earlier = (compiler.compile(expression) for expression in self.get_source_expressions())
        return f"CAST(julianday({later[0]}) - julianday({earlier[0]}) AS INTEGER)", [*later[1], *earlier[1]]


def _text(value: str) -> Value:
    return Value(value, output_field=CharField())


# Typed NULLs: PostgreSQL reads a bare NULL in a sub-select as text.
NO_REF = Cast(Value(None), IntegerField())
NO_CITIZENS = Value(0, output_field=IntegerField())


@dataclass(frozen=True)
class Source:
    """One kind of record counted towards a figure, and where its date, area, key and ref are."""

    rows: object  # a function returning the queryset of the records counted
    day: str | None  # the lookup filtered by the period (None: a state, not events)
    month: Expression | None
    area: str
    key: Expression
    ref: Expression = NO_REF
    citizens: Expression = NO_CITIZENS
    # Where the organisation is, to keep one organisation's rows (the partners' figure only).
    organisations: tuple[str, ...] = ()


def _sent():
    return ReferralTransition.objects.filter(to_status=ReferralStatus.SENT)


def _answers():
    first_sent = _sent().filter(referral=OuterRef("referral")).values("occurred_on")[:1]
    return ReferralTransition.objects.filter(to_status__in=[ReferralStatus.ACCEPTED, ReferralStatus.DECLINED]).annotate(
        days=DaysBetween(F("occurred_on"), Subquery(first_sent))
    )


def _actions():
    return CommunityAction.objects.all()


COMMUNITY_ACTION = dict(rows=_actions, day="date", month=TruncMonth("date"), area="area")
SENT_REFERRAL = dict(
    rows=_sent, day="occurred_on", month=TruncMonth("occurred_on"), area="referral__case__person__area"
)
JOINT_PLAN = dict(
    rows=JointPlan.objects.all, day="started_on", month=TruncMonth("started_on"), area="case__person__area"
)
JOINT = _text("joint")

SOURCES: dict[str, list[Source]] = {
    # The six actions (and the sense-of-belonging kinds) by month and area: the dashboard's first chart,
    # the breakdown by area and the sense of belonging (with the citizens taking part).
    Figure.ACTIONS: [
        Source(**COMMUNITY_ACTION, key=F("kind"), citizens=Coalesce(Sum("citizens_count"), 0)),
        Source(**SENT_REFERRAL, key=F("referral__kind")),
        Source(**JOINT_PLAN, key=JOINT),
    ],
    Figure.BONDS: [Source(**COMMUNITY_ACTION, key=F("bond_kind"))],
    Figure.WORKERS: [
        Source(**COMMUNITY_ACTION, key=F("kind"), ref=F("workers")),
        Source(**SENT_REFERRAL, key=F("referral__kind"), ref=F("referral__created_by")),
        Source(**JOINT_PLAN, key=JOINT, ref=F("case__responsible")),
    ],
    # Answers by the days they took (a histogram: the median is read from it).
    Figure.ANSWERS: [
        Source(
            _answers,
            "occurred_on",
            TruncMonth("occurred_on"),
            "referral__case__person__area",
            F("to_status"),
            F("days"),
        )
    ],
    Figure.OUTCOMES: [
        Source(
            lambda: Referral.objects.filter(status__in=CLOSED_REFERRAL),
            "status_changed_on",
            TruncMonth("status_changed_on"),
            "case__person__area",
            F("status"),
        )
    ],
    Figure.NEEDS: [
        Source(
            lambda: CaseNeed.objects.exclude(case__status=CaseStatus.CLOSED),
            None,
            None,
            "case__person__area",
            F("dimension__code"),
            F("level"),
        )
    ],
    # Who collaborated, when and how (indicators.activity): ref is the organisation.
    Figure.PARTNERS: [
        Source(
            CommunityAction.organisations.through.objects.all,
            "communityaction__date",
            TruncMonth("communityaction__date"),
            "communityaction__area",
            F("communityaction__kind"),
            F("organisation_id"),
            organisations=("organisation_id",),
        ),
        # A referral counts from the day it was sent: drafts are not yet a collaboration.
        Source(
            _sent,
            "occurred_on",
            TruncMonth("occurred_on"),
            "referral__case__person__area",
            F("referral__kind"),
            F("referral__opportunity__organisation_id"),
            organisations=("referral__opportunity__organisation_id",),
        ),
        Source(
            PlanPartner.objects.all,
            "plan__started_on",
            TruncMonth("plan__started_on"),
            "plan__case__person__area",
            JOINT,
            F("organisation_id"),
            organisations=("organisation_id",),
        ),
        Source(
            PlanReview.objects.all,
            "reviewed_on",
            TruncMonth("reviewed_on"),
            "plan__case__person__area",
            JOINT,
            F("plan__partners__organisation_id"),
            organisations=("plan__partners__organisation_id",),
        ),
        Source(
            CaseMeeting.objects.all,
            "held_on",
            TruncMonth("held_on"),
            "plan__case__person__area",
            JOINT,
            F("plan__partners__organisation_id"),
            organisations=("plan__partners__organisation_id",),
        ),
        Source(
            Meeting.attendees.through.objects.all,
            "meeting__starts_at__date",
            TruncMonth("meeting__starts_at", output_field=DateField()),
            "meeting__table__area",
            _text("table"),
            Coalesce("tablemember__organisation_id", "tablemember__contact__organisation_id"),
            organisations=("tablemember__organisation_id", "tablemember__contact__organisation_id"),
        ),
    ],
}


def _grouped(source: Source, period: Period | None = None, areas=None, organisations=None):
    rows = source.rows()
    if period is not None and source.day is not None:
        rows = rows.filter(**{f"{source.day}__range": (period.start, period.end)})
    if areas is not None:
        rows = rows.filter(**{f"{source.area}__in": areas})
    if organisations is not None:
        matches = Q()
        for path in source.organisations:
            matches |= Q(**{f"{path}__in": organisations})
        rows = rows.filter(matches)
    month = source.month if source.month is not None else Cast(Value(None), DateField())
    return (
        rows.values(r_month=month, r_area=F(source.area), r_key=source.key, r_ref=source.ref)
        .annotate(r_count=Count("pk"), r_citizens=source.citizens)
        .order_by()
    )


def _union(figure: str, period: Period | None = None, areas=None, organisations=None):
    grouped = [_grouped(source, period, areas, organisations) for source in SOURCES[figure]]
    return grouped[0].union(*grouped[1:], all=True) if len(grouped) > 1 else grouped[0]


@dataclass(frozen=True)
class Row:
    month: date | None
    area: int | None
    key: str
    ref: int | None
    count: int
    citizens: int


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value


def live_rows(figure: str, period: Period, areas=None, organisations=None) -> list[Row]:
    """The figure's rows grouped from the records themselves, in one query."""
    return [
        Row(_as_date(r["r_month"]), r["r_area"], r["r_key"], r["r_ref"], r["r_count"], r["r_citizens"] or 0)
        for r in _union(figure, period, areas, organisations)
    ]


REGION = {Figure.WORKERS: Figure.WORKERS_REGION, Figure.PARTNERS: Figure.PARTNERS_REGION}


def _rollup(figure: str, period: Period, areas=None):
    if areas is None and figure in REGION:
        figure = REGION[figure]
    rows = MonthlyCount.objects.filter(figure=figure)
    if figure != Figure.NEEDS:
        rows = rows.filter(month__range=(period.start, period.end))
    if areas is not None:
        rows = rows.filter(area_id__in=areas.values("pk"))
    return rows


def rollup_rows(figure: str, period: Period, areas=None) -> list[Row]:
    """The figure's rows read from the rollup, for a period of whole months.

    The workers' rows are summed over months and areas in the database (the page shows them by worker only).
    """
    rows = _rollup(figure, period, areas)
    if figure == Figure.WORKERS:
        summed = rows.values("key", "ref").annotate(total=Sum("count")).order_by()
        return [Row(None, None, row["key"], row["ref"], row["total"], 0) for row in summed]
    return [Row(*values) for values in rows.values_list("month", "area_id", "key", "ref", "count", "citizens")]


def rollup_quarters(period: Period, areas=None) -> list[tuple]:
    """Per organisation and quarter: (organisation, year, quarter, months with any contact, joint take-charges or
    None, every contact), as the database gives them.

    20,000 rows at the large volume: read from the cursor, without Django turning each of their numbers into an
    int again (a third of the Collaborations page's cold time); year and quarter cast to integers in the query.
    (Grouping by month instead and folding in Python was tried: the database's part halved, Python's tripled.)
    """
    rows = _rollup(Figure.PARTNERS, period, areas).filter(ref__isnull=False)
    query = (
        rows.values(
            "ref",
            year=Cast(ExtractYear("month"), IntegerField()),
            quarter=Cast(ExtractQuarter("month"), IntegerField()),
        )
        .annotate(months=Count("month", distinct=True), joint=Sum("count", filter=Q(key="joint")), total=Sum("count"))
        .order_by()
        .values_list("ref", "year", "quarter", "months", "joint", "total")
    )
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def whole_months(period: Period) -> bool:
    return period.start.day == 1 and (period.end + timedelta(days=1)).day == 1


def built_at() -> datetime | None:
    """When the rollup was last rebuilt, or None if it never was."""
    return RollupBuild.objects.values_list("built_at", flat=True).first()


@dataclass(frozen=True)
class Reader:
    """Where a request reads its rows from, decided once: the rollup when it can, else the records."""

    from_rollup: bool
    computed_at: datetime

    def rows(self, figure: str, period: Period, areas=None) -> list[Row]:
        return (rollup_rows if self.from_rollup else live_rows)(figure, period, areas)


def reader_for(period: Period) -> Reader:
    when = built_at() if whole_months(period) else None
    return Reader(True, when) if when else Reader(False, timezone.now())


def live_reader() -> Reader:
    return Reader(False, timezone.now())


COLUMNS = ("r_month", "r_area", "r_key", "r_ref", "r_count", "r_citizens")


def _picked() -> str:
    quoted = [f"q.{connection.ops.quote_name(column)}" for column in COLUMNS]
    # SQLite's month truncation of a date and time is text with the time, which its date column would not read back.
    quoted[0] = f"date({quoted[0]})" if connection.vendor == "sqlite" else f"CAST({quoted[0]} AS date)"
    return ", ".join(quoted)


def rebuild() -> int:
    """Group every source over the whole history into MonthlyCount, replacing what was there.

    One INSERT ... SELECT per figure, inside one transaction, so pages keep reading the previous rollup
    until it commits. The build row is locked first: two rebuilds at once would otherwise both insert.
    """
    table = connection.ops.quote_name(MonthlyCount._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(MonthlyCount._meta.get_field(name).column)
        for name in ("figure", "month", "area_id", "key", "ref", "count", "citizens")
    )
    with transaction.atomic():
        build, _created = RollupBuild.objects.select_for_update().get_or_create(
            pk=1, defaults={"built_at": timezone.now()}
        )
        started = timezone.now()
        MonthlyCount.objects.all().delete()
        with connection.cursor() as cursor:
            for figure in SOURCES:
                sql, params = _union(figure).query.get_compiler(connection=connection).as_sql()
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) SELECT %s, {_picked()} FROM ({sql}) q",  # noqa: S608 (ours)
                    [figure, *params],
                )
            # The region's rows, summed over the areas; the partners' only tell joint take-charges from the rest.
            for figure, key in (
                (Figure.WORKERS, "key"),
                (Figure.PARTNERS, "CASE WHEN key = 'joint' THEN key ELSE '' END"),
            ):
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) SELECT %s, month, NULL, {key}, ref, SUM(count), 0 "  # noqa: S608
                    f"FROM {table} WHERE figure = %s GROUP BY month, {key}, ref",
                    [REGION[figure], figure],
                )
        build.built_at = started
        build.save(update_fields=["built_at"])
    if connection.vendor == "postgresql":
        # Fresh statistics, or the planner takes the new rows for the few it saw before.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")
    return MonthlyCount.objects.count()
