from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.access import get_visible_or_404
from audit.services import record_read
from cases import services
from cases.casework_forms import DecisionForm
from cases.choices import EventKind
from cases.forms import (
    CaseMeetingForm,
    JointPlanForm,
    ObjectiveStatusForm,
    PlanObjectiveForm,
    PlanPartnerForm,
    PlanReviewForm,
)
from cases.models import Case, CaseEvent, CaseMeeting, JointPlan, PlanObjective, PlanPartner, PlanReview
from cases.supervision import plan_moves_for
from documents.models import Document
from documents.views import section as documents_section


def visible_plan(request: HttpRequest, pk: int) -> JointPlan:
    return get_visible_or_404(request, JointPlan.objects.select_related("case__person"), pk=pk)


# The approval steps shown in the plan's history (its other steps are on the case's timeline).
APPROVAL_STEPS = [
    EventKind.PLAN_SUBMITTED,
    EventKind.PLAN_APPROVED,
    EventKind.PLAN_RETURNED,
    EventKind.PLAN_ACTIVATED,
    EventKind.PLAN_CLOSED,
]


def render_plan(request: HttpRequest, plan: JointPlan, supervision_errors=(), **forms) -> HttpResponse:
    """The plan page; POST views re-render it with their bound form when the input is wrong."""
    plan = (
        JointPlan.objects.select_related("case__person", "case__team", "submitted_by", "decided_by")
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
    meetings = list(plan.meetings.all())
    meeting_documents = Document.objects.of_many(meetings)
    for meeting in meetings:
        meeting.document_list = meeting_documents[meeting.pk]
    partners, objectives = list(plan.partners.all()), list(plan.objectives.all())
    context = {
        "plan": plan,
        "partners": [p for p in partners if not p.is_removed],
        "former_partners": [p for p in partners if p.is_removed],
        "objectives": [o for o in objectives if not o.is_removed],
        "removed_objectives": [o for o in objectives if o.is_removed],
        "meetings": meetings,
        "moves": plan_moves_for(plan, request.user),
        "approval_steps": CaseEvent.objects.filter(plan=plan, kind__in=APPROVAL_STEPS).select_related("actor"),
        "supervision_errors": supervision_errors,
        "documents": documents_section(plan, request.user),
        "meeting_documents_may_change": request.user.has_perm("cases.change_jointplan"),
        "partner_form": forms.get("partner_form") or PlanPartnerForm(),
        "objective_form": forms.get("objective_form") or PlanObjectiveForm(),
        "review_form": forms.get("review_form") or PlanReviewForm(),
        "decision_form": forms.get("decision_form") or DecisionForm(),
    }
    return render(request, "cases/plan_detail.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("cases.add_jointplan", raise_exception=True)
def plan_create(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = get_visible_or_404(request, Case.objects.all(), pk=case_pk)
    form = JointPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = services.create_plan(case=case, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Joint plan started: add its partners and objectives."))
        return redirect(plan)
    return render(request, "cases/plan_form.html", {"form": form, "case": case})


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = visible_plan(request, pk)
    record_read(plan)
    return render_plan(request, plan)


def _add_to_plan(request: HttpRequest, pk: int, form_class, service, form_name: str, done: str) -> HttpResponse:
    """Bind a plan sub-form, hand its data to its service, and come back to the plan page."""
    plan = visible_plan(request, pk)
    form = form_class(request.POST, instance=form_class._meta.model(plan=plan))
    if form.is_valid():
        try:
            service(plan=plan, actor=request.user, **form.cleaned_data)
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
    objective = get_visible_or_404(request, PlanObjective.objects.select_related("plan__case"), pk=pk)
    form = ObjectiveStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status for the objective."))
        return redirect(objective.plan)
    try:
        services.set_objective_status(objective=objective, status=form.cleaned_data["status"], actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Objective updated."))
    return redirect(objective.plan)


@require_http_methods(["GET", "POST"])
@permission_required("cases.change_jointplan", raise_exception=True)
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = visible_plan(request, pk)
    form = CaseMeetingForm(request.POST or None, instance=CaseMeeting(plan=plan), plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_meeting(plan=plan, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Case meeting recorded."))
            return redirect(plan)
    return render(request, "cases/meeting_form.html", {"form": form, "plan": plan})
