"""The agenda's cast: Sara's week, with one item of each kind on a known day of March 2026."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.models import CaseMeeting
from community.models import ActionItem
from tests.factories import (
    CaseFactory,
    CommunityActionFactory,
    JointPlanFactory,
    MeetingFactory,
    ReferralFactory,
    TableFactory,
)

ROME = ZoneInfo("Europe/Rome")
# A Wednesday: its week runs from Monday 9 to Sunday 15 March.
TODAY = date(2026, 3, 11)
# Planted in the people in charge: neither may ever appear in the feed.
CANARY_FIRST, CANARY_LAST = "Zebedeo", "Canarinonome"


def at(day: date, hour: int = 10):
    return time_machine.travel(datetime.combine(day, time(hour, 0), tzinfo=ROME), tick=False)


@pytest.fixture
def today():
    with at(TODAY):
        yield TODAY


def one_of_each(user, day: date, *, meeting_day: date | None = None) -> dict:
    """An item of every kind falling on `day` for `user` (a table meeting at 17:30 on `meeting_day`)."""
    case = CaseFactory(
        person__team=user.team, person__first_name=CANARY_FIRST, person__last_name=CANARY_LAST, responsible=user
    )
    table = TableFactory(coordinator=user, name=f"Tavolo di {user.username}")
    meeting = MeetingFactory(
        table=table,
        starts_at=datetime.combine(meeting_day or day, time(17, 30), tzinfo=ROME),
        place="Sala civica",
        minutes="",
    )
    plan = JointPlanFactory(case=case, next_review_on=day)
    return {
        "meeting": meeting,
        "case_meeting": CaseMeeting.objects.create(
            plan=plan, held_on=day, minutes="Incontro con la famiglia Canarinonome.", recorded_by=user
        ),
        "plan": plan,
        "referral": ReferralFactory(case=case, status="sent", follow_up_on=day),
        "action_item": ActionItem.objects.create(
            meeting=meeting, description="Chiamare la parrocchia", assignee=user, due_on=day
        ),
        "community_action": CommunityActionFactory(
            workers=[user], recorded_by=user, date=day - timedelta(days=30), follow_up_on=day
        ),
    }
