"""The Piani di zona: list, plan page with its objectives, and the yearly report (page, PDF, CSV)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from audit.access import get_visible_or_404
from audit.services import record_export
from core.exports import csv_response, wants_csv
from core.forms import model_data
from core.pdf import html_to_pdf
from planning import services
from planning.forms import PlanObjectiveForm, ReportYearForm, ZonePlanForm
from planning.models import PlanObjective, ZonePlan
from planning.report import linked_objectives, yearly_report


def visible_plan(request: HttpRequest, pk: int) -> ZonePlan:
    return get_visible_or_404(request, ZonePlan.objects.select_related("area"), pk=pk)


@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = ZonePlan.objects.visible_to(request.user).select_related("area")
    return render(request, "planning/plan_list.html", {"plans": plans})


def render_plan(request: HttpRequest, plan: ZonePlan, objective_form=None, status: int = 200) -> HttpResponse:
    context = {
        "plan": plan,
        "objectives": linked_objectives(plan),
        "objective_form": objective_form or PlanObjectiveForm(user=request.user),
        "year_form": ReportYearForm(plan=plan),
    }
    return render(request, "planning/plan_detail.html", context, status=status)


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_plan(request, visible_plan(request, pk))


@require_http_methods(["GET", "POST"])
@permission_required("planning.add_zoneplan", raise_exception=True)
def plan_create(request: HttpRequest) -> HttpResponse:
    form = ZonePlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = form.save()
        messages.success(request, _("Piano di zona “%(title)s” created.") % {"title": plan.title})
        return redirect(plan)
    return render(request, "planning/plan_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@permission_required("planning.change_zoneplan", raise_exception=True)
def plan_update(request: HttpRequest, pk: int) -> HttpResponse:
    plan = visible_plan(request, pk)
    form = ZonePlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid() and form.save_unless_stale():
        messages.success(request, _("Piano di zona “%(title)s” saved.") % {"title": plan.title})
        return redirect(plan)
    return render(request, "planning/plan_form.html", {"form": form, "plan": plan})


@require_http_methods(["POST"])
@permission_required("planning.change_zoneplan", raise_exception=True)
def objective_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = visible_plan(request, pk)
    form = PlanObjectiveForm(request.POST, user=request.user, instance=PlanObjective(plan=plan))
    if form.is_valid():
        services.add_objective(plan=plan, **model_data(form))
        messages.success(request, _("Objective added to the plan."))
        return redirect(plan)
    return render_plan(request, plan, objective_form=form)


@require_http_methods(["GET", "POST"])
@permission_required("planning.change_zoneplan", raise_exception=True)
def objective_update(request: HttpRequest, pk: int) -> HttpResponse:
    objective = get_visible_or_404(request, PlanObjective.objects.select_related("plan"), pk=pk)
    form = PlanObjectiveForm(request.POST or None, user=request.user, instance=objective)
    if request.method == "POST" and form.is_valid():
        services.update_objective(objective=objective, **model_data(form))
        messages.success(request, _("Objective saved."))
        return redirect(objective.plan)
    return render(request, "planning/objective_form.html", {"form": form, "objective": objective})


@require_GET
def plan_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The yearly report: a page, a PDF (?format=pdf) and a CSV (?format=csv)."""
    plan = visible_plan(request, pk)
    form = ReportYearForm(request.GET, plan=plan)
    if not form.is_valid():
        messages.error(request, _("Choose a year of the plan's period."))
        return redirect(plan)
    report = yearly_report(plan, form.cleaned_data["year"])
    export = request.GET.get("format")
    if wants_csv(request):
        record_export(plan, "csv")
        return csv_response(report.filename, [_("Section"), _("Item"), _("Value")], report.rows())
    if export == "pdf":
        record_export(plan, "pdf")
        pdf = html_to_pdf(render_to_string("planning/report_pdf.html", {"report": report}))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{report.filename}.pdf"'
        return response
    return render(request, "planning/report.html", {"report": report, "plan": plan, "year_form": form})
