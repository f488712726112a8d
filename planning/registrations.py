"""What the audit trail records of the plans and what the inventory says they keep: nothing personal."""

from audit import registry
from core.personal_data import COMMUNITY_RECORD, NOT_PERSONAL, register
from planning.models import PlanObjective, ZonePlan


def register_all() -> None:
    registry.register(ZonePlan)
    registry.register(PlanObjective, m2m=["processes", "tables", "protocols"])
    register(
        ZonePlan,
        fields=dict.fromkeys(
            [
                "id",
                "version",
                "created_at",
                "updated_at",
                "area",
                "title",
                "starts_on",
                "ends_on",
                "approved_by",
                "notes",
            ],
            NOT_PERSONAL,
        ),
        retention=COMMUNITY_RECORD,
    )
    register(
        PlanObjective,
        fields=dict.fromkeys(
            ["id", "plan", "code", "title", "description", "processes", "tables", "protocols"], NOT_PERSONAL
        ),
        retention=COMMUNITY_RECORD,
    )
