"""Writes on cases. Each takes plain keyword data, writes the rows and the case timeline, and returns the record.

Forms validate and hand over `cleaned_data`; views call one service per state change.
"""

from collections.abc import Iterable, Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases import listeners, notices
from cases.choices import (
    CASE_TRANSITIONS,
    CaseStatus,
    ConsentRecipient,
    EventKind,
    PlanStatus,
    ReferralKind,
    ReferralStatus,
)
from cases.models import (
    Case,
    CaseEvent,
    CaseMeeting,
    CaseNeed,
    Consent,
    JointPlan,
    Person,
    PlanObjective,
    PlanPartner,
    PlanReview,
    Referral,
)
from cases.models import ReferralTransition as Transition
from cases.supervision import may_close_directly
from core.concurrency import claim_version
from territory.models import PovertyDimension

# Needs are given as {poverty dimension: level}, a level of None meaning "no need in this dimension".
Needs = Mapping[PovertyDimension, int | None]


def record_event(
    *, case: Case, actor, kind: str, occurred_on: date | None = None, referral=None, plan=None, contact=None, **data
):
    return CaseEvent.objects.create(
        case=case,
        actor=actor,
        contact=contact,
        kind=kind,
        occurred_on=occurred_on or timezone.localdate(),
        referral=referral,
        plan=plan,
        data=data,
    )


def _refuse_future(occurred_on: date, field: str = "occurred_on") -> None:
    if occurred_on > timezone.localdate():
        raise ValidationError({field: ValidationError(_("The date cannot be in the future."), code="future_date")})


def _set_needs(case: Case, needs: Needs) -> list[str]:
    """Write the case's needs; return the codes of the dimensions whose level changed."""
    current = {need.dimension_id: need for need in CaseNeed.objects.filter(case=case)}
    changed = []
    for dimension, level in needs.items():
        need = current.get(dimension.pk)
        if level is None and need is not None:
            need.delete()
        elif level is not None and need is None:
            CaseNeed.objects.create(case=case, dimension=dimension, level=level)
        elif level is not None and need.level != level:
            need.level = level
            need.save(update_fields=["level"])
        else:
            continue
        changed.append(f"need_{dimension.code}")
    return changed


@transaction.atomic
def open_case(*, person: Person, actor, responsible, needs: Needs, **details) -> Case:
    """Open a case for a person of the actor's team: `details` are the Case fields the form edits."""
    case = Case(person=person, team=person.team, responsible=responsible, **details)
    case.full_clean()
    case.save()
    _set_needs(case, needs)
    record_event(case=case, actor=actor, kind=EventKind.CASE_OPENED, occurred_on=case.opened_on)
    notices.case_assigned(case=case, actor=actor)
    return case


@transaction.atomic
def update_case(*, case: Case, actor, version: int | None, needs: Needs, **details) -> Case:
    """Save a case's details and needs, or raise StaleRecord if someone saved it since `version`."""
    # Compare with the row as stored (a bound ModelForm has already copied the input onto `case`).
    case = Case.objects.select_for_update().get(pk=case.pk)
    claim_version(case, version)
    changed = [name for name, value in details.items() if getattr(case, name) != value]
    for name, value in details.items():
        setattr(case, name, value)
    case.full_clean()
    case.save()
    changed += _set_needs(case, needs)
    if changed:
        record_event(case=case, actor=actor, kind=EventKind.CASE_UPDATED, fields=sorted(changed))
    if "responsible" in changed:
        notices.case_assigned(case=case, actor=actor)
    return case


@transaction.atomic
def register_person_and_open_case(*, person: Mapping, case: Mapping, needs: Needs, team, actor) -> Case:
    """Register a person and open their case in one step (from a community hook-up)."""
    new_person = Person(team=team, **person)
    new_person.full_clean()
    new_person.save()
    return open_case(person=new_person, actor=actor, needs=needs, **case)


@transaction.atomic
def change_case_status(*, case: Case, to_status: str, actor, occurred_on: date, reason: str = "") -> Case:
    # Lock the row and decide on its current status: two people closing the same case at once must
    # not both succeed (the second sees it closed and is refused).
    case = Case.objects.select_for_update().get(pk=case.pk)
    _refuse_future(occurred_on)
    if to_status not in CASE_TRANSITIONS[case.status]:
        raise ValidationError(
            _("A case that is %(current)s cannot become %(new)s.")
            % {"current": case.get_status_display().lower(), "new": CaseStatus(to_status).label.lower()},
            code="impossible_transition",
        )
    if to_status == CaseStatus.CLOSED and not reason.strip():
        raise ValidationError({"reason": ValidationError(_("Say why the case is closed."), code="reason_required")})
    if to_status == CaseStatus.CLOSED and not may_close_directly(case, actor):
        raise ValidationError(
            _("Closing this case needs the coordinator's approval: request the closure instead."),
            code="closure_needs_approval",
        )
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
def create_referral(
    *, case: Case, actor, kind: str, opportunity, liaison=None, prepared_on: date | None = None, **details
) -> Referral:
    """Prepare a referral as a draft; a use of an opportunity goes through its liaison figure by default.

    `prepared_on` is the day the draft was really prepared (default today): the first step of its history.
    """
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("The case is closed: reopen it before referring the person."), code="case_closed")
    prepared_on = prepared_on or timezone.localdate()
    _refuse_future(prepared_on, "prepared_on")
    if kind == ReferralKind.USE and liaison is None:
        liaison = opportunity.liaison
    referral = Referral(
        case=case,
        created_by=actor,
        kind=kind,
        opportunity=opportunity,
        liaison=liaison,
        status_changed_on=prepared_on,
        **details,
    )
    referral.full_clean()
    referral.save()
    Transition.objects.create(
        referral=referral, from_status="", to_status=ReferralStatus.DRAFT, occurred_on=prepared_on, actor=actor
    )
    record_event(
        case=case,
        actor=actor,
        kind=EventKind.REFERRAL_CREATED,
        occurred_on=prepared_on,
        referral=referral,
        kind_code=referral.kind,
        title=opportunity.title,
        organisation=opportunity.organisation.name,
    )
    return referral


@transaction.atomic
def transition_referral(
    *,
    referral: Referral,
    to_status: str,
    occurred_on: date,
    actor=None,
    contact=None,
    note: str = "",
    starts_on: date | None = None,
    decline_category: str = "",
) -> Referral:
    """Move a referral one step along its lifecycle, or refuse with a reason the user can act on.

    The step is taken by a worker (`actor`) or by the receiving organisation's `contact` (from a link,
    or from the partner portal with the partner's account as `actor` too): it is attributed to them in
    the referral's history and on the case timeline.
    """
    if actor is None and contact is None:
        raise ValueError("A referral moves by someone: give the actor or the partner's contact.")
    # Lock the row: two people answering the same referral at once (two workers, or two partners from
    # their links) must not both succeed: the second decides on the stored state and is refused.
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("case__person", "case__responsible", "opportunity__organisation")
        .get(pk=referral.pk)
    )
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
                    % {"date": date_format(referral.status_changed_on, "SHORT_DATE_FORMAT")},
                    code="date_before_previous",
                )
            }
        )
    if to_status == ReferralStatus.SENT:
        _refuse_without_consent(referral)
    if to_status == ReferralStatus.DECLINED and not note.strip() and not decline_category:
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
        referral.decline_reason, referral.decline_category = note, decline_category
        update_fields += ["decline_reason", "decline_category"]
    if to_status == ReferralStatus.ACCEPTED and starts_on is not None:
        referral.starts_on = starts_on
        update_fields.append("starts_on")
    if to_status == ReferralStatus.COMPLETED:
        referral.outcome = note
        update_fields.append("outcome")
    referral.version += 1
    referral.save(update_fields=update_fields)
    Transition.objects.create(
        referral=referral,
        from_status=previous,
        to_status=to_status,
        occurred_on=occurred_on,
        actor=actor,
        contact=contact,
        note=note,
    )
    record_event(
        case=referral.case,
        actor=actor,
        contact=contact,
        kind=EventKind.REFERRAL_STATUS,
        occurred_on=occurred_on,
        referral=referral,
        title=referral.opportunity.title,
        text=note,
        **{"from": previous, "to": to_status},
    )
    notices.referral_moved(referral=referral, actor=actor, contact=contact)
    listeners.referral_moved(referral=referral, previous=previous, actor=actor, contact=contact)
    return referral


def _refuse_without_consent(referral: Referral) -> None:
    """A referral goes to an organisation only under a consent in force that covers it."""
    organisation = referral.opportunity.organisation
    if referral.case.sharing_scope_for(organisation) is not None:
        return
    if not Consent.objects.filter(case=referral.case).in_force().exists():
        raise ValidationError(
            _("The person's consent is not recorded on the case: record it before sending the referral."),
            code="consent_missing",
        )
    raise ValidationError(
        _(
            "The person's consent does not cover %(organisation)s: record a consent to share with it before "
            "sending the referral."
        )
        % {"organisation": organisation.name},
        code="consent_missing",
    )


@transaction.atomic
def record_consent(*, case: Case, actor, **details) -> Consent:
    """Record a consent the person gave (to whom, how much, how); it goes on the timeline."""
    consent = Consent(case=case, recorded_by=actor, **details)
    consent.full_clean()
    consent.save()
    _consent_event(consent, actor, EventKind.CONSENT_GIVEN, consent.given_on)
    return consent


@transaction.atomic
def withdraw_consent(*, consent: Consent, actor, withdrawn_on: date) -> Consent:
    """The person takes a consent back: no new referral goes out under it, and the pages partners
    reach from links already sent show the person by initials only."""
    consent = Consent.objects.select_for_update(of=("self",)).select_related("organisation", "plan").get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent is already withdrawn."), code="already_withdrawn")
    _refuse_future(withdrawn_on, "withdrawn_on")
    if withdrawn_on < consent.given_on:
        raise ValidationError(
            {
                "withdrawn_on": ValidationError(
                    _("The date cannot be before the consent was given."), code="date_before_previous"
                )
            }
        )
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on"])
    _consent_event(consent, actor, EventKind.CONSENT_WITHDRAWN, withdrawn_on)
    return consent


def _consent_event(consent: Consent, actor, kind: str, occurred_on: date) -> None:
    whom = {}
    if consent.recipient == ConsentRecipient.ORGANISATION:
        whom["organisation"] = consent.organisation.name
    if consent.recipient == ConsentRecipient.PLAN_PARTNERS:
        # Under "title", which anonymisation blanks like every plan title.
        whom["title"] = consent.plan.title
    record_event(
        case=consent.case,
        actor=actor,
        kind=kind,
        occurred_on=occurred_on,
        recipient=consent.recipient,
        scope=consent.scope,
        **whom,
    )


@transaction.atomic
def create_plan(*, case: Case, actor, **details) -> JointPlan:
    """Start a joint plan as a draft: it becomes active once submitted (and approved, cases.supervision)."""
    plan = JointPlan(case=case, status=PlanStatus.DRAFT, **details)
    plan.full_clean()
    plan.save()
    record_event(
        case=case, actor=actor, kind=EventKind.PLAN_CREATED, occurred_on=plan.started_on, plan=plan, title=plan.title
    )
    return plan


@transaction.atomic
def add_partner(*, plan: JointPlan, actor, **details) -> PlanPartner:
    partner = PlanPartner(plan=plan, **details)
    partner.full_clean()
    partner.save()
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


def objective_event(objective: PlanObjective, actor) -> None:
    plan = objective.plan
    record_event(
        case=plan.case,
        actor=actor,
        kind=EventKind.PLAN_OBJECTIVE,
        plan=plan,
        title=plan.title,
        text=objective.description,
        status=objective.status,
    )


@transaction.atomic
def add_objective(*, plan: JointPlan, actor, **details) -> PlanObjective:
    objective = PlanObjective(plan=plan, **details)
    objective.full_clean()
    objective.save()
    objective_event(objective, actor)
    return objective


@transaction.atomic
def set_objective_status(*, objective: PlanObjective, status: str, actor) -> PlanObjective:
    if objective.is_removed:
        raise ValidationError(_("This was removed from the plan: it can no longer be changed."), code="removed")
    objective.status = status
    objective.full_clean()
    objective.save(update_fields=["status"])
    objective_event(objective, actor)
    return objective


@transaction.atomic
def add_review(*, plan: JointPlan, actor, reviewed_on: date, **details) -> PlanReview:
    _refuse_future(reviewed_on, "reviewed_on")
    review = PlanReview(plan=plan, reviewer=actor, reviewed_on=reviewed_on, **details)
    review.full_clean()
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
def add_meeting(
    *, plan: JointPlan, actor, held_on: date, contacts_present: Iterable = (), workers_present: Iterable = (), **details
) -> CaseMeeting:
    _refuse_future(held_on, "held_on")
    meeting = CaseMeeting(plan=plan, recorded_by=actor, held_on=held_on, **details)
    meeting.full_clean()
    meeting.save()
    contacts, workers = list(contacts_present), list(workers_present)
    meeting.contacts_present.set(contacts)
    meeting.workers_present.set(workers)
    record_event(
        case=plan.case,
        actor=actor,
        kind=EventKind.CASE_MEETING,
        occurred_on=meeting.held_on,
        plan=plan,
        title=plan.title,
        text=meeting.minutes,
        present=len(contacts) + len(workers),
    )
    return meeting
