"""Printed case work: the case summary and the joint plan as a pact to sign. Both are exports, audited."""

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from audit.access import get_visible_or_404
from audit.services import record_export
from cases.household import household_of
from cases.models import Case, CaseEvent, JointPlan, PlanObjective, PlanPartner, Referral
from core.pdf import html_to_pdf
from documents.models import Document


def _pdf(html: str, filename: str) -> HttpResponse:
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def case_summary_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_visible_or_404(
        request,
        Case.objects.select_related("person__area", "responsible", "team").prefetch_related(
            "needs__dimension",
            Prefetch("referrals", queryset=Referral.objects.select_related("opportunity__organisation")),
            Prefetch("joint_plans", queryset=JointPlan.objects.order_by("-started_on")),
            Prefetch("events", queryset=CaseEvent.objects.select_related("actor")),
        ),
        pk=pk,
    )
    record_export(case, "pdf")
    context = {
        "case": case,
        "household": household_of(case.person),
        "documents": Document.objects.of(case).select_related("uploaded_by"),
        "printed_on": timezone.localdate(),
    }
    html = render_to_string("cases/case_summary_pdf.html", context, request=request)
    return _pdf(html, f"caso-{case.pk}-{timezone.localdate():%Y-%m-%d}.pdf")


@require_GET
def plan_pact_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The joint plan as a pact (patto): partners and objectives in force, a signature line for each party."""
    plan = get_visible_or_404(
        request,
        JointPlan.objects.select_related("case__person", "case__responsible", "case__team").prefetch_related(
            Prefetch(
                "partners",
                queryset=PlanPartner.objects.filter(removed_on__isnull=True).select_related("organisation", "contact"),
            ),
            Prefetch("objectives", queryset=PlanObjective.objects.filter(removed_on__isnull=True)),
        ),
        pk=pk,
    )
    record_export(plan, "pact")
    html = render_to_string(
        "cases/plan_pact_pdf.html", {"plan": plan, "printed_on": timezone.localdate()}, request=request
    )
    return _pdf(html, f"patto-{plan.pk}-{timezone.localdate():%Y-%m-%d}.pdf")
