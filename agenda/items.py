"""What falls due for a worker, or for every worker of a coordinator's team, gathered from the apps.

One query per kind of item, whatever their number, each through the model's own `visible_to`: table
meetings the user coordinates, meetings, plan reviews and referral follow-ups of the cases they are
responsible for, action items given to them and follow-ups of community actions they took part in.

An item's `summary` names no one (a case by its number, a meeting by its table): the calendar feed,
which leaves the service, shows only summaries. Its `detail` is for the page, behind the login.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import CaseMeeting, JointPlan, Referral
from community.choices import ActionItemStatus
from community.models import ActionItem, CommunityAction, Meeting

# A community action's follow-up has no state of its own to close: once its day has passed it counts
# as overdue for this long, then it leaves the agenda (it stays in the community log).
COMMUNITY_FOLLOW_UP_OVERDUE = timedelta(days=30)
DAY = timedelta(days=1)


class ItemKind(models.TextChoices):
    TABLE_MEETING = "table_meeting", gettext_lazy("Table meeting")
    CASE_MEETING = "case_meeting", gettext_lazy("Case meeting")
    PLAN_REVIEW = "plan_review", gettext_lazy("Joint plan review")
    FOLLOW_UP = "follow_up", gettext_lazy("Referral follow-up")
    ACTION_ITEM = "action_item", gettext_lazy("Action item")
    COMMUNITY_FOLLOW_UP = "community_follow_up", gettext_lazy("Community action follow-up")


# Within a day: meetings (which have a time) first, then the things to do.
KIND_ORDER = {kind: index for index, kind in enumerate(ItemKind)}


@dataclass(frozen=True)
class Item:
    kind: ItemKind
    day: date
    summary: str
    detail: str
    url: str
    # Stable across polls of the feed and, for a table meeting, the UID of its convocation.
    uid: str
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    location: str = ""
    sequence: int = 0
    overdue: bool = False
    cancelled: bool = False
    # Whose it is: shown in the team's agenda.
    owners: tuple[str, ...] = ()

    @property
    def kind_label(self) -> str:
        return self.kind.label

    def sort_key(self) -> tuple:
        moment = timezone.localtime(self.starts_at).time() if self.starts_at else time.max
        return (self.day, moment, KIND_ORDER[self.kind], self.summary)


@dataclass(frozen=True)
class Period:
    """A week (Monday to Sunday) or a calendar month, with its neighbours for the navigation."""

    kind: str
    start: date
    end: date

    WEEK = "week"
    MONTH = "month"

    @classmethod
    def around(cls, day: date, kind: str) -> "Period":
        if kind == cls.MONTH:
            last = calendar.monthrange(day.year, day.month)[1]
            return cls(kind, day.replace(day=1), day.replace(day=last))
        start = day - timedelta(days=day.weekday())
        return cls(cls.WEEK, start, start + timedelta(days=6))

    @property
    def previous_day(self) -> date:
        return self.start - DAY

    @property
    def next_day(self) -> date:
        return self.end + DAY

    @property
    def is_month(self) -> bool:
        return self.kind == self.MONTH

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass
class Agenda:
    period: Period
    overdue: list[Item] = field(default_factory=list)
    days: list[tuple[date, list[Item]]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.overdue and not self.days

    @property
    def sections(self) -> list[tuple[date | None, list[Item]]]:
        """The page's sections in order: the overdue items (no day), then each day with items."""
        return ([(None, self.overdue)] if self.overdue else []) + self.days


def _whose(path: str, user, team: bool) -> Q:
    """The user's own items, or those of every worker of the user's team."""
    if not team:
        return Q(**{path: user})
    if not user.team_id:
        return Q(pk__in=[])
    return Q(**{f"{path}__team_id": user.team_id})


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def gather(*, user, team: bool, start: date, end: date, today: date) -> list[Item]:
    """Every item from `start` to `end`, and every open item overdue on `today`, in date order."""
    items = [
        *_table_meetings(user, team, start, end),
        *_case_meetings(user, team, start, end),
        *_plan_reviews(user, team, start, end, today),
        *_referral_follow_ups(user, team, start, end, today),
        *_action_items(user, team, start, end, today),
        *_community_follow_ups(user, team, start, end, today),
    ]
    return sorted(items, key=Item.sort_key)


def agenda_for(*, user, team: bool, period: Period, today: date) -> Agenda:
    """The page: overdue items first, then the period's items day by day."""
    agenda = Agenda(period)
    by_day: dict[date, list[Item]] = {}
    for item in gather(user=user, team=team, start=period.start, end=period.end, today=today):
        if item.overdue:
            agenda.overdue.append(item)
        else:
            by_day.setdefault(item.day, []).append(item)
    agenda.days = sorted(by_day.items())
    return agenda


def _table_meetings(user, team, start, end):
    meetings = (
        Meeting.objects.visible_to(user)
        .filter(_whose("table__coordinator", user, team))
        .filter(starts_at__gte=_midnight(start), starts_at__lt=_midnight(end + DAY))
        .select_related("table__coordinator")
    )
    for meeting in meetings:
        if meeting.is_cancelled:
            summary = _("Cancelled: meeting of the table “%(table)s”") % {"table": meeting.table.name}
        else:
            summary = _("Meeting of the table “%(table)s”") % {"table": meeting.table.name}
        yield Item(
            kind=ItemKind.TABLE_MEETING,
            day=timezone.localdate(meeting.starts_at),
            summary=summary,
            detail=meeting.place,
            url=meeting.get_absolute_url(),
            uid=str(meeting.uid),
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            location=meeting.place,
            sequence=meeting.sequence,
            cancelled=meeting.is_cancelled,
            owners=(str(meeting.table.coordinator),) if team else (),
        )


def _case_meetings(user, team, start, end):
    meetings = (
        CaseMeeting.objects.visible_to(user)
        .filter(_whose("plan__case__responsible", user, team))
        .filter(held_on__range=(start, end))
        .select_related("plan__case__person", "plan__case__responsible")
    )
    for meeting in meetings:
        case = meeting.plan.case
        yield Item(
            kind=ItemKind.CASE_MEETING,
            day=meeting.held_on,
            summary=_("Case meeting – case %(case)s") % {"case": case.pk},
            detail=f"{case.person} · {meeting.plan.title}",
            url=meeting.plan.get_absolute_url(),
            uid=f"case-meeting-{meeting.pk}@rete",
            owners=(str(case.responsible),) if team else (),
        )


def _plan_reviews(user, team, start, end, today):
    plans = (
        JointPlan.objects.visible_to(user)
        .active()
        .filter(_whose("case__responsible", user, team))
        .filter(Q(next_review_on__range=(start, end)) | Q(next_review_on__lt=today))
        .select_related("case__person", "case__responsible")
    )
    for plan in plans:
        yield Item(
            kind=ItemKind.PLAN_REVIEW,
            day=plan.next_review_on,
            summary=_("Joint plan review – case %(case)s") % {"case": plan.case_id},
            detail=f"{plan.case.person} · {plan.title}",
            url=plan.get_absolute_url(),
            uid=f"plan-review-{plan.pk}@rete",
            overdue=plan.next_review_on < today,
            owners=(str(plan.case.responsible),) if team else (),
        )


def _referral_follow_ups(user, team, start, end, today):
    referrals = (
        Referral.objects.visible_to(user)
        .open()
        .filter(_whose("case__responsible", user, team))
        .filter(Q(follow_up_on__range=(start, end)) | Q(follow_up_on__lt=today))
        .select_related("case__person", "case__responsible", "opportunity")
    )
    for referral in referrals:
        yield Item(
            kind=ItemKind.FOLLOW_UP,
            day=referral.follow_up_on,
            summary=_("Referral follow-up – case %(case)s") % {"case": referral.case_id},
            detail=f"{referral.case.person} · {referral.opportunity.title}",
            url=referral.get_absolute_url(),
            uid=f"referral-follow-up-{referral.pk}@rete",
            overdue=referral.follow_up_on < today,
            owners=(str(referral.case.responsible),) if team else (),
        )


def _action_items(user, team, start, end, today):
    items = (
        ActionItem.objects.visible_to(user)
        .filter(status=ActionItemStatus.OPEN)
        .filter(_whose("assignee", user, team))
        .filter(Q(due_on__range=(start, end)) | Q(due_on__lt=today))
        .select_related("meeting__table", "assignee")
    )
    for item in items:
        yield Item(
            kind=ItemKind.ACTION_ITEM,
            day=item.due_on,
            summary=_("Action item – table “%(table)s”") % {"table": item.meeting.table.name},
            detail=item.description,
            url=item.meeting.get_absolute_url(),
            uid=f"action-item-{item.pk}@rete",
            overdue=item.due_on < today,
            owners=(str(item.assignee),) if team else (),
        )


def _community_follow_ups(user, team, start, end, today):
    actions = (
        CommunityAction.objects.visible_to(user)
        .filter(_whose("workers", user, team))
        .filter(
            Q(follow_up_on__range=(start, end))
            | Q(follow_up_on__lt=today, follow_up_on__gte=today - COMMUNITY_FOLLOW_UP_OVERDUE)
        )
        .order_by()
    )
    if team:
        # Several workers of the team may have taken part: one row per action, and their names.
        actions = actions.distinct().prefetch_related("workers")
    for action in actions:
        yield Item(
            kind=ItemKind.COMMUNITY_FOLLOW_UP,
            day=action.follow_up_on,
            summary=_("Follow-up: %(kind)s of %(date)s")
            % {"kind": action.get_kind_display().lower(), "date": date_format(action.date, "SHORT_DATE_FORMAT")},
            detail=action.title,
            url=action.get_absolute_url(),
            uid=f"community-follow-up-{action.pk}@rete",
            overdue=action.follow_up_on < today,
            owners=tuple(str(worker) for worker in action.workers.all()) if team else (),
        )
