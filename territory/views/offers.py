"""The register of offered availability: list, detail, create, edit, withdraw."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.access import get_visible_or_404
from core.exports import csv_response, wants_csv
from core.pages import page_of
from territory.filters import OfferFilter
from territory.forms import OfferForm
from territory.models import Offer
from territory.offers import UNUSED_AFTER, withdraw_offer


@require_GET
def offer_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    offers = Offer.objects.visible_to(request.user).for_list().with_use(today)
    filterset = OfferFilter(request.GET, queryset=offers)
    if wants_csv(request):
        return _offers_csv(filterset.qs, today)
    page = page_of(filterset.qs, request.GET.get("page"))
    context = {"filter": filterset, "page": page, "today": today, "unused_days": UNUSED_AFTER.days}
    return render(request, "territory/offer_list.html", context)


def _offers_csv(offers, today) -> HttpResponse:
    """The filtered register, every row; the volunteers' contacts stay on the pages."""
    header = [
        _("What is offered"),
        _("Offered by"),
        _("Area"),
        _("Poverty dimensions"),
        _("Registered on"),
        _("Available until"),
        _("Withdrawn on"),
        _("Unused for %(days)s days") % {"days": UNUSED_AFTER.days},
    ]
    rows = (
        [
            offer.title,
            offer.offered_by,
            offer.area.label,
            ", ".join(str(dimension) for dimension in offer.poverty_dimensions.all()),
            date_format(offer.registered_on, "SHORT_DATE_FORMAT"),
            date_format(offer.available_until, "SHORT_DATE_FORMAT") if offer.available_until else "",
            date_format(offer.withdrawn_on, "SHORT_DATE_FORMAT") if offer.withdrawn_on else "",
            _("yes") if offer.flagged_unused else "",
        ]
        for offer in offers
    )
    return csv_response("disponibilita", header, rows)


@require_GET
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    offer = get_visible_or_404(request, Offer.objects.for_list().with_use(today), pk=pk)
    # How often, never for whom: the uses belong to cases, seen only by their team.
    context = {"offer": offer, "uses": offer.uses.count(), "today": today, "unused_days": UNUSED_AFTER.days}
    return render(request, "territory/offer_detail.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("territory.add_offer", raise_exception=True)
def offer_create(request: HttpRequest) -> HttpResponse:
    form = OfferForm(request.POST or None, initial={"organisation": request.GET.get("organisation")})
    if request.method == "POST" and form.is_valid():
        form.instance.registered_by = request.user
        offer = form.save()
        messages.success(request, _("Offer “%(title)s” registered.") % {"title": offer.title})
        return redirect(offer)
    return render(request, "territory/offer_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@permission_required("territory.change_offer", raise_exception=True)
def offer_update(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_visible_or_404(request, Offer.objects.all(), pk=pk)
    if offer.is_withdrawn:
        # A withdrawn offer is history: it is kept as it was when withdrawn.
        messages.error(request, _("This offer is withdrawn: it can no longer be changed."))
        return redirect(offer)
    form = OfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid() and form.save_unless_stale():
        messages.success(request, _("Offer “%(title)s” saved.") % {"title": offer.title})
        return redirect(offer)
    return render(request, "territory/offer_form.html", {"form": form, "offer": offer})


@require_POST
@permission_required("territory.change_offer", raise_exception=True)
def offer_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_visible_or_404(request, Offer.objects.all(), pk=pk)
    try:
        withdraw_offer(offer=offer, on=timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Offer “%(title)s” withdrawn.") % {"title": offer.title})
    return redirect(offer)
