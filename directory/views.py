"""The public directory: the list and map of published opportunities, and an opportunity's page."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from directory.public import PublicFilterForm, public_page, published_opportunities
from territory.models import Contact

PER_PAGE = 20
# The map shows at most this many opportunities; the filters narrow it.
MAP_LIMIT = 500


def too_many_requests(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/too_many_requests.html")


def map_data(opportunities) -> dict:
    """Markers per organisation seat (opportunities have no address of their own), nothing personal."""
    markers: dict[int, dict] = {}
    for opportunity in opportunities.prefetch_related(None)[:MAP_LIMIT]:
        organisation = opportunity.organisation
        if not organisation.has_coordinates:
            continue
        url = reverse("directory:opportunity", args=[opportunity.uuid])
        marker = markers.setdefault(
            organisation.pk,
            {
                "lat": float(organisation.latitude),
                "lon": float(organisation.longitude),
                "name": organisation.name,
                "kind": organisation.get_kind_display(),
                "url": url,
                "opportunities": [],
            },
        )
        marker["opportunities"].append({"title": opportunity.title, "url": url})
    return {
        "markers": list(markers.values()),
        "tiles": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
    }


@public_page(too_many=too_many_requests)
def opportunity_list(request: HttpRequest) -> HttpResponse:
    form = PublicFilterForm(request.GET or None)
    opportunities = form.filter(published_opportunities())
    page = Paginator(opportunities, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "map_data": map_data(opportunities),
    }
    return render(request, "directory/opportunity_list.html", context)


@public_page(too_many=too_many_requests)
def opportunity_detail(request: HttpRequest, uuid) -> HttpResponse:
    opportunity = get_object_or_404(published_opportunities(), uuid=uuid)
    contacts = Contact.objects.published().filter(organisation=opportunity.organisation_id)
    return render(
        request,
        "directory/opportunity_detail.html",
        {"opportunity": opportunity, "organisation": opportunity.organisation, "contacts": contacts},
    )


@login_not_required
@csrf_exempt
@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """The public pages' language switch: it only sets the language cookie, so it needs no CSRF token, and
    the cached pages carry none."""
    chosen = request.POST.get("language")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) or not target.startswith(
        tuple(settings.PUBLIC_PATH_PREFIXES)
    ):
        target = reverse("directory:list")
    response = redirect(target)
    if chosen in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            chosen,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response
