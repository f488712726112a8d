"""Inventory of the personal data the app keeps (GDPR art. 30 record of processing, the data part).

Every field of the models below is classified here; a test fails when a field is added without
being classified, so the inventory cannot fall behind the code.
"""

from django.utils.translation import gettext_lazy as _

IDENTIFYING = _("identifying")
CONTACT = _("contact details")
SPECIAL = _("special category (health, social situation)")
SERVICE = _("service record")
NOT_PERSONAL = None

INVENTORY = {
    "cases.Person": {
        "first_name": IDENTIFYING, "last_name": IDENTIFYING, "fiscal_code": IDENTIFYING,
        "birth_date": IDENTIFYING, "sex": IDENTIFYING, "area": CONTACT, "address": CONTACT,
        "phone": CONTACT, "email": CONTACT, "household_notes": SPECIAL, "team": SERVICE,
        "anonymised_on": SERVICE, "id": NOT_PERSONAL, "version": NOT_PERSONAL,
        "created_at": NOT_PERSONAL, "updated_at": NOT_PERSONAL,
    },
    "cases.Case": {
        "person": IDENTIFYING, "team": SERVICE, "responsible": SERVICE, "status": SERVICE,
        "opened_on": SERVICE, "status_changed_on": SERVICE, "goals": SPECIAL,
        "consent_given_on": SERVICE, "consent_scope": SERVICE, "commitments": SPECIAL,
        "id": NOT_PERSONAL, "version": NOT_PERSONAL, "created_at": NOT_PERSONAL, "updated_at": NOT_PERSONAL,
    },
    "cases.CaseNeed": {"case": SERVICE, "dimension": SPECIAL, "level": SPECIAL, "id": NOT_PERSONAL},
    "cases.Referral": {
        "case": SERVICE, "kind": SERVICE, "opportunity": SPECIAL, "liaison": SERVICE, "status": SERVICE,
        "status_changed_on": SERVICE, "reason": SPECIAL, "follow_up_on": SERVICE, "decline_reason": SPECIAL,
        "outcome": SPECIAL, "created_by": SERVICE, "id": NOT_PERSONAL, "version": NOT_PERSONAL,
        "created_at": NOT_PERSONAL, "updated_at": NOT_PERSONAL,
    },
    "cases.ReferralTransition": {
        "referral": SERVICE, "from_status": SERVICE, "to_status": SERVICE, "occurred_on": SERVICE,
        "actor": SERVICE, "note": SPECIAL, "created_at": NOT_PERSONAL, "id": NOT_PERSONAL,
    },
    "cases.CaseEvent": {
        "case": SERVICE, "kind": SERVICE, "occurred_on": SERVICE, "actor": SERVICE, "data": SPECIAL,
        "referral": SERVICE, "plan": SERVICE, "created_at": NOT_PERSONAL, "id": NOT_PERSONAL,
    },
    "cases.PlanReview": {
        "plan": SERVICE, "reviewed_on": SERVICE, "summary": SPECIAL, "next_review_on": SERVICE,
        "reviewer": SERVICE, "id": NOT_PERSONAL,
    },
    "cases.CaseMeeting": {
        "plan": SERVICE, "held_on": SERVICE, "contacts_present": SERVICE, "workers_present": SERVICE,
        "others_present": IDENTIFYING, "minutes": SPECIAL, "recorded_by": SERVICE, "id": NOT_PERSONAL,
    },
    "territory.Contact": {
        "first_name": IDENTIFYING, "last_name": IDENTIFYING, "email": CONTACT, "phone": CONTACT,
        "role": SERVICE, "organisation": SERVICE, "is_liaison": SERVICE, "notes": SERVICE, "active": SERVICE,
        "id": NOT_PERSONAL, "created_at": NOT_PERSONAL, "updated_at": NOT_PERSONAL,
    },
    "community.TableMember": {
        "citizen_name": IDENTIFYING, "email": CONTACT, "table": SERVICE, "organisation": SERVICE,
        "contact": SERVICE, "role": SERVICE, "id": NOT_PERSONAL,
    },
    "audit.AuditEvent": {
        "user": SERVICE, "username": IDENTIFYING, "role": SERVICE, "ip": IDENTIFYING, "at": SERVICE,
        "action": SERVICE, "object_type": SERVICE, "object_id": SERVICE, "object_repr": IDENTIFYING,
        "changes": SERVICE, "path": SERVICE, "allowed": SERVICE, "id": NOT_PERSONAL,
    },
}  # fmt: skip
