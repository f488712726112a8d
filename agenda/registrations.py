"""What the audit trail and the personal-data inventory know of the agenda's one model."""

from agenda.models import CalendarFeed
from audit import registry
from core.personal_data import ACCOUNT, NOT_PERSONAL, SERVICE, register


def register_all() -> None:
    # Creating and revoking a feed are recorded by the agenda's own views; the token is never stored.
    registry.register_untracked(CalendarFeed, reason="a user's own feed secret (hashed); its creation is recorded")
    register(
        CalendarFeed,
        fields={
            "id": NOT_PERSONAL, "user": SERVICE, "token_hash": NOT_PERSONAL, "created_at": SERVICE,
            "last_used_at": SERVICE,
        },
        retention=ACCOUNT,
    )  # fmt: skip
