"""Writes on cases that touch several rows: each one also writes the case timeline."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.choices import CASE_TRANSITIONS, CaseStatus, EventKind, ReferralKind, ReferralStatus
from cases.models import Case, CaseEvent, CaseMeeting, JointPlan, PlanObjective, PlanPartner, PlanReview, Referral
from cases.models import ReferralTransition as Transition


def record_event(*, case: Case, actor, kind: str, occurred_on: date | None = None, referral=None, plan=None, **data):
    return CaseEvent.objects.create(
        case=case,
        actor=actor,
        kind=kind,
        occurred_on=occurred_on or timezone.localdate(),
        referral=referral,
        plan=plan,
        data=data,
    )


def _refuse_future(occurred_on: date, field: str = "occurred_on") -> None:
    if occurred_on > timezone.localdate():
        raise ValidationError({field: ValidationError(_("The date cannot be in the future."), code="future_date")})


@transaction.atomic
def save_case(*, form, actor) -> Case | None:
    """Save a new or edited case with its needs; None when a concurrent edit was detected."""
    creating = form.instance.pk is None
    case = form.save() if creating else form.save_unless_stale()
    if case is None:
        return None
    form.save_needs(case)
    if creating:
        record_event(case=case, actor=actor, kind=EventKind.CASE_OPENED, occurred_on=case.opened_on)
    elif form.changed_data:
        record_event(case=case, actor=actor, kind=EventKind.CASE_UPDATED, fields=sorted(form.changed_data))
    return case


@transaction.atomic
def open_case_for_new_person(*, person_form, case_form, actor) -> Case:
    """Register a person and open their case in one step (from a community hook-up)."""
    case_form.instance.person = person_form.save()
    case = case_form.save()
    case_form.save_needs(case)
    record_event(case=case, actor=actor, kind=EventKind.CASE_OPENED, occurred_on=case.opened_on)
    return case


@transaction.atomic
def change_case_status(*, case: Case, to_status: str, actor, occurred_on: date, reason: str = "") -> Case:
    _refuse_future(occurred_on)
    if to_status not in CASE_TRANSITIONS[case.status]:
        raise ValidationError(
            _("A case that is %(current)s cannot become %(new)s.")
            % {"current": case.get_status_display().lower(), "new": CaseStatus(to_status).label.lower()},
            code="impossible_transition",
        )
    if to_status == CaseStatus.CLOSED and not reason.strip():
        raise ValidationError({"reason": ValidationError(_("Say why the case is closed."), code="reason_required")})
    previous = case.status
    case.status = to_status
    case.status_changed_on = occurred_on
    case.version += 1
    case.save(update_fields=["status", "status_changed_on", "version", "updated_at"])
    record_event(
        case=case,
        actor=actor,
        kind=EventKind.CASE_STATUS,
        occurred_on=occurred_on,
        **{"from": previous, "to": to_status, "text": reason},
    )
    return case


@transaction.atomic
def add_note(*, case: Case, actor, text: str, occurred_on: date) -> CaseEvent:
    _refuse_future(occurred_on)
    return record_event(case=case, actor=actor, kind=EventKind.NOTE, occurred_on=occurred_on, text=text)


@transaction.atomic
def create_referral(*, form, case: Case, actor) -> Referral:
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("The case is closed: reopen it before referring the person."), code="case_closed")
    referral = form.save(commit=False)
    referral.case = case
    referral.created_by = actor
    if referral.kind == ReferralKind.USE and referral.liaison is None:
        referral.liaison = referral.opportunity.liaison
    referral.save()
    record_event(
        case=case,
        actor=actor,
        kind=EventKind.REFERRAL_CREATED,
        referral=referral,
        kind_code=referral.kind,
        title=referral.opportunity.title,
        organisation=referral.opportunity.organisation.name,
    )
    return referral


@transaction.atomic
def transition_referral(*, referral: Referral, to_status: str, actor, occurred_on: date, note: str = "") -> Referral:
    """Move a referral one step along its lifecycle, or refuse with a reason the user can act on."""
    # Lock the row: two workers answering the same referral at once must not both succeed.
    referral = Referral.objects.select_for_update().select_related("case", "opportunity").get(pk=referral.pk)
    if to_status not in referral.next_statuses:
        raise ValidationError(
            _("A referral that is %(current)s cannot become %(new)s.")
            % {"current": referral.get_status_display().lower(), "new": ReferralStatus(to_status).label.lower()},
            code="impossible_transition",
        )
    _refuse_future(occurred_on)
    if occurred_on < referral.status_changed_on:
        raise ValidationError(
            {
                "occurred_on": ValidationError(
                    _("The date cannot be before the previous step (%(date)s).")
                    % {"date": referral.status_changed_on.strftime("%d/%m/%Y")},
                    code="date_before_previous",
                )
            }
        )
    if to_status == ReferralStatus.SENT and not referral.case.has_consent:
        raise ValidationError(
            _("The person's consent is not recorded on the case: record it before sending the referral."),
            code="consent_missing",
        )
    if to_status == ReferralStatus.DECLINED and not note.strip():
        raise ValidationError(
            {"note": ValidationError(_("Say why the referral was declined."), code="reason_required")}
        )
    if to_status == ReferralStatus.COMPLETED and not note.strip():
        raise ValidationError({"note": ValidationError(_("Describe the outcome."), code="outcome_required")})

    previous = referral.status
    referral.status = to_status
    referral.status_changed_on = occurred_on
    update_fields = ["status", "status_changed_on", "version", "updated_at"]
    if to_status == ReferralStatus.DECLINED:
        referral.decline_reason = note
        update_fields.append("decline_reason")
    if to_status == ReferralStatus.COMPLETED:
        referral.outcome = note
        update_fields.append("outcome")
    referral.version += 1
    referral.save(update_fields=update_fields)
    Transition.objects.create(
        referral=referral, from_status=previous, to_status=to_status, occurred_on=occurred_on, actor=actor, note=note
    )
    record_event(
        case=referral.case,
        actor=actor,
        kind=EventKind.REFERRAL_STATUS,
        occurred_on=occurred_on,
        referral=referral,
        title=referral.opportunity.title,
        text=note,
        **{"from": previous, "to": to_status},
    )
    return referral


@transaction.atomic
def create_plan(*, form, case: Case, actor) -> JointPlan:
    plan = form.save(commit=False)
    plan.case = case
    plan.save()
    record_event(
        case=case, actor=actor, kind=EventKind.PLAN_CREATED, occurred_on=plan.started_on, plan=plan, title=plan.title
    )
    return plan


@transaction.atomic
def add_partner(*, form, plan: JointPlan, actor) -> PlanPartner:
    partner = form.save()
    record_event(
        case=plan.case,
        actor=actor,
        kind=EventKind.PLAN_PARTNER,
        plan=plan,
        title=plan.title,
        organisation=partner.organisation.name,
        role=partner.role,
    )
    return partner


@transaction.atomic
def add_objective(*, form, plan: JointPlan, actor) -> PlanObjective:
    objective = form.save()
    record_event(
        case=plan.case,
        actor=actor,
        kind=EventKind.PLAN_OBJECTIVE,
        plan=plan,
        title=plan.title,
        text=objective.description,
        status=objective.status,
    )
    return objective


@transaction.atomic
def set_objective_status(*, objective: PlanObjective, status: str, actor) -> PlanObjective:
    objective.status = status
    objective.save(update_fields=["status"])
    plan = objective.plan
    record_event(
        case=plan.case,
        actor=actor,
        kind=EventKind.PLAN_OBJECTIVE,
        plan=plan,
        title=plan.title,
        text=objective.description,
        status=status,
    )
    return objective


@transaction.atomic
def add_review(*, form, plan: JointPlan, actor) -> PlanReview:
    _refuse_future(form.instance.reviewed_on, "reviewed_on")
    review = form.save(commit=False)
    review.reviewer = actor
    review.save()
    plan.next_review_on = review.next_review_on
    plan.save(update_fields=["next_review_on", "updated_at"])
    record_event(
        case=plan.case,
        actor=actor,
        kind=EventKind.PLAN_REVIEW,
        occurred_on=review.reviewed_on,
        plan=plan,
        title=plan.title,
        text=review.summary,
    )
    return review


@transaction.atomic
def add_meeting(*, form, plan: JointPlan, actor) -> CaseMeeting:
    _refuse_future(form.instance.held_on, "held_on")
    meeting = form.save(commit=False)
    meeting.recorded_by = actor
    meeting.save()
    form.save_m2m()
    record_event(
        case=plan.case,
        actor=actor,
        kind=EventKind.CASE_MEETING,
        occurred_on=meeting.held_on,
        plan=plan,
        title=plan.title,
        text=meeting.minutes,
        present=meeting.contacts_present.count() + meeting.workers_present.count(),
    )
    return meeting
