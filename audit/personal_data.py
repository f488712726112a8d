"""The personal data of the audit trail itself, for the inventory (see core.personal_data)."""

from audit.models import AccessAlert, AuditEvent
from core.personal_data import AUDIT_TRAIL, IDENTIFYING, NOT_PERSONAL, SERVICE, register


def register_inventory() -> None:
    register(
        AuditEvent,
        fields={
            "id": NOT_PERSONAL, "at": SERVICE, "user": IDENTIFYING, "username": IDENTIFYING, "role": SERVICE,
            "action": SERVICE, "object_type": SERVICE, "object_id": SERVICE,
            # Labels and changes of directory records and accounts may hold a contact's name.
            "object_repr": IDENTIFYING, "subject_person_id": IDENTIFYING, "changes": IDENTIFYING,
            "ip": IDENTIFYING, "path": SERVICE, "allowed": SERVICE,
        },
        retention=AUDIT_TRAIL,
    )  # fmt: skip
    register(
        AccessAlert,
        fields={
            "id": NOT_PERSONAL, "user": IDENTIFYING, "username": IDENTIFYING, "hour": SERVICE, "people": SERVICE,
            "threshold": NOT_PERSONAL, "raised_at": SERVICE,
        },
        retention=AUDIT_TRAIL,
    )  # fmt: skip
