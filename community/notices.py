"""What community work tells people: reminders of minutes to review or to send, action items and
follow-ups falling due. Members of a table without an account get their action items by e-mail."""

from collections.abc import Iterator
from datetime import date, timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from community import links
from community.choices import ActionItemStatus, MinutesStatus
from community.models import ActionItem, CommunityAction, Meeting
from notifications.kinds import Kind
from notifications.reminders import Reminder
from outbox.models import Email
from outbox.services import queue_email

# Overdue things are reminded of once; older ones are on the agenda, not in the bell.
OVERDUE_WINDOW = timedelta(days=7)
# Minutes left unsent longer than this are history, not a reminder.
MINUTES_HISTORY = timedelta(days=60)


def _phase(due: date, today: date) -> str:
    return "today" if due == today else "overdue"


def _meeting_params(meeting: Meeting) -> dict:
    return {"table": meeting.table.name, "date": timezone.localtime(meeting.starts_at).date().isoformat()}


def reminders(today: date) -> Iterator[Reminder]:
    yield from _minutes_reminders(today)
    yield from _action_item_reminders(today)
    yield from _follow_up_reminders(today)


def _minutes_reminders(today: date) -> Iterator[Reminder]:
    # The version moves at each step of the workflow: minutes sent back and submitted again remind again.
    # A cancelled meeting reminds nobody (its minutes cannot move any more).
    meetings = Meeting.objects.not_cancelled()
    for meeting in meetings.filter(minutes_status=MinutesStatus.IN_REVIEW).select_related("table__coordinator"):
        yield Reminder(
            user=meeting.table.coordinator,
            kind=Kind.MINUTES_TO_REVIEW,
            key=f"minutes-review:{meeting.pk}:{meeting.version}",
            record=meeting,
            params=_meeting_params(meeting),
        )
    days = settings.MINUTES_REMINDER_DAYS
    latest = today - timedelta(days=days)
    unsent = (
        meetings.exclude(minutes_status=MinutesStatus.SENT)
        .filter(starts_at__date__range=(latest - MINUTES_HISTORY, latest))
        .select_related("table__coordinator")
    )
    for meeting in unsent:
        yield Reminder(
            user=meeting.table.coordinator,
            kind=Kind.MINUTES_NOT_SENT,
            key=f"minutes-not-sent:{meeting.pk}",
            record=meeting,
            params={**_meeting_params(meeting), "days": (today - timezone.localtime(meeting.starts_at).date()).days},
        )


def _action_item_reminders(today: date) -> Iterator[Reminder]:
    items = (
        ActionItem.objects.filter(status=ActionItemStatus.OPEN, due_on__range=(today - OVERDUE_WINDOW, today))
        .filter(meeting__cancelled_at__isnull=True)
        .select_related("meeting__table", "assignee", "owner__contact__organisation", "owner__organisation")
        .order_by("pk")
    )
    for item in items:
        key = f"action-item:{item.pk}:{item.due_on.isoformat()}:{_phase(item.due_on, today)}"
        if item.assignee_id:
            yield Reminder(
                user=item.assignee,
                kind=Kind.ACTION_ITEM_DUE,
                key=key,
                record=item.meeting,
                params={"item": item.description, "table": item.meeting.table.name, "due": item.due_on.isoformat()},
            )
        else:
            _email_member(item, key, today)


def _email_member(item: ActionItem, key: str, today: date) -> None:
    """Members are organisations, contacts and citizens without an account: they are told by e-mail."""
    address = item.owner.delivery_email
    if not address:
        return
    if Email.objects.filter(dedupe_key=key).exists():
        # Reminded already (the hourly job runs again): no second link either.
        return
    url = links.action_item_link(item=item, member=item.owner, address=address)
    with translation.override("it"):
        context = {
            "item": item,
            "meeting": item.meeting,
            "recipient": str(item.owner),
            "overdue": item.due_on < today,
            "url": url,
        }
        subject = render_to_string("community/action_item_email_subject.txt", context)
        body = render_to_string("community/action_item_email.txt", context)
    queue_email(
        kind="action_item",
        recipient=str(item.owner),
        address=address,
        subject=subject,
        body=body,
        about=item.meeting,
        dedupe_key=key,
    )


def _follow_up_reminders(today: date) -> Iterator[Reminder]:
    actions = CommunityAction.objects.filter(follow_up_on__range=(today - OVERDUE_WINDOW, today)).prefetch_related(
        "workers"
    )
    for action in actions:
        due = action.follow_up_on
        for worker in action.workers.all():
            yield Reminder(
                user=worker,
                kind=Kind.COMMUNITY_FOLLOW_UP_DUE,
                key=f"community-follow-up:{action.pk}:{worker.pk}:{due.isoformat()}:{_phase(due, today)}",
                record=action,
                params={"action": action.title, "due": due.isoformat()},
            )
