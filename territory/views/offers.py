"""The register of offered availability: list, detail, create, edit, withdraw."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.access import get_visible_or_404
from territory.filters import OfferFilter
from territory.forms import OfferForm
from territory.models import Offer
from territory.offers import UNUSED_AFTER, withdraw_offer
from territory.views.common import page_of


@require_GET
def offer_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    offers = Offer.objects.visible_to(request.user).for_list().with_use(today)
    filterset = OfferFilter(request.GET, queryset=offers)
    page = page_of(request, filterset.qs)
    context = {"filter": filterset, "page": page, "today": today, "unused_days": UNUSED_AFTER.days}
    return render(request, "territory/offer_list.html", context)


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
