"""The open Open Referral HSDS 3.0 API: read-only, no login, published records only.

Lists answer the spec's page object (total_items, total_pages, page_number, size, first_page, last_page,
empty, contents) for `page` and `per_page`, and take `modified_after` (an ISO date-time: records changed
on or after it). The JSON comes from territory.hsds, the builders the staff export uses too.
"""

import math
from datetime import datetime

from django.db.models import Prefetch
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from directory.public import public_page
from territory import hsds
from territory.models import Contact, Opportunity, Organisation

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200


class BadRequest(Exception):
    pass


def too_many_requests(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"error": "too many requests"})


def api(view):
    def wrapped(request, *args, **kwargs):
        try:
            return JsonResponse(view(request, *args, **kwargs), json_dumps_params={"ensure_ascii": False})
        except BadRequest as error:
            return JsonResponse({"error": str(error)}, status=400)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return public_page(too_many=too_many_requests)(wrapped)


def _positive(request: HttpRequest, name: str, default: int) -> int:
    raw = request.GET.get(name, "")
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise BadRequest(f"{name} must be a positive integer")
    return int(raw)


def modified_after(request: HttpRequest, queryset, field: str = "updated_at"):
    raw = request.GET.get("modified_after", "").strip()
    if not raw:
        return queryset
    try:
        moment = parse_datetime(raw.replace(" ", "+"))
        if moment is None and (day := parse_date(raw)):
            moment = timezone.make_aware(datetime(day.year, day.month, day.day))  # noqa: DTZ001
    except ValueError:
        moment = None
    if moment is None:
        raise BadRequest("modified_after must be an ISO 8601 date-time")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return queryset.filter(**{f"{field}__gte": moment})


def paged(request: HttpRequest, items, build) -> dict:
    """One page of `items` (a queryset or a list) in the HSDS page object, each item through `build`."""
    per_page = min(_positive(request, "per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE)
    number = _positive(request, "page", 1)
    total = items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
    total_pages = max(1, math.ceil(total / per_page))
    start = (number - 1) * per_page
    contents = [build(item) for item in items[start : start + per_page]] if start < total else []
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": number,
        "size": len(contents),
        "first_page": number == 1,
        "last_page": number >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def _organisations():
    return Organisation.objects.published().select_related("municipality").order_by("name", "pk")


def _services():
    return Opportunity.objects.published().select_related("organisation__municipality").order_by("title", "pk")


@api
def root(request: HttpRequest) -> dict:
    return {"version": "3.0", "profile": "https://docs.openreferral.org/en/3.0/"}


@api
def organization_list(request: HttpRequest) -> dict:
    return paged(request, modified_after(request, _organisations()), hsds.organization)


@api
def organization_detail(request: HttpRequest, uuid) -> dict:
    services = Prefetch("opportunities", queryset=_services(), to_attr="published_services")
    contacts = Prefetch("contacts", queryset=Contact.objects.published(), to_attr="public_contacts")
    org = get_object_or_404(_organisations().prefetch_related(services, contacts), uuid=uuid)
    data = hsds.organization(org)
    data["services"] = [hsds.service(opportunity) for opportunity in org.published_services]
    data["contacts"] = [hsds.contact(person) for person in org.public_contacts]
    data["locations"] = [seat] if (seat := hsds.location(org)) else []
    return data


@api
def service_list(request: HttpRequest) -> dict:
    return paged(request, modified_after(request, _services()), hsds.service)


@api
def service_detail(request: HttpRequest, uuid) -> dict:
    opportunity = get_object_or_404(
        _services().prefetch_related("target_groups", "poverty_dimensions", "areas__parent"), uuid=uuid
    )
    contacts = list(Contact.objects.published().filter(organisation=opportunity.organisation_id))
    return hsds.full_service(opportunity, contacts)


def _service_at_location(opportunity: Opportunity) -> dict:
    return {
        "id": hsds.hsds_id("service_at_location", opportunity.pk),
        "service_id": str(opportunity.uuid),
        "location_id": hsds.hsds_id("location", opportunity.organisation_id),
    }


@api
def service_at_location_list(request: HttpRequest) -> dict:
    """A published service at its organisation's seat, where the seat has an address or coordinates."""
    located = _services().exclude(organisation__address="", organisation__latitude__isnull=True)
    return paged(request, modified_after(request, located), _service_at_location)


@api
def taxonomy_list(request: HttpRequest) -> dict:
    return paged(request, list(hsds.TAXONOMIES), hsds.taxonomy)


@api
def taxonomy_term_list(request: HttpRequest) -> dict:
    return paged(request, hsds.all_taxonomy_terms(), lambda term: term)
