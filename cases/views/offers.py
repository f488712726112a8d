"""The case's suggestions (opportunities and offered availability) and the use of an offer for the case."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.access import get_visible_or_404
from cases.forms import OfferUseForm
from cases.matching import suggest_offers, suggest_opportunities
from cases.models import Case
from cases.offers import record_offer_use
from territory.models import Offer


def suggestions_case(request: HttpRequest, pk: int) -> Case:
    """The case, visible to the user, with what the matching reads."""
    return get_visible_or_404(
        request, Case.objects.select_related("person__area").prefetch_related("needs__dimension"), pk=pk
    )


def render_suggestions(request: HttpRequest, case: Case, use_form: OfferUseForm | None = None) -> HttpResponse:
    offers = Offer.objects.visible_to(request.user)
    context = {
        "case": case,
        "suggestions": [] if case.is_closed else suggest_opportunities(case, limit=15),
        "offers": [] if case.is_closed else suggest_offers(case, offers),
        "use_form": use_form or OfferUseForm(offers=offers),
    }
    return render(request, "cases/case_suggestions.html", context)


@require_POST
@permission_required("cases.add_offeruse", raise_exception=True)
def offer_use_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = suggestions_case(request, pk)
    form = OfferUseForm(request.POST, offers=Offer.objects.visible_to(request.user))
    if form.is_valid():
        try:
            use = record_offer_use(case=case, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Use of “%(title)s” recorded on the case.") % {"title": use.offer.title})
            return redirect("cases:case_suggestions", pk=case.pk)
    return render_suggestions(request, case, use_form=form)
