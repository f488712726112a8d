"""Indicators hold no records of their own: the permission to read them, and counts rebuilt from the records."""

from audit import registry
from core.personal_data import AGGREGATE, NOT_PERSONAL, REFERENCE, SERVICE, register
from indicators.models import Indicators, MonthlyCount, RollupBuild


def register_all() -> None:
    registry.register_untracked(Indicators, reason="no table: it only carries the permission to read the indicators")
    register(Indicators, fields={"id": NOT_PERSONAL}, retention=REFERENCE)
    reason = "counts rebuilt from the records by a job, which are tracked themselves"
    registry.register_untracked(MonthlyCount, reason=reason)
    registry.register_untracked(RollupBuild, reason=reason)
    register(
        MonthlyCount,
        # ref: a worker's id in the counts of actions by worker (the dashboard's breakdown).
        fields={name: NOT_PERSONAL for name in ("id", "figure", "month", "area_id", "key", "count", "citizens")}
        | {"ref": SERVICE},
        retention=AGGREGATE,
    )
    register(RollupBuild, fields={"id": NOT_PERSONAL, "built_at": NOT_PERSONAL}, retention=AGGREGATE)
