"""The personal data of the case records, for the inventory (see core.personal_data).

Most fields go at anonymisation (cases.gdpr.anonymise); what the indicators count (areas, needs,
statuses, dates, where people were referred) stays, no longer tied to a name.
"""

from django.utils.translation import gettext_lazy as _

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
from core.personal_data import CONTACT, IDENTIFYING, NOT_PERSONAL, SERVICE, SPECIAL, UNTIL_ANONYMISED, register

KEPT_ANONYMISED = _("kept after anonymisation for the indicators, no longer tied to a name")
BOOKKEEPING = {"id": NOT_PERSONAL, "version": NOT_PERSONAL, "created_at": NOT_PERSONAL, "updated_at": NOT_PERSONAL}


def _kept(*names: str) -> dict:
    return dict.fromkeys(names, KEPT_ANONYMISED)


def register_inventory() -> None:
    register(
        Person,
        fields={
            **BOOKKEEPING,
            "first_name": IDENTIFYING, "last_name": IDENTIFYING, "fiscal_code": IDENTIFYING,
            "birth_date": IDENTIFYING, "sex": IDENTIFYING, "area": CONTACT, "address": CONTACT,
            "phone": CONTACT, "email": CONTACT, "household_notes": SPECIAL, "team": SERVICE,
            "anonymised_on": SERVICE,
        },
        retention=UNTIL_ANONYMISED,
        field_retention=_kept("sex", "area", "team", "anonymised_on"),
    )  # fmt: skip
    register(
        Case,
        fields={
            **BOOKKEEPING,
            "person": IDENTIFYING, "team": SERVICE, "responsible": SERVICE, "status": SERVICE,
            "opened_on": SERVICE, "status_changed_on": SERVICE, "goals": SPECIAL, "commitments": SPECIAL,
        },
        retention=UNTIL_ANONYMISED,
        field_retention=_kept("person", "team", "responsible", "status", "opened_on", "status_changed_on"),
    )  # fmt: skip
    register(
        Consent,
        fields={
            "id": NOT_PERSONAL, "created_at": NOT_PERSONAL, "case": SERVICE, "recipient": SERVICE,
            "organisation": SERVICE, "plan": SERVICE, "scope": SERVICE, "given_on": SERVICE, "method": SERVICE,
            # Who heard a verbal consent, and what the person asked: about them, gone at anonymisation.
            "witness": IDENTIFYING, "notes": SPECIAL, "withdrawn_on": SERVICE, "recorded_by": SERVICE,
        },
        # The service acted on it: whom it allowed to share with, and until when, stays on record.
        retention=KEPT_ANONYMISED,
        field_retention=dict.fromkeys(["witness", "notes"], UNTIL_ANONYMISED),
    )  # fmt: skip
    register(
        CaseNeed,
        fields={"id": NOT_PERSONAL, "case": SERVICE, "dimension": SPECIAL, "level": SPECIAL},
        retention=KEPT_ANONYMISED,
    )
    register(
        Referral,
        fields={
            **BOOKKEEPING,
            "case": SERVICE, "kind": SERVICE, "opportunity": SPECIAL, "liaison": SERVICE, "status": SERVICE,
            "status_changed_on": SERVICE, "reason": SPECIAL, "partner_note": SPECIAL, "follow_up_on": SERVICE,
            "starts_on": SERVICE, "decline_category": SERVICE, "decline_reason": SPECIAL, "outcome": SPECIAL,
            "created_by": SERVICE,
        },
        retention=KEPT_ANONYMISED,
        field_retention=dict.fromkeys(["reason", "partner_note", "decline_reason", "outcome"], UNTIL_ANONYMISED),
    )  # fmt: skip
    register(
        ReferralTransition,
        fields={
            "id": NOT_PERSONAL, "created_at": NOT_PERSONAL, "referral": SERVICE, "from_status": SERVICE,
            "to_status": SERVICE, "occurred_on": SERVICE, "actor": SERVICE, "contact": SERVICE, "note": SPECIAL,
        },
        retention=KEPT_ANONYMISED,
        field_retention={"note": UNTIL_ANONYMISED},
    )  # fmt: skip
    register(
        JointPlan,
        fields={
            **BOOKKEEPING,
            "case": SERVICE, "title": SPECIAL, "status": SERVICE, "started_on": SERVICE,
            "next_review_on": SERVICE, "notes": SPECIAL, "submitted_by": SERVICE, "submitted_on": SERVICE,
            "decided_by": SERVICE, "decided_on": SERVICE, "review_comments": SPECIAL, "closed_on": SERVICE,
            "outcome": SPECIAL,
        },
        retention=KEPT_ANONYMISED,
        field_retention=dict.fromkeys(["title", "notes", "review_comments", "outcome"], UNTIL_ANONYMISED),
    )  # fmt: skip
    register(
        PlanPartner,
        fields={
            "id": NOT_PERSONAL, "plan": SERVICE, "organisation": SERVICE, "contact": SERVICE,
            "role": SPECIAL, "commitments": SPECIAL, "version": NOT_PERSONAL, "removed_on": SERVICE,
            "removal_reason": SPECIAL,
        },
        retention=KEPT_ANONYMISED,
        field_retention=dict.fromkeys(["role", "commitments", "removal_reason"], UNTIL_ANONYMISED),
    )  # fmt: skip
    register(
        PlanObjective,
        fields={
            "id": NOT_PERSONAL, "plan": SERVICE, "description": SPECIAL, "indicator": SPECIAL,
            "status": SERVICE, "due_on": SERVICE, "version": NOT_PERSONAL, "removed_on": SERVICE,
            "removal_reason": SPECIAL,
        },
        retention=KEPT_ANONYMISED,
        field_retention=dict.fromkeys(["description", "indicator", "removal_reason"], UNTIL_ANONYMISED),
    )  # fmt: skip
    register(
        PlanReview,
        fields={
            "id": NOT_PERSONAL, "plan": SERVICE, "reviewed_on": SERVICE, "summary": SPECIAL,
            "next_review_on": SERVICE, "reviewer": SERVICE,
        },
        retention=KEPT_ANONYMISED,
        field_retention={"summary": UNTIL_ANONYMISED},
    )  # fmt: skip
    register(
        CaseMeeting,
        fields={
            "id": NOT_PERSONAL, "plan": SERVICE, "held_on": SERVICE, "contacts_present": SERVICE,
            "workers_present": SERVICE, "others_present": IDENTIFYING, "minutes": SPECIAL, "recorded_by": SERVICE,
            "version": NOT_PERSONAL,
        },
        retention=KEPT_ANONYMISED,
        field_retention=dict.fromkeys(["others_present", "minutes"], UNTIL_ANONYMISED),
    )  # fmt: skip
    register(
        CaseEvent,
        fields={
            "id": NOT_PERSONAL, "created_at": NOT_PERSONAL, "case": SERVICE, "kind": SERVICE,
            "occurred_on": SERVICE, "actor": SERVICE, "contact": SERVICE, "data": SPECIAL, "referral": SERVICE,
            "plan": SERVICE,
        },
        retention=KEPT_ANONYMISED,
        field_retention={"data": UNTIL_ANONYMISED},
    )  # fmt: skip
    register(
        HouseholdMember,
        fields={
            **BOOKKEEPING,
            "person": SERVICE, "relative": SPECIAL, "name": IDENTIFYING, "birth_year": IDENTIFYING,
            "relationship": SPECIAL, "lives_with": SPECIAL,
        },
        retention=UNTIL_ANONYMISED,
    )  # fmt: skip
    register(
        CaseTransfer,
        fields={
            "id": NOT_PERSONAL, "case": SERVICE, "from_team": SERVICE, "to_team": SERVICE, "reason": SPECIAL,
            "status": SERVICE, "proposed_by": SERVICE, "proposed_on": SERVICE, "decided_by": SERVICE,
            "decided_on": SERVICE, "decision_note": SPECIAL,
        },
        retention=KEPT_ANONYMISED,
        field_retention=dict.fromkeys(["reason", "decision_note"], UNTIL_ANONYMISED),
    )  # fmt: skip
    register(
        ClosureRequest,
        fields={
            "id": NOT_PERSONAL, "case": SERVICE, "requested_by": SERVICE, "requested_at": SERVICE,
            "closes_on": SERVICE, "reason": SPECIAL, "status": SERVICE, "decided_by": SERVICE,
            "decided_on": SERVICE, "comments": SPECIAL,
        },
        retention=KEPT_ANONYMISED,
        field_retention=dict.fromkeys(["reason", "comments"], UNTIL_ANONYMISED),
    )  # fmt: skip
    register(
        OfferUse,
        fields={
            "id": NOT_PERSONAL, "case": SERVICE, "offer": SPECIAL, "used_on": SERVICE, "recorded_by": SERVICE,
            "created_at": SERVICE,
        },
        # Like a referral's opportunity: counted by the indicators once the person is anonymised.
        retention=KEPT_ANONYMISED,
    )  # fmt: skip
