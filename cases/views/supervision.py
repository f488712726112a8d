"""Supervision: plans submitted and approved or returned, closures requested and decided, the coordinator's list."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.access import get_visible_or_404
from cases import supervision
from cases.casework_forms import APPROVE, ClosureRequestForm, DecisionForm
from cases.models import Case, JointPlan
from cases.supervision import ClosureRequest, is_coordinator_of
from cases.views.cases import render_case
from cases.views.plans import render_plan


@require_GET
def to_approve(request: HttpRequest) -> HttpResponse:
    """The coordinator's list: plans to approve, closures to decide, transfers proposed to the team."""
    context = {
        **{name: list(items) for name, items in supervision.to_approve(request.user).items()},
        "is_coordinator": is_coordinator_of(request.user, request.user.team_id),
    }
    return render(request, "cases/to_approve.html", context)


@require_POST
@permission_required("cases.change_jointplan", raise_exception=True)
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_visible_or_404(request, JointPlan.objects.select_related("case__person"), pk=pk)
    try:
        plan = supervision.submit_plan(plan=plan, actor=request.user)
    except ValidationError as error:
        return render_plan(request, plan, supervision_errors=error.messages)
    if plan.is_submitted:
        messages.success(request, _("Plan submitted: the coordinator is told."))
    else:
        messages.success(request, _("The plan is now active."))
    return redirect(plan)


@require_POST
@permission_required("cases.change_jointplan", raise_exception=True)
def plan_decide(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_visible_or_404(request, JointPlan.objects.select_related("case__person"), pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        decide = supervision.approve_plan if form.cleaned_data["decision"] == APPROVE else supervision.return_plan
        try:
            plan = decide(plan=plan, actor=request.user, comments=form.cleaned_data["comments"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Plan now “%(status)s”.") % {"status": plan.get_status_display()})
            return redirect(plan)
    return render_plan(request, plan, decision_form=form)


@require_POST
@permission_required("cases.change_case", raise_exception=True)
def closure_request(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_visible_or_404(request, Case.objects.all(), pk=pk)
    form = ClosureRequestForm(request.POST)
    if form.is_valid():
        try:
            supervision.request_closure(case=case, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Closure requested: the coordinator is told."))
            return redirect(case)
    return render_case(request, case, closure_form=form)


@require_POST
@permission_required("cases.change_case", raise_exception=True)
def closure_decide(request: HttpRequest, pk: int) -> HttpResponse:
    closure = get_visible_or_404(request, ClosureRequest.objects.select_related("case"), pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        decide = supervision.approve_closure if form.cleaned_data["decision"] == APPROVE else supervision.return_closure
        try:
            decide(request=closure, actor=request.user, comments=form.cleaned_data["comments"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Answer recorded: the worker is told."))
            return redirect(closure.case)
    return render_case(request, closure.case, closure_decision_form=form)
