"""What the audit trail records of the case records (see audit.registry).

Everything here is about a person in charge, so every record is labelled by its type and id and tied
to the person's id. What a case says (goals, needs, reasons, notes, minutes, who took part from the
family) is recorded by field name only: the admin and the auditor read the trail, not the cases.
Where a field's nature was in doubt it went to the name-only side.
"""

from audit import registry
from cases.handover import CaseTransfer
from cases.household import HouseholdMember
from cases.models import (
    Case,
    CaseEvent,
    CaseMeeting,
    CaseNeed,
    Consent,
    JointPlan,
    Person,
    PlanObjective,
    PlanPartner,
    PlanReview,
    Referral,
    ReferralTransition,
)
from cases.offers import OfferUse
from cases.supervision import ClosureRequest


def register_audit() -> None:
    registry.register_subject(Person, name_fields=("last_name", "first_name"))
    registry.register(
        Person,
        subject="pk",
        # Whether they are set, never what they are: the trail outlives anonymisation.
        masked=["first_name", "last_name", "fiscal_code", "birth_date", "area", "address", "phone", "email"],
        special=["sex", "household_notes"],
    )
    registry.register(Case, subject="person_id", special=["goals", "commitments"])
    # Whom the person lets the service share with says who helps them: named, not recorded.
    registry.register(Consent, subject="case__person_id", masked=["witness"], special=["organisation", "plan", "notes"])
    # The needs and their levels are the person's social situation.
    registry.register(CaseNeed, subject="case__person_id", special=["dimension", "level"])
    registry.register(
        Referral,
        subject="case__person_id",
        # Where a person is sent says what they need (an addiction service, a food bank…).
        special=["opportunity", "liaison", "reason", "partner_note", "decline_reason", "outcome"],
    )
    registry.register(ReferralTransition, subject="referral__case__person_id", special=["note", "contact"])
    registry.register(JointPlan, subject="case__person_id", special=["title", "notes", "review_comments", "outcome"])
    registry.register(
        PlanPartner,
        subject="plan__case__person_id",
        special=["organisation", "contact", "role", "commitments", "removal_reason"],
    )
    registry.register(
        PlanObjective, subject="plan__case__person_id", special=["description", "indicator", "removal_reason"]
    )
    # Who lives with the person and how they are related is their social situation; a member's name and
    # birth year identify someone else.
    registry.register(
        HouseholdMember,
        subject="person_id",
        masked=["name", "birth_year"],
        special=["relative", "relationship", "lives_with"],
    )
    registry.register(CaseTransfer, subject="case__person_id", special=["reason", "decision_note"])
    registry.register(ClosureRequest, subject="case__person_id", special=["reason", "comments"])
    registry.register(PlanReview, subject="plan__case__person_id", special=["summary"])
    registry.register(
        CaseMeeting,
        subject="plan__case__person_id",
        special=["others_present", "minutes", "contacts_present"],
        m2m=["contacts_present", "workers_present"],
    )
    registry.register(CaseEvent, subject="case__person_id", special=["data", "contact"])
    # What a person was offered says what they need.
    registry.register(OfferUse, subject="case__person_id", special=["offer"])
