"""What cases tell people: notifications on events, and the reminders of what falls due.

Parameters carry the person's initials and the case number only (notifications.kinds).
"""

from collections.abc import Iterator
from datetime import date, timedelta

from cases.models import Case, JointPlan, Referral
from notifications.kinds import Kind
from notifications.reminders import Reminder
from notifications.services import notify
from notifications.wording import choice

# Overdue things are reminded of once; older ones than this are on the agenda, not in the bell.
OVERDUE_WINDOW = timedelta(days=7)


def _about(case: Case) -> dict:
    return {"case": case.pk, "person": case.person.initials}


def referral_moved(*, referral: Referral, actor, contact=None) -> None:
    """The case's worker learns that someone else answered or moved their referral.

    An answer of the receiving organisation (its contact, from a link or the partner portal) says who answered.
    """
    case = referral.case
    if contact is None and case.responsible_id == getattr(actor, "pk", None):
        return
    params = {
        **_about(case),
        "opportunity": referral.opportunity.title,
        "status": choice("cases.choices.ReferralStatus", referral.status),
    }
    if contact is not None:
        params["organisation"] = referral.opportunity.organisation.name
        notify(user=case.responsible, kind=Kind.REFERRAL_ANSWERED, params=params, record=referral)
        return
    notify(user=case.responsible, kind=Kind.REFERRAL_MOVED, params=params, record=referral)


def case_assigned(*, case: Case, actor) -> None:
    if case.responsible_id == getattr(actor, "pk", None):
        return
    notify(user=case.responsible, kind=Kind.CASE_ASSIGNED, params={**_about(case), "by": str(actor)}, record=case)


def _phase(due: date, today: date) -> str:
    return "today" if due == today else "overdue"


def reminders(today: date) -> Iterator[Reminder]:
    """Referral follow-ups and plan reviews due today, or overdue, to the case's responsible worker."""
    since = today - OVERDUE_WINDOW
    referrals = (
        Referral.objects.open()
        .filter(follow_up_on__range=(since, today))
        .select_related("case__person", "case__responsible", "opportunity")
    )
    for referral in referrals:
        due = referral.follow_up_on
        yield Reminder(
            user=referral.case.responsible,
            kind=Kind.FOLLOW_UP_DUE,
            key=f"follow-up:{referral.pk}:{due.isoformat()}:{_phase(due, today)}",
            record=referral,
            params={**_about(referral.case), "opportunity": referral.opportunity.title, "due": due.isoformat()},
        )
    plans = (
        JointPlan.objects.active()
        .filter(next_review_on__range=(since, today))
        .select_related("case__person", "case__responsible")
    )
    for plan in plans:
        due = plan.next_review_on
        yield Reminder(
            user=plan.case.responsible,
            kind=Kind.PLAN_REVIEW_DUE,
            key=f"plan-review:{plan.pk}:{due.isoformat()}:{_phase(due, today)}",
            record=plan,
            params={**_about(plan.case), "due": due.isoformat()},
        )
