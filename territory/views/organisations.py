"""Organisations and their contacts."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.access import get_visible_or_404
from core.exports import wants_csv
from core.pages import page_of
from territory import services
from territory.exports import organisations_csv
from territory.filters import OrganisationFilter
from territory.forms import ContactForm, OrganisationForm
from territory.lists import organisation_rows
from territory.models import Contact, Opportunity, Organisation, Protocol


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    queryset = (
        Organisation.objects.visible_to(request.user)
        .select_related("municipality")
        .prefetch_related("target_groups", "poverty_dimensions")
    )
    filterset = OrganisationFilter(request.GET, queryset=queryset)
    if wants_csv(request):
        return organisations_csv(filterset.qs)
    page = page_of(filterset.qs.prefetch_related(None), request.GET.get("page"), organisation_rows)
    return render(request, "territory/organisation_list.html", {"filter": filterset, "page": page})


@require_GET
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_visible_or_404(
        request,
        Organisation.objects.select_related("municipality", "verified_by").prefetch_related(
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


@require_POST
@permission_required("territory.change_organisation", raise_exception=True)
def organisation_verify(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_visible_or_404(request, Organisation.objects.all(), pk=pk)
    services.verify_organisation(organisation=organisation, actor=request.user)
    messages.success(request, _("Organisation “%(name)s” marked as verified today.") % {"name": organisation.name})
    return redirect(organisation)


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
    organisation = get_visible_or_404(request, Organisation.objects.all(), pk=pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid() and form.save_unless_stale():
        messages.success(request, _("Organisation “%(name)s” saved.") % {"name": organisation.name})
        return redirect(organisation)
    return render(request, "territory/organisation_form.html", {"form": form, "organisation": organisation})


@require_http_methods(["GET", "POST"])
@permission_required("territory.add_contact", raise_exception=True)
def contact_create(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    organisation = get_visible_or_404(request, Organisation.objects.all(), pk=organisation_pk)
    form = ContactForm(request.POST or None, instance=Contact(organisation=organisation))
    if request.method == "POST" and form.is_valid():
        contact = form.save()
        messages.success(request, _("Contact “%(name)s” added.") % {"name": contact})
        return redirect(organisation)
    return render(request, "territory/contact_form.html", {"form": form, "organisation": organisation})


@require_http_methods(["GET", "POST"])
@permission_required("territory.change_contact", raise_exception=True)
def contact_update(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_visible_or_404(request, Contact.objects.select_related("organisation"), pk=pk)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Contact “%(name)s” saved.") % {"name": contact})
        return redirect(contact.organisation)
    return render(
        request, "territory/contact_form.html", {"form": form, "organisation": contact.organisation, "contact": contact}
    )
