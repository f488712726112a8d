"""The personal data of community work, for the inventory (see core.personal_data)."""

from django.utils.translation import gettext_lazy as _

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
from core.personal_data import COMMUNITY_RECORD, CONTACT, IDENTIFYING, NOT_PERSONAL, SERVICE, SPECIAL, register

MEMBERSHIP = _("table membership: until the member is removed from the table")
BOOKKEEPING = {"id": NOT_PERSONAL, "version": NOT_PERSONAL, "created_at": NOT_PERSONAL, "updated_at": NOT_PERSONAL}


def register_inventory() -> None:
    register(
        CommunityAction,
        fields={
            "id": NOT_PERSONAL, "created_at": NOT_PERSONAL, "updated_at": NOT_PERSONAL,
            "kind": NOT_PERSONAL, "bond_kind": NOT_PERSONAL, "date": SERVICE, "title": SERVICE,
            # A hook-up may ask help for a poor person and say what they lack.
            "notes": SPECIAL, "follow_up": SPECIAL, "offered_by": IDENTIFYING,
            "area": NOT_PERSONAL, "citizens_count": NOT_PERSONAL, "follow_up_on": SERVICE,
            "hook_up_kind": NOT_PERSONAL, "created_contact": SERVICE, "created_opportunity": NOT_PERSONAL,
            "created_case": SERVICE, "recorded_by": SERVICE, "workers": SERVICE, "organisations": NOT_PERSONAL,
        },
        retention=COMMUNITY_RECORD,
    )  # fmt: skip
    register(
        Table,
        fields={
            **BOOKKEEPING, "name": NOT_PERSONAL, "kind": NOT_PERSONAL, "purpose": NOT_PERSONAL,
            "area": NOT_PERSONAL, "coordinator": SERVICE, "active": NOT_PERSONAL,
        },
        retention=COMMUNITY_RECORD,
    )  # fmt: skip
    register(
        TableMember,
        fields={
            "id": NOT_PERSONAL, "table": SERVICE, "organisation": NOT_PERSONAL, "contact": SERVICE,
            "citizen_name": IDENTIFYING, "email": CONTACT, "role": SERVICE, "left_on": SERVICE,
        },
        retention=MEMBERSHIP,
    )  # fmt: skip
    register(
        Meeting,
        fields={
            **BOOKKEEPING, "table": NOT_PERSONAL, "starts_at": SERVICE, "place": NOT_PERSONAL,
            "agenda": SERVICE, "decisions": SERVICE, "minutes": SERVICE, "minutes_status": NOT_PERSONAL,
            "approved_by": SERVICE, "approved_at": SERVICE, "sent_at": SERVICE, "attendees": SERVICE,
            "uid": NOT_PERSONAL, "sequence": NOT_PERSONAL, "cancelled_at": SERVICE, "cancellation_reason": SERVICE,
        },
        retention=COMMUNITY_RECORD,
    )  # fmt: skip
    register(
        ActionItem,
        fields={
            "id": NOT_PERSONAL, "meeting": NOT_PERSONAL, "description": SERVICE, "owner": SERVICE,
            "assignee": SERVICE, "due_on": SERVICE, "status": SERVICE, "done_note": SERVICE, "done_at": SERVICE,
            "done_by": SERVICE,
        },
        retention=COMMUNITY_RECORD,
    )  # fmt: skip
    register(
        MinutesVersion,
        fields={"id": NOT_PERSONAL, "meeting": NOT_PERSONAL, "number": NOT_PERSONAL, "decisions": SERVICE,
                "minutes": SERVICE, "sent_at": SERVICE, "sent_by": SERVICE},
        retention=COMMUNITY_RECORD,
    )  # fmt: skip
    register(
        MinutesAnswer,
        fields={"id": NOT_PERSONAL, "version": NOT_PERSONAL, "member": SERVICE, "answer": SERVICE,
                "correction": SERVICE, "answered_at": SERVICE, "accepted_in": NOT_PERSONAL},
        retention=MEMBERSHIP,
    )  # fmt: skip
    register(
        CommunityProcess,
        fields={
            **BOOKKEEPING,
            **dict.fromkeys(["title", "problem", "target", "area", "tables", "protocols", "commissioning_organisation",
                             "commissioning_body", "act_number", "act_date", "mandate_notes", "partners",
                             "mapped_organisations", "mapped_opportunities"], NOT_PERSONAL),
            # Public officials named by their office in the act.
            "political_referent": SERVICE, "technical_referent": SERVICE,
            "community_worker": SERVICE, "workers": SERVICE,
        },
        retention=COMMUNITY_RECORD,
    )  # fmt: skip
    register(
        ProcessPhase,
        fields={"id": NOT_PERSONAL, "process": NOT_PERSONAL, "kind": NOT_PERSONAL, "starts_on": NOT_PERSONAL,
                "ends_on": NOT_PERSONAL, "status": NOT_PERSONAL, "actual_start": NOT_PERSONAL,
                "actual_end": NOT_PERSONAL, "notes": SERVICE},
        retention=COMMUNITY_RECORD,
    )  # fmt: skip
    register(
        ProcessObjective,
        fields={**dict.fromkeys(["id", "process", "description", "result_indicator", "unit", "baseline",
                                 "target_value", "evaluation_criteria", "evaluation", "evaluated_on"], NOT_PERSONAL),
                # Written by the workers about the process, as the phases' notes.
                "evaluation_note": SERVICE},
        retention=COMMUNITY_RECORD,
    )  # fmt: skip
    register(
        ProcessWorker,
        fields={
            "id": NOT_PERSONAL,
            "version": NOT_PERSONAL,
            "process": NOT_PERSONAL,
            "worker": SERVICE,
            "time_share": SERVICE,
            "role": SERVICE,
        },
        retention=COMMUNITY_RECORD,
    )
    register(
        ProcessPartner,
        fields=dict.fromkeys(["id", "version", "process", "organisation", "role", "tasks", "responsibility",
                              "starts_on", "ends_on"], NOT_PERSONAL),
        retention=COMMUNITY_RECORD,
    )  # fmt: skip
    register(
        VisionVersion,
        fields={"id": NOT_PERSONAL, "process": NOT_PERSONAL, "number": NOT_PERSONAL, "text": NOT_PERSONAL,
                "agreed_on": NOT_PERSONAL, "meeting": NOT_PERSONAL, "recorded_by": SERVICE},
        retention=COMMUNITY_RECORD,
    )  # fmt: skip
    register(
        IndicatorMeasurement,
        fields={"id": NOT_PERSONAL, "version": NOT_PERSONAL, "objective": NOT_PERSONAL, "measured_on": NOT_PERSONAL,
                "value": NOT_PERSONAL, "recorded_by": SERVICE},
        retention=COMMUNITY_RECORD,
    )  # fmt: skip
    register(
        KnowledgeAction,
        fields={"id": NOT_PERSONAL, "process": NOT_PERSONAL, "kind": NOT_PERSONAL, "held_on": NOT_PERSONAL,
                "participants": NOT_PERSONAL, "notes": SERVICE, "community_action": NOT_PERSONAL},
        retention=COMMUNITY_RECORD,
    )  # fmt: skip
