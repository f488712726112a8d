"""Editing case records after the fact: referral details, joint plans, their partners and objectives.

Every edit carries the version the user started from and is refused if someone saved the record since
(core.concurrency.claim_version). What has a life is closed rather than deleted: a plan closes with an
outcome; a partner leaves and an objective is dropped with the day and the reason, kept on the plan.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.choices import EventKind, PlanStatus
from cases.models import CaseMeeting, JointPlan, PlanObjective, PlanPartner, Referral
from cases.services import record_event
from core.concurrency import claim_version


def _refuse(message: str, code: str, field: str | None = None):
    error = ValidationError(message, code=code)
    raise ValidationError({field: error}) if field else error


def _changed(record, details: dict) -> list[str]:
    changed = sorted(name for name, value in details.items() if getattr(record, name) != value)
    for name, value in details.items():
        setattr(record, name, value)
    return changed


def _plan_event(plan: JointPlan, *, actor, kind: str, occurred_on: date | None = None, **data) -> None:
    record_event(case=plan.case, actor=actor, kind=kind, plan=plan, occurred_on=occurred_on, title=plan.title, **data)


@transaction.atomic
def update_referral(*, referral: Referral, actor, version: int | None, **details) -> Referral:
    """Change a referral's liaison, reason or follow-up date; a concluded referral has no follow-up to move."""
    referral = (
        Referral.objects.select_for_update(of=("self",)).select_related("case", "opportunity").get(pk=referral.pk)
    )
    claim_version(referral, version)
    if not referral.is_open and details.get("follow_up_on"):
        _refuse(_("The referral is concluded: it has no follow-up any more."), "concluded", "follow_up_on")
    changed = _changed(referral, details)
    referral.full_clean()
    referral.save()
    if changed:
        record_event(
            case=referral.case,
            actor=actor,
            kind=EventKind.REFERRAL_UPDATED,
            referral=referral,
            title=referral.opportunity.title,
            fields=changed,
        )
    return referral


@transaction.atomic
def update_plan(*, plan: JointPlan, actor, version: int | None, **details) -> JointPlan:
    plan = JointPlan.objects.select_for_update(of=("self",)).select_related("case").get(pk=plan.pk)
    claim_version(plan, version)
    if plan.is_closed:
        _refuse(_("The plan is closed: it can no longer be changed."), "plan_closed")
    changed = _changed(plan, details)
    plan.full_clean()
    plan.save()
    if changed:
        _plan_event(plan, actor=actor, kind=EventKind.PLAN_UPDATED, fields=changed)
    return plan


@transaction.atomic
def close_plan(*, plan: JointPlan, actor, version: int | None, closed_on: date, outcome: str) -> JointPlan:
    """Close a plan with its outcome, whatever its approval stage (a draft never started closes too)."""
    plan = JointPlan.objects.select_for_update(of=("self",)).select_related("case").get(pk=plan.pk)
    claim_version(plan, version)
    if plan.is_closed:
        _refuse(_("The plan is already closed."), "plan_closed")
    if not outcome.strip():
        _refuse(_("Describe the outcome of the plan."), "outcome_required", "outcome")
    if closed_on > timezone.localdate():
        _refuse(_("The date cannot be in the future."), "future_date", "closed_on")
    if closed_on < plan.started_on:
        _refuse(_("The plan cannot close before it started."), "closed_before_start", "closed_on")
    plan.status, plan.closed_on, plan.outcome = PlanStatus.CLOSED, closed_on, outcome
    plan.save(update_fields=["status", "closed_on", "outcome", "version", "updated_at"])
    _plan_event(plan, actor=actor, kind=EventKind.PLAN_CLOSED, occurred_on=closed_on, text=outcome)
    return plan


@transaction.atomic
def update_case_meeting(
    *, meeting: CaseMeeting, actor, version: int | None, contacts_present=(), workers_present=(), **details
) -> CaseMeeting:
    """Correct a case meeting's record: its date, attendance and minutes."""
    meeting = CaseMeeting.objects.select_for_update(of=("self",)).select_related("plan__case").get(pk=meeting.pk)
    claim_version(meeting, version)
    if details.get("held_on") and details["held_on"] > timezone.localdate():
        _refuse(_("The date cannot be in the future."), "future_date", "held_on")
    changed = _changed(meeting, details)
    meeting.full_clean()
    meeting.save()
    contacts, workers = {c.pk for c in contacts_present}, {w.pk for w in workers_present}
    if contacts != set(meeting.contacts_present.values_list("pk", flat=True)):
        meeting.contacts_present.set(contacts)
        changed.append("contacts_present")
    if workers != set(meeting.workers_present.values_list("pk", flat=True)):
        meeting.workers_present.set(workers)
        changed.append("workers_present")
    if changed:
        _plan_event(meeting.plan, actor=actor, kind=EventKind.MEETING_EDITED, fields=sorted(changed))
    return meeting


def _locked_part(model, part):
    part = model.objects.select_for_update(of=("self",)).select_related("plan__case").get(pk=part.pk)
    if part.is_removed:
        _refuse(_("This was removed from the plan: it can no longer be changed."), "removed")
    if part.plan.is_closed:
        _refuse(_("The plan is closed: it can no longer be changed."), "plan_closed")
    return part


@transaction.atomic
def update_partner(*, partner: PlanPartner, actor, version: int | None, **details) -> PlanPartner:
    partner = _locked_part(PlanPartner, partner)
    claim_version(partner, version)
    changed = _changed(partner, details)
    partner.full_clean()
    partner.save()
    if changed:
        _plan_event(
            partner.plan,
            actor=actor,
            kind=EventKind.PARTNER_EDITED,
            organisation=partner.organisation.name,
            role=partner.role,
        )
    return partner


@transaction.atomic
def remove_partner(*, partner: PlanPartner, actor, version: int | None, removed_on: date, reason: str) -> PlanPartner:
    partner = _locked_part(PlanPartner, partner)
    claim_version(partner, version)
    _check_removal(partner.plan, removed_on, reason)
    partner.removed_on, partner.removal_reason = removed_on, reason
    partner.save(update_fields=["removed_on", "removal_reason", "version"])
    _plan_event(
        partner.plan,
        actor=actor,
        kind=EventKind.PARTNER_REMOVED,
        occurred_on=removed_on,
        organisation=partner.organisation.name,
        text=reason,
    )
    return partner


@transaction.atomic
def update_objective(*, objective: PlanObjective, actor, version: int | None, **details) -> PlanObjective:
    from cases.services import objective_event

    objective = _locked_part(PlanObjective, objective)
    claim_version(objective, version)
    changed = _changed(objective, details)
    objective.full_clean()
    objective.save()
    if changed:
        objective_event(objective, actor)
    return objective


@transaction.atomic
def remove_objective(
    *, objective: PlanObjective, actor, version: int | None, removed_on: date, reason: str
) -> PlanObjective:
    objective = _locked_part(PlanObjective, objective)
    claim_version(objective, version)
    _check_removal(objective.plan, removed_on, reason)
    objective.removed_on, objective.removal_reason = removed_on, reason
    objective.save(update_fields=["removed_on", "removal_reason", "version"])
    _plan_event(
        objective.plan,
        actor=actor,
        kind=EventKind.OBJECTIVE_REMOVED,
        occurred_on=removed_on,
        item=objective.description,
        text=reason,
    )
    return objective


def _check_removal(plan: JointPlan, removed_on: date, reason: str) -> None:
    if not reason.strip():
        _refuse(_("Say why it is removed: the reason stays on the plan."), "reason_required", "reason")
    if removed_on > timezone.localdate():
        _refuse(_("The date cannot be in the future."), "future_date", "removed_on")
    if removed_on < plan.started_on:
        _refuse(_("The date cannot be before the plan started."), "before_start", "removed_on")
