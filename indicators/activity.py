"""Who collaborated with the service, when, and through which of the six actions.

Every source is grouped by organisation and month in the database (one query each), so the number
of queries does not depend on the number of rows.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.choices import SENSE_OF_BELONGING
from indicators.periods import Period, Quarter
from indicators.rollup import Figure, Reader, live_rows, rollup_quarters
from territory.models import Area, Organisation

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
    period: Period,
    area: Area | None = None,
    organisation_id: int | None = None,
    organisation_ids=None,
    reader: Reader | None = None,
):
    """Rows of (organisation id, month, action, count) from every source, in one UNION ALL query.

    The rollup (a reader) serves a whole region or area; one organisation's rows come from the records.
    """
    areas = Area.objects.overlapping(area) if area else None
    wanted = [organisation_id] if organisation_id is not None else organisation_ids
    if wanted is not None or reader is None:
        rows = live_rows(Figure.PARTNERS, period, areas, wanted)
    else:
        rows = reader.rows(Figure.PARTNERS, period, areas)
    for row in rows:
        if row.ref is not None:
            yield row.ref, row.month, row.key, row.count


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
        return level_of(len(self.months), self.counts.get("joint", 0))


def level_of(months: int, joint: int) -> str:
    """The level of a quarter with contacts in `months` different months, `joint` of them joint take-charges."""
    if not months:
        return NONE
    if months >= 2 or joint:
        return CONTINUOUS
    return OCCASIONAL


def collaboration_by_quarter(
    period: Period,
    area: Area | None = None,
    organisation_id: int | None = None,
    organisation_ids=None,
    reader: Reader | None = None,
):
    """{organisation id: {Quarter: QuarterActivity}} over the period."""
    result: dict[int, dict[Quarter, QuarterActivity]] = defaultdict(lambda: defaultdict(QuarterActivity))
    rows = organisation_activity(period, area, organisation_id, organisation_ids, reader)
    for org, month, action, count in rows:
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


def levels_by_quarter(period: Period, area: Area | None = None):
    """{organisation id: {Quarter: (level, contacts)}} from the records (the rollup's rows are read by
    _levels_and_totals)."""
    result: dict[int, dict[Quarter, tuple[str, int]]] = defaultdict(dict)
    for org, by_quarter in collaboration_by_quarter(period, area).items():
        for quarter, activity in by_quarter.items():
            result[org][quarter] = (activity.level, activity.total)
    return result


def _levels_and_totals(period: Period, area: Area | None, reader: Reader | None) -> dict[int, tuple[list, int]]:
    """{organisation id: ([level of each quarter of the period], contacts)}."""
    quarters = period.quarters
    found: dict[int, tuple[list, int]] = {}
    if reader is not None and reader.from_rollup:
        # Straight from the rollup's rows, by each quarter's place in the period: 20,000 rows at the large volume.
        place = {(quarter.year, quarter.number): index for index, quarter in enumerate(quarters)}
        levels_of: dict[int, list] = {}
        totals: dict[int, int] = defaultdict(int)
        areas = Area.objects.overlapping(area) if area else None
        for org, year, number, months, joint, total in rollup_quarters(period, areas):
            levels = levels_of.get(org)
            if levels is None:
                levels = levels_of[org] = [NONE] * len(quarters)
            levels[place[(year, number)]] = level_of(months, joint or 0)
            totals[org] += total
        return {org: (levels, totals[org]) for org, levels in levels_of.items()}
    for org, by_quarter in levels_by_quarter(period, area).items():
        levels = [by_quarter.get(quarter, (NONE, 0))[0] for quarter in quarters]
        found[org] = (levels, sum(total for _level, total in by_quarter.values()))
    return found


def collaboration_rows(period: Period, area: Area | None = None, reader: Reader | None = None) -> list[dict]:
    """Every organisation that collaborated in the period, as plain data: who moved to continuous first,
    then the continuous ones, then by the number of contacts (and by id, so that ties keep one order)."""
    rows = []
    for org, (levels, total) in _levels_and_totals(period, area, reader).items():
        seen = [level for level in levels if level != NONE]
        rows.append(
            {
                "id": org,
                "levels": levels,
                "current": seen[-1] if seen else NONE,
                # Occasional in the first quarter the collaboration showed in the period, continuous in the latest.
                "moved": len(seen) >= 2 and seen[0] == OCCASIONAL and seen[-1] == CONTINUOUS,
                "total": total,
            }
        )
    rows.sort(key=lambda row: (not row["moved"], row["current"] != CONTINUOUS, -row["total"], row["id"]))
    return rows


def with_names(rows: list[dict]) -> list[dict]:
    """The rows with each organisation's name and kind, in one query."""
    names = {
        pk: (name, kind)
        for pk, name, kind in Organisation.objects.filter(pk__in=[row["id"] for row in rows]).values_list(
            "pk", "name", "kind"
        )
    }
    return [{**row, "name": names[row["id"]][0], "kind": names[row["id"]][1]} for row in rows]


def collaboration_summary(filters, reader: Reader | None = None, shown: int = 200) -> dict:
    """What the Collaborations page shows (and what the shared cache keeps): the first `shown` rows, those
    who became continuous and the counts per quarter, as plain data (the CSV reads every row again)."""
    quarters = filters.period.quarters
    rows = collaboration_rows(filters.period, filters.area, reader)
    per_quarter = [{"quarter": quarter, OCCASIONAL: 0, CONTINUOUS: 0, NONE: 0} for quarter in quarters]
    for row in rows:
        for counts, level in zip(per_quarter, row["levels"], strict=True):
            counts[level] += 1
    for counts in per_quarter:
        del counts[NONE]
    moved = [row for row in rows if row["moved"]]
    named = {row["id"]: row for row in with_names(rows[:shown] + moved)}
    return {
        "rows": [named[row["id"]] for row in rows[:shown]],
        "moved": [named[row["id"]] for row in moved],
        "total": len(rows),
        "per_quarter": per_quarter,
        "quarters": quarters,
        "computed_at": reader.computed_at if reader else timezone.now(),
    }
