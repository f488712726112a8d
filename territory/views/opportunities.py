"""Opportunities, and the directory as Open Referral HSDS."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.access import get_visible_or_404
from core.exports import wants_csv
from core.pages import page_of
from territory import services
from territory.exports import opportunities_csv
from territory.filters import OpportunityFilter
from territory.forms import OpportunityForm
from territory.hsds import directory
from territory.lists import opportunity_rows
from territory.models import Opportunity


@require_GET
def opportunity_list(request: HttpRequest) -> HttpResponse:
    filterset = OpportunityFilter(request.GET, queryset=Opportunity.objects.visible_to(request.user).for_list())
    if wants_csv(request):
        return opportunities_csv(filterset.qs)
    # The page's rows without the CSV's related records: opportunity_rows reads the few it shows.
    rows = filterset.qs.prefetch_related(None).select_related(None)
    page = page_of(rows, request.GET.get("page"), opportunity_rows)
    return render(request, "territory/opportunity_list.html", {"filter": filterset, "page": page})


@require_GET
def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_visible_or_404(
        request, Opportunity.objects.for_list().select_related("verified_by").prefetch_related("areas__parent"), pk=pk
    )
    return render(request, "territory/opportunity_detail.html", {"opportunity": opportunity})


@require_http_methods(["GET", "POST"])
@permission_required("territory.add_opportunity", raise_exception=True)
def opportunity_create(request: HttpRequest) -> HttpResponse:
    initial = {"organisation": request.GET.get("organisation")}
    form = OpportunityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        opportunity = form.save()
        messages.success(request, _("Opportunity “%(title)s” added.") % {"title": opportunity.title})
        return redirect(opportunity)
    return render(request, "territory/opportunity_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@permission_required("territory.change_opportunity", raise_exception=True)
def opportunity_update(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_visible_or_404(request, Opportunity.objects.all(), pk=pk)
    form = OpportunityForm(request.POST or None, instance=opportunity)
    if request.method == "POST" and form.is_valid() and form.save_unless_stale():
        messages.success(request, _("Opportunity “%(title)s” saved.") % {"title": opportunity.title})
        return redirect(opportunity)
    return render(request, "territory/opportunity_form.html", {"form": form, "opportunity": opportunity})


@require_POST
@permission_required("territory.change_opportunity", raise_exception=True)
def opportunity_verify(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_visible_or_404(request, Opportunity.objects.all(), pk=pk)
    services.verify_opportunity(opportunity=opportunity, actor=request.user)
    messages.success(request, _("Opportunity “%(title)s” marked as verified today.") % {"title": opportunity.title})
    return redirect(opportunity)


@require_GET
@permission_required("territory.view_organisation", raise_exception=True)
def hsds_export(request: HttpRequest) -> JsonResponse:
    """The whole directory as Open Referral HSDS 3.0 JSON (organizations, services, locations)."""
    response = JsonResponse(directory(), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="rete-hsds.json"'
    return response
