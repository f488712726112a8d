from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.services import get_or_404_audited, record_read
from cases import services
from cases.forms import (
    CaseMeetingForm,
    JointPlanForm,
    ObjectiveStatusForm,
    PlanObjectiveForm,
    PlanPartnerForm,
    PlanReviewForm,
)
from cases.models import CaseMeeting, JointPlan, PlanObjective, PlanPartner, PlanReview
from cases.views.cases import visible_case


def visible_plan(request: HttpRequest, pk: int) -> JointPlan:
    return get_or_404_audited(JointPlan.objects.visible_to(request.user).select_related("case__person"), pk=pk)


def render_plan(request: HttpRequest, plan: JointPlan, **forms) -> HttpResponse:
    """The plan page; POST views re-render it with their bound form when the input is wrong."""
    plan = (
        JointPlan.objects.select_related("case__person")
        .prefetch_related(
            Prefetch("partners", queryset=PlanPartner.objects.select_related("organisation", "contact")),
            "objectives",
            Prefetch("reviews", queryset=PlanReview.objects.select_related("reviewer")),
            Prefetch(
                "meetings",
                queryset=CaseMeeting.objects.prefetch_related("contacts_present", "workers_present"),
            ),
        )
        .get(pk=plan.pk)
    )
    context = {
        "plan": plan,
        "partner_form": forms.get("partner_form") or PlanPartnerForm(),
        "objective_form": forms.get("objective_form") or PlanObjectiveForm(),
        "review_form": forms.get("review_form") or PlanReviewForm(),
    }
    return render(request, "cases/plan_detail.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("cases.add_jointplan", raise_exception=True)
def plan_create(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = visible_case(request, case_pk)
    form = JointPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = services.create_plan(form=form, case=case, actor=request.user)
        messages.success(request, _("Joint plan started: add its partners and objectives."))
        return redirect(plan)
    return render(request, "cases/plan_form.html", {"form": form, "case": case})


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = visible_plan(request, pk)
    record_read(plan)
    return render_plan(request, plan)


def _add_to_plan(request: HttpRequest, pk: int, form_class, service, form_name: str, done: str) -> HttpResponse:
    """Bind a plan sub-form, call its service, and come back to the plan page."""
    plan = visible_plan(request, pk)
    model = form_class._meta.model
    form = form_class(request.POST, instance=model(plan=plan))
    if form.is_valid():
        try:
            service(form=form, plan=plan, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect(plan)
    return render_plan(request, plan, **{form_name: form})


@require_POST
@permission_required("cases.change_jointplan", raise_exception=True)
def partner_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _add_to_plan(request, pk, PlanPartnerForm, services.add_partner, "partner_form", _("Partner added."))


@require_POST
@permission_required("cases.change_jointplan", raise_exception=True)
def objective_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _add_to_plan(request, pk, PlanObjectiveForm, services.add_objective, "objective_form", _("Objective added."))


@require_POST
@permission_required("cases.change_jointplan", raise_exception=True)
def review_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _add_to_plan(request, pk, PlanReviewForm, services.add_review, "review_form", _("Review recorded."))


@require_POST
@permission_required("cases.change_jointplan", raise_exception=True)
def objective_status(request: HttpRequest, pk: int) -> HttpResponse:
    objective = get_object_or_404(
        PlanObjective.objects.filter(plan__in=JointPlan.objects.visible_to(request.user)).select_related("plan__case"),
        pk=pk,
    )
    form = ObjectiveStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status for the objective."))
        return redirect(objective.plan)
    services.set_objective_status(objective=objective, status=form.cleaned_data["status"], actor=request.user)
    messages.success(request, _("Objective updated."))
    return redirect(objective.plan)


@require_http_methods(["GET", "POST"])
@permission_required("cases.change_jointplan", raise_exception=True)
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = visible_plan(request, pk)
    form = CaseMeetingForm(request.POST or None, instance=CaseMeeting(plan=plan), plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_meeting(form=form, plan=plan, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Case meeting recorded."))
            return redirect(plan)
    return render(request, "cases/meeting_form.html", {"form": form, "plan": plan})
