"""Who may move the minutes of a meeting, and where: the one place the rule lives.

The service (community.services.change_minutes_status) enforces it; the meeting page asks it which
buttons to show (Meeting.minutes_moves_for), so templates never compare statuses or roles themselves.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from community.choices import MINUTES_TRANSITIONS, MinutesStatus

MOVE_LABELS = {
    MinutesStatus.IN_REVIEW: _("Send for review"),
    MinutesStatus.APPROVED: _("Approve"),
    MinutesStatus.DRAFT: _("Send back to draft"),
    MinutesStatus.SENT: _("Send to the members"),
}


@dataclass(frozen=True)
class MinutesMove:
    to_status: str
    label: str
    # Sending back is a step backwards: shown as a secondary button.
    backwards: bool


def coordinator_only(to_status: str) -> bool:
    """Approving, sending back and sending out are the coordinator's: co-design minutes are an
    obligation (art. 55 of the Third Sector Code) and the coordinator answers for them."""
    return to_status != MinutesStatus.IN_REVIEW


def may_move(*, status: str, to_status: str, user, coordinator_id: int | None) -> bool:
    if to_status not in MINUTES_TRANSITIONS[status]:
        return False
    return not coordinator_only(to_status) or user.pk == coordinator_id


def moves_for(*, status: str, user, coordinator_id: int | None) -> list[MinutesMove]:
    return [
        MinutesMove(to_status, MOVE_LABELS[to_status], backwards=to_status == MinutesStatus.DRAFT)
        for to_status in MINUTES_TRANSITIONS[status]
        if may_move(status=status, to_status=to_status, user=user, coordinator_id=coordinator_id)
    ]


def may_issue_version(*, status: str, user, coordinator_id: int | None) -> bool:
    """A corrected version of minutes already sent: the coordinator's, as sending them was."""
    return status == MinutesStatus.SENT and user.pk == coordinator_id
