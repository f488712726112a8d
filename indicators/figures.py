"""The figures of the Indicators dashboard, shaped from rows grouped in the database (indicators.rollup).

A fixed number of queries: one per kind of row, whatever the number of records.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.translation import ngettext

from cases.choices import NeedLevel, ReferralStatus
from community.choices import SENSE_OF_BELONGING, BondKind
from indicators.periods import Period
from indicators.rollup import Figure, Reader, live_reader
from territory.models import Area

SIX_ACTIONS = ["invitation", "hook_up", "workshop", "use", "referral", "joint"]


@dataclass
class Filters:
    period: Period
    area: Area | None = None

    def areas(self):
        return Area.objects.overlapping(self.area) if self.area else None


def _rows(filters: Filters, figure: str, reader: Reader | None):
    """The figure's grouped rows, from the rollup or the records (planning and the API read the records)."""
    return (reader or live_reader()).rows(figure, filters.period, filters.areas())


def actions_by_month(filters: Filters, reader: Reader | None = None) -> dict:
    """{"months": [...], "series": {action: [count per month]}} for the six actions."""
    counts: dict[tuple, int] = Counter()
    for row in _rows(filters, Figure.ACTIONS, reader):
        counts[(row.key, row.month)] += row.count
    months = filters.period.months
    return {
        "months": months,
        "series": {action: [counts[(action, month)] for month in months] for action in SIX_ACTIONS},
    }


def actions_by(filters: Filters, dimension: str, reader: Reader | None = None) -> list[tuple[str, dict]]:
    """Counts of the six actions by area or by worker, largest first (then by name)."""
    table: dict = defaultdict(Counter)
    if dimension == "area":
        rows = _rows(filters, Figure.ACTIONS, reader)
        names = dict(Area.objects.filter(pk__in={row.area for row in rows}).values_list("pk", "name"))
        for row in rows:
            table[names.get(row.area) or "—"][row.key] += row.count
    else:
        rows = _rows(filters, Figure.WORKERS, reader)
        names = {user.pk: str(user) for user in get_user_model().objects.filter(pk__in={row.ref for row in rows})}
        for row in rows:
            table[row.ref or "—"][row.key] += row.count
        table = {names.get(key, key): counter for key, counter in table.items()}
    return sorted(
        ((key, dict(counter)) for key, counter in table.items()), key=lambda item: (-sum(item[1].values()), item[0])
    )


def _median(histogram: dict[int, int]):
    """statistics.median of the days, read from how many answers took each number of days."""
    total = sum(histogram.values())
    if not total:
        return None
    wanted = [(total - 1) // 2, total // 2]
    values, seen = [], 0
    for days in sorted(histogram):
        while wanted and wanted[0] < seen + histogram[days]:
            values.append(days)
            wanted.pop(0)
        seen += histogram[days]
    return values[0] if total % 2 else (values[0] + values[1]) / 2


def referral_answers(filters: Filters, reader: Reader | None = None) -> dict:
    """Acceptance rate and median days from sending to the answer, for answers given in the period."""
    answered = accepted = 0
    days: Counter = Counter()
    for row in _rows(filters, Figure.ANSWERS, reader):
        answered += row.count
        if row.key == ReferralStatus.ACCEPTED:
            accepted += row.count
        if row.ref is not None:
            days[row.ref] += row.count
    return {
        "answered": answered,
        "accepted": accepted,
        "declined": answered - accepted,
        "acceptance_rate": round(100 * accepted / answered) if answered else None,
        "median_days": _median(days),
    }


def referral_outcomes(filters: Filters, reader: Reader | None = None) -> dict[str, int]:
    counts = Counter()
    for row in _rows(filters, Figure.OUTCOMES, reader):
        counts[row.key] += row.count
    return {
        status: counts.get(status, 0)
        for status in (ReferralStatus.COMPLETED, ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN)
    }


def outcome_label(status: str, count: int) -> str:
    """What a count of closed referrals is called, agreeing with the count ("1 invio concluso", "3 invii conclusi")."""
    if status == ReferralStatus.COMPLETED:
        return ngettext("referral completed", "referrals completed", count)
    if status == ReferralStatus.DECLINED:
        return ngettext("referral declined", "referrals declined", count)
    return ngettext("referral withdrawn", "referrals withdrawn", count)


def cases_by_dimension(filters: Filters, reader: Reader | None = None) -> list[tuple[str, dict]]:
    """Open cases by poverty dimension and level of need."""
    table: dict[str, dict[int, int]] = defaultdict(lambda: dict.fromkeys(NeedLevel.values, 0))
    for row in _rows(filters, Figure.NEEDS, reader):
        table[row.key][row.ref] += row.count
    return sorted(table.items())


def bonds_by_month(filters: Filters, reader: Reader | None = None) -> dict:
    counts = Counter()
    for row in _rows(filters, Figure.BONDS, reader):
        counts[(row.key, row.month)] += row.count
    months = filters.period.months
    return {"months": months, "series": {kind: [counts[(kind, m)] for m in months] for kind in BondKind.values}}


def belonging_by_month(filters: Filters, reader: Reader | None = None) -> dict:
    """The sense-of-belonging activities (animation, awareness events, listening points, training)
    month by month, with the citizens who took part."""
    counts, citizens = Counter(), Counter()
    for row in _rows(filters, Figure.ACTIONS, reader):
        if row.key in SENSE_OF_BELONGING:
            counts[(row.key, row.month)] += row.count
            citizens[row.key] += row.citizens
    months = filters.period.months
    series = {kind.value: [counts[(kind, m)] for m in months] for kind in SENSE_OF_BELONGING}
    return {
        "months": months,
        "series": series,
        "totals": {kind: sum(values) for kind, values in series.items()},
        "citizens": {kind.value: citizens[kind] for kind in SENSE_OF_BELONGING},
        "total": sum(counts.values()),
    }


def dashboard(filters: Filters, reader: Reader | None = None) -> dict:
    """Every figure of the dashboard, each figure's rows read once."""
    reader = reader or live_reader()
    cached = _Memo(reader)
    return {
        "by_month": actions_by_month(filters, cached),
        "by_area": actions_by(filters, "area", cached),
        "by_worker": actions_by(filters, "worker", cached),
        "answers": referral_answers(filters, cached),
        "outcomes": referral_outcomes(filters, cached),
        "by_dimension": cases_by_dimension(filters, cached),
        "bonds": bonds_by_month(filters, cached),
        "belonging": belonging_by_month(filters, cached),
        "computed_at": reader.computed_at,
    }


class _Memo:
    """A reader that reads each figure's rows once: three dashboard figures share the actions' rows."""

    def __init__(self, reader: Reader):
        self.reader, self.read = reader, {}

    def rows(self, figure: str, period, areas=None):
        if figure not in self.read:
            self.read[figure] = self.reader.rows(figure, period, areas)
        return self.read[figure]
