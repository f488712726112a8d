"""Pages of the territory directory: organisations, contacts, opportunities, protocols.

The directory is shared by the whole service, so every signed-in user reads all of it; writing
needs the model permissions that the roles grant (accounts.roles).
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from audit.models import Action
from audit.services import record
from core.exports import wants_csv
from territory.exports import opportunities_csv, organisations_csv
from territory.filters import OpportunityFilter, OrganisationFilter
from territory.forms import ContactForm, OpportunityForm, OrganisationForm, ProtocolForm
from territory.hsds import directory
from territory.models import Contact, Opportunity, Organisation, Protocol

PAGE_SIZE = 25


def _page(request: HttpRequest, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


# Organisations


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    queryset = Organisation.objects.select_related("municipality").prefetch_related(
        "target_groups", "poverty_dimensions"
    )
    filterset = OrganisationFilter(request.GET, queryset=queryset)
    if wants_csv(request):
        return organisations_csv(filterset.qs)
    page = _page(request, filterset.qs)
    return render(request, "territory/organisation_list.html", {"filter": filterset, "page": page})


@require_GET
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.select_related("municipality").prefetch_related(
            "areas_served__parent",
            "target_groups",
            "poverty_dimensions",
            "contacts",
            Prefetch("opportunities", queryset=Opportunity.objects.for_list()),
            Prefetch("protocols", queryset=Protocol.objects.prefetch_related("partners")),
        ),
        pk=pk,
    )
    return render(request, "territory/organisation_detail.html", {"organisation": organisation})


@require_http_methods(["GET", "POST"])
@permission_required("territory.add_organisation", raise_exception=True)
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = form.save()
        messages.success(request, _("Organisation “%(name)s” added.") % {"name": organisation.name})
        return redirect(organisation)
    return render(request, "territory/organisation_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@permission_required("territory.change_organisation", raise_exception=True)
def organisation_update(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid() and form.save_unless_stale():
        messages.success(request, _("Organisation “%(name)s” saved.") % {"name": organisation.name})
        return redirect(organisation)
    return render(request, "territory/organisation_form.html", {"form": form, "organisation": organisation})


# Contacts


@require_http_methods(["GET", "POST"])
@permission_required("territory.add_contact", raise_exception=True)
def contact_create(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=organisation_pk)
    form = ContactForm(request.POST or None, instance=Contact(organisation=organisation))
    if request.method == "POST" and form.is_valid():
        contact = form.save()
        messages.success(request, _("Contact “%(name)s” added.") % {"name": contact})
        return redirect(organisation)
    return render(request, "territory/contact_form.html", {"form": form, "organisation": organisation})


@require_http_methods(["GET", "POST"])
@permission_required("territory.change_contact", raise_exception=True)
def contact_update(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.select_related("organisation"), pk=pk)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Contact “%(name)s” saved.") % {"name": contact})
        return redirect(contact.organisation)
    return render(
        request, "territory/contact_form.html", {"form": form, "organisation": contact.organisation, "contact": contact}
    )


# Opportunities


@require_GET
def opportunity_list(request: HttpRequest) -> HttpResponse:
    filterset = OpportunityFilter(request.GET, queryset=Opportunity.objects.for_list())
    if wants_csv(request):
        return opportunities_csv(filterset.qs)
    page = _page(request, filterset.qs)
    return render(request, "territory/opportunity_list.html", {"filter": filterset, "page": page})


@require_GET
def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_object_or_404(Opportunity.objects.for_list().prefetch_related("areas__parent"), pk=pk)
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
    opportunity = get_object_or_404(Opportunity, pk=pk)
    form = OpportunityForm(request.POST or None, instance=opportunity)
    if request.method == "POST" and form.is_valid() and form.save_unless_stale():
        messages.success(request, _("Opportunity “%(title)s” saved.") % {"title": opportunity.title})
        return redirect(opportunity)
    return render(request, "territory/opportunity_form.html", {"form": form, "opportunity": opportunity})


@require_GET
def hsds_export(request: HttpRequest) -> JsonResponse:
    """The whole directory as Open Referral HSDS 3.0 JSON (organizations, services, locations)."""
    response = JsonResponse(directory(), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="rete-hsds.json"'
    return response


# Protocols


@require_GET
def protocol_list(request: HttpRequest) -> HttpResponse:
    page = _page(request, Protocol.objects.prefetch_related("partners"))
    return render(request, "territory/protocol_list.html", {"page": page})


@require_GET
def protocol_detail(request: HttpRequest, pk: int) -> HttpResponse:
    protocol = get_object_or_404(Protocol.objects.prefetch_related("partners__municipality"), pk=pk)
    return render(request, "territory/protocol_detail.html", {"protocol": protocol})


@require_GET
def protocol_document(request: HttpRequest, pk: int) -> FileResponse:
    protocol = get_object_or_404(Protocol, pk=pk)
    if not protocol.document:
        raise Http404
    record(Action.READ, protocol, changes={"document": protocol.document.name})
    return FileResponse(
        protocol.document.open("rb"), as_attachment=True, filename=protocol.document.name.rsplit("/", 1)[-1]
    )


@require_http_methods(["GET", "POST"])
@permission_required("territory.add_protocol", raise_exception=True)
def protocol_create(request: HttpRequest) -> HttpResponse:
    initial = {"partners": request.GET.getlist("partner")}
    form = ProtocolForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        protocol = form.save()
        messages.success(request, _("Protocol “%(title)s” added.") % {"title": protocol.title})
        return redirect(protocol)
    return render(request, "territory/protocol_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@permission_required("territory.change_protocol", raise_exception=True)
def protocol_update(request: HttpRequest, pk: int) -> HttpResponse:
    protocol = get_object_or_404(Protocol, pk=pk)
    form = ProtocolForm(request.POST or None, request.FILES or None, instance=protocol)
    if request.method == "POST" and form.is_valid() and form.save_unless_stale():
        messages.success(request, _("Protocol “%(title)s” saved.") % {"title": protocol.title})
        return redirect(protocol)
    return render(request, "territory/protocol_form.html", {"form": form, "protocol": protocol})
