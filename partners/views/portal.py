"""The partner portal: a partner organisation's referrals, its own listing and the tables it sits on.

Every page starts from the signed-in partner's organisation (partners.scope); anyone else, and any
record outside it, gets 404.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.services import get_or_404_audited, record_read
from community.models import Meeting, MinutesVersion
from partners import scope, services
from partners.forms import ListingForm, PartnerContactForm, PartnerOpportunityForm, ReferralAnswerForm
from partners.pages import for_partner
from partners.views.links import PARTNER_VIEW
from territory.models import Contact, Opportunity


def portal_page(view):
    """The view runs for a partner's account only, with `request.partner` set; 404 for anyone else."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        account = scope.account_of(request.user)
        if account is None:
            raise Http404
        request.partner = account
        return view(request, *args, **kwargs)

    return wrapped


def _referrals(organisation):
    return (
        scope.referrals_for(organisation)
        .select_related(*PARTNER_VIEW)
        .prefetch_related("case__consents__plan__partners")
    )


@require_GET
@portal_page
def home(request: HttpRequest) -> HttpResponse:
    organisation = request.partner.organisation
    referrals = [for_partner(referral) for referral in _referrals(organisation).order_by("-status_changed_on", "-pk")]
    return render(request, "partners/portal_home.html", {"organisation": organisation, "referrals": referrals})


@require_http_methods(["GET", "POST"])
@portal_page
def referral(request: HttpRequest, pk: int) -> HttpResponse:
    account = request.partner
    found = get_or_404_audited(_referrals(account.organisation), pk=pk)
    form = ReferralAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_referral(referral=found, contact=account.contact, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your answer reached the social service."))
            return redirect("portal:referral", pk=found.pk)
    elif request.method == "GET":
        record_read(found)
    # After a refused answer, show the referral as it is now (someone may have answered meanwhile).
    current = found if request.method == "GET" else _referrals(account.organisation).get(pk=found.pk)
    return render(request, "partners/portal_referral.html", {"referral": for_partner(current), "form": form})


@require_GET
@portal_page
def listing(request: HttpRequest) -> HttpResponse:
    organisation = request.partner.organisation
    context = {
        "organisation": organisation,
        "contacts": scope.contacts_of(organisation),
        "opportunities": scope.opportunities_of(organisation).select_related("liaison"),
    }
    return render(request, "partners/portal_listing.html", context)


@require_POST
@portal_page
def listing_verify(request: HttpRequest) -> HttpResponse:
    services.verify_listing(organisation=request.partner.organisation, actor=request.user)
    messages.success(request, _("Thank you: the listing is marked as verified today."))
    return redirect("portal:listing")


@require_http_methods(["GET", "POST"])
@portal_page
def listing_edit(request: HttpRequest) -> HttpResponse:
    organisation = request.partner.organisation
    form = ListingForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid() and form.save_unless_stale():
        messages.success(request, _("Listing saved."))
        return redirect("portal:listing")
    return render(request, "partners/portal_form.html", {"form": form, "heading": _("Your organisation")})


@require_http_methods(["GET", "POST"])
@portal_page
def contact_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    organisation = request.partner.organisation
    contact = get_or_404_audited(scope.contacts_of(organisation), pk=pk) if pk else Contact(organisation=organisation)
    form = PartnerContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Contact “%(name)s” saved.") % {"name": contact})
        return redirect("portal:listing")
    heading = _("Edit contact") if pk else _("New contact")
    return render(request, "partners/portal_form.html", {"form": form, "heading": heading})


@require_http_methods(["GET", "POST"])
@portal_page
def opportunity_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    organisation = request.partner.organisation
    opportunity = (
        get_or_404_audited(scope.opportunities_of(organisation), pk=pk)
        if pk
        else Opportunity(organisation=organisation)
    )
    form = PartnerOpportunityForm(request.POST or None, instance=opportunity, organisation=organisation)
    if request.method == "POST" and form.is_valid() and form.save_unless_stale():
        messages.success(request, _("Opportunity “%(title)s” saved.") % {"title": opportunity.title})
        return redirect("portal:listing")
    heading = _("Edit opportunity") if pk else _("New opportunity")
    return render(request, "partners/portal_form.html", {"form": form, "heading": heading})


@require_GET
@portal_page
def tables(request: HttpRequest) -> HttpResponse:
    organisation = request.partner.organisation
    meetings = Prefetch(
        "meetings",
        queryset=Meeting.objects.prefetch_related(Prefetch("minutes_versions", queryset=MinutesVersion.objects.all())),
    )
    found = scope.tables_for(organisation).select_related("coordinator").prefetch_related(meetings)
    return render(request, "partners/portal_tables.html", {"tables": found})


@require_GET
@portal_page
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_or_404_audited(
        scope.minutes_for(request.partner.organisation).select_related("meeting__table", "sent_by"), pk=pk
    )
    return render(request, "partners/portal_minutes.html", {"version": version, "meeting": version.meeting})
