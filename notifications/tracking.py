"""What the audit trail records of notifications (see audit.registry): nothing, and why."""

from audit import registry
from notifications.models import Notification, Preference


def register_audit() -> None:
    registry.register_untracked(Notification, reason="messages to one user about records whose changes are tracked")
    registry.register_untracked(Preference, reason="a user's own choice of how to be told, not a record of the service")
