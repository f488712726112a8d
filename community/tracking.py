"""What the audit trail records of community work (see audit.registry).

Community work is shared by the whole service and is not case content, but hook-ups ask for poor
people by name and tables count citizens among their members: notes, follow-ups, minutes and
citizens' names are recorded by name only, and a record whose str() may be a citizen's name is
labelled by its type and id.
"""

from audit import registry
from community.models import (
    ActionItem,
    CommunityAction,
    CommunityProcess,
    IndicatorMeasurement,
    KnowledgeAction,
    Meeting,
    MinutesAnswer,
    MinutesVersion,
    ProcessObjective,
    ProcessPartner,
    ProcessPhase,
    ProcessWorker,
    Table,
    TableMember,
    VisionVersion,
)


def register_audit() -> None:
    registry.register(
        CommunityAction,
        # A hook-up turned into a case concerns the person taken in charge.
        subject="created_case__person_id",
        masked=["offered_by"],
        special=["notes", "follow_up"],
        m2m=["workers", "organisations"],
    )
    registry.register(Table)
    registry.register(TableMember, masked=["citizen_name", "email"], label=registry.TYPE_AND_ID)
    registry.register(Meeting, special=["agenda", "decisions", "minutes"], m2m=["attendees"])
    registry.register(ActionItem, special=["description", "done_note"], label=registry.TYPE_AND_ID)
    registry.register(MinutesVersion, special=["decisions", "minutes"])
    # A member's answer may name a citizen of the table, and the correction quotes the minutes.
    registry.register(MinutesAnswer, special=["correction"], label=registry.TYPE_AND_ID)
    registry.register(CommunityProcess, m2m=["tables", "protocols", "mapped_organisations", "mapped_opportunities"])
    registry.register(ProcessWorker)
    registry.register(ProcessPartner)
    registry.register(VisionVersion)
    registry.register(IndicatorMeasurement)
    registry.register(ProcessPhase, special=["notes"])
    registry.register(ProcessObjective, special=["evaluation_note"])
    registry.register(KnowledgeAction, special=["notes"])
