"""Supervision of case work by the team's coordinator: joint plans and case closures are approved.

A joint plan goes draft → submitted → approved (active) or returned with comments, and a returned plan
is submitted again; only a coordinator of the case's team decides, never on a plan they submitted
themselves. Closing a case is requested by the worker and approved (or returned) by the coordinator. A
team may work without either approval (accounts.Team.plans_need_approval, closures_need_approval); a
coordinator closes their team's cases directly.

The rules live here once, next to the services that enforce them; pages ask them (`plan_moves_for`,
`may_close_directly`) instead of comparing statuses and roles in templates.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import COORDINATOR, role_names
from cases.choices import CaseStatus, EventKind, PlanStatus
from cases.models import Case, CaseRecordQuerySet, JointPlan
from notifications.kinds import Kind
from notifications.services import notify
from notifications.wording import choice


def is_coordinator_of(user, team_id: int | None) -> bool:
    """True for an active user in the coordinator role who belongs to that team."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or team_id is None:
        return False
    return user.team_id == team_id and COORDINATOR in role_names(user)


def coordinators_of(team_id: int):
    return get_user_model().objects.filter(team_id=team_id, is_active=True, groups__name=COORDINATOR)


def _refuse(message: str, code: str, field: str | None = None):
    error = ValidationError(message, code=code)
    raise ValidationError({field: error}) if field else error


def _about(case: Case) -> dict:
    return {"case": case.pk, "person": case.person.initials}


def _event(plan_or_case, *, actor, kind: str, text: str = "", occurred_on: date | None = None):
    # Imported here: cases.services imports this module for its rules.
    from cases.services import record_event

    if isinstance(plan_or_case, JointPlan):
        plan = plan_or_case
        return record_event(
            case=plan.case, actor=actor, kind=kind, plan=plan, occurred_on=occurred_on, title=plan.title, text=text
        )
    return record_event(case=plan_or_case, actor=actor, kind=kind, occurred_on=occurred_on, text=text)


# Joint plans


@dataclass(frozen=True)
class PlanMoves:
    """What a user may do with a plan's approval now."""

    submit: bool
    needs_approval: bool
    decide: bool
    # A coordinator looking at their own submission: another coordinator must decide.
    own_submission: bool


def plan_moves_for(plan: JointPlan, user) -> PlanMoves:
    """`plan` with case__team loaded."""
    team = plan.case.team
    coordinator = is_coordinator_of(user, team.pk)
    submitted = plan.status == PlanStatus.SUBMITTED
    return PlanMoves(
        submit=user.has_perm("cases.change_jointplan") and plan.status in (PlanStatus.DRAFT, PlanStatus.RETURNED),
        needs_approval=team.plans_need_approval,
        decide=coordinator and submitted and plan.submitted_by_id != user.pk,
        own_submission=coordinator and submitted and plan.submitted_by_id == user.pk,
    )


def _locked_plan(plan: JointPlan) -> JointPlan:
    return (
        JointPlan.objects.select_for_update(of=("self",))
        .select_related("case__team", "case__person", "submitted_by")
        .get(pk=plan.pk)
    )


def _save_plan(plan: JointPlan, *fields: str) -> None:
    plan.version += 1
    plan.save(update_fields=[*fields, "status", "version", "updated_at"])


@transaction.atomic
def submit_plan(*, plan: JointPlan, actor) -> JointPlan:
    """Submit a draft or returned plan to the coordinator, or make it active where the team needs no approval."""
    plan = _locked_plan(plan)
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.RETURNED):
        _refuse(
            _("A plan that is %(status)s cannot be submitted.") % {"status": plan.get_status_display().lower()},
            "impossible_transition",
        )
    if (
        not plan.partners.filter(removed_on__isnull=True).exists()
        or not plan.objectives.filter(removed_on__isnull=True).exists()
    ):
        _refuse(_("A joint plan needs at least one partner and one objective before it starts."), "plan_incomplete")
    plan.submitted_by, plan.submitted_on = actor, timezone.localdate()
    if plan.case.team.plans_need_approval:
        plan.status = PlanStatus.SUBMITTED
        _save_plan(plan, "submitted_by", "submitted_on")
        _event(plan, actor=actor, kind=EventKind.PLAN_SUBMITTED)
        for coordinator in coordinators_of(plan.case.team_id).exclude(pk=actor.pk):
            notify(user=coordinator, kind=Kind.PLAN_TO_APPROVE, params=_about(plan.case), record=plan)
    else:
        plan.status = PlanStatus.ACTIVE
        _save_plan(plan, "submitted_by", "submitted_on")
        _event(plan, actor=actor, kind=EventKind.PLAN_ACTIVATED)
    return plan


def _check_decider(plan: JointPlan, actor) -> None:
    if plan.status != PlanStatus.SUBMITTED:
        _refuse(
            _("Only a plan submitted for approval can be approved or returned; this one is %(status)s.")
            % {"status": plan.get_status_display().lower()},
            "not_submitted",
        )
    if not is_coordinator_of(actor, plan.case.team_id):
        _refuse(_("Only a coordinator of the team approves or returns joint plans."), "not_coordinator")
    if plan.submitted_by_id == actor.pk:
        _refuse(_("You submitted this plan: another coordinator of the team must decide on it."), "own_plan")


def _tell_submitter(plan: JointPlan, actor) -> None:
    if plan.submitted_by_id and plan.submitted_by_id != actor.pk:
        params = {**_about(plan.case), "outcome": choice("cases.choices.PlanStatus", plan.status)}
        notify(user=plan.submitted_by, kind=Kind.PLAN_DECIDED, params=params, record=plan)


@transaction.atomic
def approve_plan(*, plan: JointPlan, actor, comments: str = "") -> JointPlan:
    plan = _locked_plan(plan)
    _check_decider(plan, actor)
    plan.status = PlanStatus.ACTIVE
    plan.decided_by, plan.decided_on, plan.review_comments = actor, timezone.localdate(), comments
    _save_plan(plan, "decided_by", "decided_on", "review_comments")
    _event(plan, actor=actor, kind=EventKind.PLAN_APPROVED, text=comments)
    _tell_submitter(plan, actor)
    return plan


@transaction.atomic
def return_plan(*, plan: JointPlan, actor, comments: str) -> JointPlan:
    plan = _locked_plan(plan)
    _check_decider(plan, actor)
    if not comments.strip():
        _refuse(_("Say what the plan needs before it can be approved."), "comments_required", "comments")
    plan.status = PlanStatus.RETURNED
    plan.decided_by, plan.decided_on, plan.review_comments = actor, timezone.localdate(), comments
    _save_plan(plan, "decided_by", "decided_on", "review_comments")
    _event(plan, actor=actor, kind=EventKind.PLAN_RETURNED, text=comments)
    _tell_submitter(plan, actor)
    return plan


# Case closures


class ClosureStatus(models.TextChoices):
    PENDING = "pending", gettext_lazy("Waiting for approval")
    APPROVED = "approved", gettext_lazy("Approved")
    RETURNED = "returned", gettext_lazy("Returned with comments")


class ClosureRequest(models.Model):
    """A worker's request to close a case, approved or returned by the team's coordinator."""

    case = models.ForeignKey(
        Case, verbose_name=gettext_lazy("case"), on_delete=models.CASCADE, related_name="closure_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(gettext_lazy("requested at"), auto_now_add=True)
    closes_on = models.DateField(gettext_lazy("closing date"))
    reason = models.TextField(gettext_lazy("why the case is closed"))
    status = models.CharField(
        gettext_lazy("status"), max_length=10, choices=ClosureStatus.choices, default=ClosureStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_on = models.DateField(gettext_lazy("decided on"), null=True, blank=True)
    comments = models.TextField(gettext_lazy("coordinator's comments"), blank=True)

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = gettext_lazy("closure request")
        verbose_name_plural = gettext_lazy("closure requests")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ClosureStatus.values), name="closure_status_valid"),
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="pending"),
                name="closure_request_one_pending",
                violation_error_message=gettext_lazy("The closure of this case is already waiting for approval."),
            ),
        ]

    def __str__(self) -> str:
        return _("Closure request of %(date)s") % {"date": self.closes_on}

    def get_absolute_url(self) -> str:
        return self.case.get_absolute_url()


def may_close_directly(case: Case, user) -> bool:
    """`case` with its team loaded (or one query): a coordinator closes, so does anyone where no approval is needed."""
    return not case.team.closures_need_approval or is_coordinator_of(user, case.team_id)


def pending_closure(case: Case) -> ClosureRequest | None:
    return case.closure_requests.filter(status=ClosureStatus.PENDING).select_related("requested_by").first()


def _refuse_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        _refuse(_("The date cannot be in the future."), "future_date", field)


@transaction.atomic
def request_closure(*, case: Case, actor, closes_on: date, reason: str) -> ClosureRequest:
    case = Case.objects.select_for_update(of=("self",)).select_related("team", "person").get(pk=case.pk)
    if case.is_closed:
        _refuse(_("The case is already closed."), "case_closed")
    if not reason.strip():
        _refuse(_("Say why the case is closed."), "reason_required", "reason")
    _refuse_future(closes_on, "closes_on")
    request = ClosureRequest(case=case, requested_by=actor, closes_on=closes_on, reason=reason)
    request.full_clean()
    request.save()
    _event(case, actor=actor, kind=EventKind.CLOSURE_REQUESTED, text=reason)
    for coordinator in coordinators_of(case.team_id).exclude(pk=actor.pk):
        notify(user=coordinator, kind=Kind.CLOSURE_TO_APPROVE, params=_about(case), record=case)
    return request


def _locked_request(request: ClosureRequest, actor) -> ClosureRequest:
    request = (
        ClosureRequest.objects.select_for_update(of=("self",))
        .select_related("case__team", "case__person", "requested_by")
        .get(pk=request.pk)
    )
    if request.status != ClosureStatus.PENDING:
        _refuse(_("This closure request has already been answered."), "already_decided")
    if not is_coordinator_of(actor, request.case.team_id):
        _refuse(_("Only a coordinator of the team approves the closure of a case."), "not_coordinator")
    return request


def _decide(request: ClosureRequest, actor, status: str, comments: str) -> None:
    request.status, request.decided_by, request.decided_on, request.comments = (
        status,
        actor,
        timezone.localdate(),
        comments,
    )
    request.save(update_fields=["status", "decided_by", "decided_on", "comments"])
    kind = EventKind.CLOSURE_APPROVED if status == ClosureStatus.APPROVED else EventKind.CLOSURE_RETURNED
    _event(request.case, actor=actor, kind=kind, text=comments)
    if request.requested_by_id != actor.pk:
        params = {**_about(request.case), "outcome": choice("cases.supervision.ClosureStatus", status)}
        notify(user=request.requested_by, kind=Kind.CLOSURE_DECIDED, params=params, record=request.case)


@transaction.atomic
def approve_closure(*, request: ClosureRequest, actor, comments: str = "") -> ClosureRequest:
    """Close the case on the requested date, with the worker's reason."""
    from cases.services import change_case_status

    request = _locked_request(request, actor)
    _decide(request, actor, ClosureStatus.APPROVED, comments)
    change_case_status(
        case=request.case,
        to_status=CaseStatus.CLOSED,
        actor=actor,
        occurred_on=request.closes_on,
        reason=request.reason,
    )
    return request


@transaction.atomic
def return_closure(*, request: ClosureRequest, actor, comments: str) -> ClosureRequest:
    request = _locked_request(request, actor)
    if not comments.strip():
        _refuse(_("Say why the case stays open."), "comments_required", "comments")
    _decide(request, actor, ClosureStatus.RETURNED, comments)
    return request


# The coordinator's list


def to_approve(user) -> dict:
    """What waits for this coordinator: plans submitted, closures requested, transfers proposed to the team."""
    from cases.handover import CaseTransfer

    if not is_coordinator_of(user, user.team_id):
        empty = JointPlan.objects.none()
        return {"plans": empty, "closures": ClosureRequest.objects.none(), "transfers": CaseTransfer.objects.none()}
    plans = (
        JointPlan.objects.visible_to(user)
        .filter(status=PlanStatus.SUBMITTED)
        .select_related("case__person", "submitted_by")
        .order_by("submitted_on", "pk")
    )
    closures = (
        ClosureRequest.objects.visible_to(user)
        .filter(status=ClosureStatus.PENDING)
        .exclude(case__status=CaseStatus.CLOSED)
        .select_related("case__person", "requested_by")
        .order_by("requested_at")
    )
    return {"plans": plans, "closures": closures, "transfers": CaseTransfer.objects.incoming(user)}
