"""The staff API (/api/v1/), built on django-ninja.

Why django-ninja rather than Django REST framework: the API is small and read mostly, and ninja builds
its OpenAPI 3.1 schema from type hints and pydantic schemas, so the schema Schemathesis tests is the
code itself, not a second description to keep in step; its operations are plain typed functions, as
our views are (STYLE-ANCHORS: function views, no class hierarchies), and it brings no serializer
layer that would duplicate the forms' validation: writes go through the directory's own forms
(api.writes). DRF's browsable API, viewsets and permission classes would be a second way of doing
what audit.access, `visible_to` and the forms already do.

Updates are POSTs to the record's address: the site refuses PUT, PATCH and DELETE before any view
runs (core.security), and a payload names only the fields to change.
"""

from datetime import date

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Router
from ninja.errors import ValidationError as NinjaValidationError

from api import schemas as s
from api.auth import TokenAuth
from api.writes import Invalid, bound_form, require_perm, save
from audit.access import get_visible_or_404
from community.models import CommunityAction
from indicators import figures
from indicators.forms import IndicatorFilterForm
from territory.forms import ContactForm, OpportunityForm, OrganisationForm
from territory.models import Contact, Opportunity, Organisation

PAGE_SIZE = 25
PageNumber = Query(1, ge=1, le=100_000, description="The page of results, 25 per page.")

READ = {200: None, 401: s.Error, 404: s.Error, 422: s.ValidationErrors}
LIST = {200: None, 401: s.Error, 422: s.ValidationErrors}
WRITE = {200: None, 400: s.Error, 401: s.Error, 403: s.Error, 404: s.Error, 409: s.Error, 422: s.ValidationErrors}

api = NinjaAPI(
    title="Rete staff API",
    version="1",
    description="The directory, the community log and the indicators, for the service's own tools. "
    "Authenticate with `Authorization: Bearer <token>`: create a token on your page of API tokens.",
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url="/docs/",
    openapi_url="/openapi.json",
)


@api.exception_handler(NinjaValidationError)
def invalid_request(request: HttpRequest, exc: NinjaValidationError):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(".".join(str(part) for part in error.get("loc", ())), []).append(error.get("msg", ""))
    return api.create_response(request, {"detail": _("The input is not valid."), "errors": errors}, status=422)


@api.exception_handler(Invalid)
def refused_by_form(request: HttpRequest, exc: Invalid):
    return api.create_response(request, {"detail": _("The input is not valid."), "errors": exc.errors}, status=422)


def responses(codes: dict, schema) -> dict:
    return {code: schema if value is None else value for code, value in codes.items()}


def paged(queryset, page: int, serialize) -> dict:
    current = Paginator(queryset, PAGE_SIZE).get_page(page)
    return {
        "count": current.paginator.count,
        "page": current.number,
        "pages": current.paginator.num_pages,
        "results": [serialize(obj) for obj in current.object_list],
    }


# Directory -------------------------------------------------------------------------------------------

directory = Router(tags=["directory"])


def organisation_out(org: Organisation) -> dict:
    return {
        **{name: getattr(org, name) for name in s.OrganisationOut.model_fields if hasattr(org, name)},
        "latitude": float(org.latitude) if org.latitude is not None else None,
        "longitude": float(org.longitude) if org.longitude is not None else None,
        "areas_served": [area.pk for area in org.areas_served.all()],
        "target_groups": [group.code for group in org.target_groups.all()],
        "poverty_dimensions": [dimension.code for dimension in org.poverty_dimensions.all()],
    }


def _organisations():
    return Organisation.objects.prefetch_related("areas_served", "target_groups", "poverty_dimensions")


@directory.get("/organisations", response=responses(LIST, s.OrganisationPage))
def organisation_list(request: HttpRequest, page: int = PageNumber):
    return paged(_organisations().visible_to(request.user), page, organisation_out)


@directory.get("/organisations/{pk}", response=responses(READ, s.OrganisationOut))
def organisation_detail(request: HttpRequest, pk: s.Id):
    return organisation_out(get_visible_or_404(request, _organisations(), pk=pk))


@directory.post("/organisations", response=responses(WRITE, s.OrganisationOut))
def organisation_create(request: HttpRequest, payload: s.OrganisationIn):
    require_perm(request.user, "territory.add_organisation")
    form = bound_form(OrganisationForm, payload.dict(exclude_unset=True), Organisation())
    return organisation_out(save(form))


@directory.post("/organisations/{pk}", response=responses(WRITE, s.OrganisationOut))
def organisation_update(request: HttpRequest, pk: s.Id, payload: s.OrganisationIn):
    require_perm(request.user, "territory.change_organisation")
    organisation = get_visible_or_404(request, Organisation.objects.all(), pk=pk)
    return organisation_out(save(bound_form(OrganisationForm, payload.dict(exclude_unset=True), organisation)))


def contact_out(contact: Contact) -> dict:
    return {name: getattr(contact, name) for name in s.ContactOut.model_fields}


@directory.get("/contacts", response=responses(LIST, s.ContactPage))
def contact_list(request: HttpRequest, page: int = PageNumber):
    return paged(Contact.objects.visible_to(request.user).order_by("pk"), page, contact_out)


@directory.get("/contacts/{pk}", response=responses(READ, s.ContactOut))
def contact_detail(request: HttpRequest, pk: s.Id):
    return contact_out(get_visible_or_404(request, Contact.objects.all(), pk=pk))


@directory.post("/organisations/{pk}/contacts", response=responses(WRITE, s.ContactOut))
def contact_create(request: HttpRequest, pk: s.Id, payload: s.ContactIn):
    require_perm(request.user, "territory.add_contact")
    organisation = get_visible_or_404(request, Organisation.objects.all(), pk=pk)
    form = bound_form(ContactForm, payload.dict(exclude_unset=True), Contact(organisation=organisation))
    return contact_out(save(form))


@directory.post("/contacts/{pk}", response=responses(WRITE, s.ContactOut))
def contact_update(request: HttpRequest, pk: s.Id, payload: s.ContactIn):
    require_perm(request.user, "territory.change_contact")
    contact = get_visible_or_404(request, Contact.objects.all(), pk=pk)
    return contact_out(save(bound_form(ContactForm, payload.dict(exclude_unset=True), contact)))


def opportunity_out(opportunity: Opportunity) -> dict:
    return {
        **{name: getattr(opportunity, name) for name in s.OpportunityOut.model_fields if hasattr(opportunity, name)},
        "areas": [area.pk for area in opportunity.areas.all()],
        "target_groups": [group.code for group in opportunity.target_groups.all()],
        "poverty_dimensions": [dimension.code for dimension in opportunity.poverty_dimensions.all()],
    }


def _opportunities():
    return Opportunity.objects.prefetch_related("areas", "target_groups", "poverty_dimensions")


@directory.get("/opportunities", response=responses(LIST, s.OpportunityPage))
def opportunity_list(request: HttpRequest, page: int = PageNumber):
    return paged(_opportunities().visible_to(request.user), page, opportunity_out)


@directory.get("/opportunities/{pk}", response=responses(READ, s.OpportunityOut))
def opportunity_detail(request: HttpRequest, pk: s.Id):
    return opportunity_out(get_visible_or_404(request, _opportunities(), pk=pk))


@directory.post("/opportunities", response=responses(WRITE, s.OpportunityOut))
def opportunity_create(request: HttpRequest, payload: s.OpportunityIn):
    require_perm(request.user, "territory.add_opportunity")
    return opportunity_out(save(bound_form(OpportunityForm, payload.dict(exclude_unset=True), Opportunity())))


@directory.post("/opportunities/{pk}", response=responses(WRITE, s.OpportunityOut))
def opportunity_update(request: HttpRequest, pk: s.Id, payload: s.OpportunityIn):
    require_perm(request.user, "territory.change_opportunity")
    opportunity = get_visible_or_404(request, Opportunity.objects.all(), pk=pk)
    return opportunity_out(save(bound_form(OpportunityForm, payload.dict(exclude_unset=True), opportunity)))


# Community log and indicators ------------------------------------------------------------------------

community = Router(tags=["community"])


def action_out(action: CommunityAction) -> dict:
    return {
        **{name: getattr(action, name) for name in s.CommunityActionOut.model_fields if hasattr(action, name)},
        "organisations": [organisation.pk for organisation in action.organisations.all()],
    }


@community.get("/community-actions", response=responses(LIST, s.CommunityActionPage))
def community_action_list(request: HttpRequest, page: int = PageNumber):
    actions = CommunityAction.objects.visible_to(request.user).prefetch_related("organisations")
    return paged(actions, page, action_out)


indicators = Router(tags=["indicators"])


@indicators.get("/indicators", response=responses({**LIST, 403: s.Error}, s.Indicators))
def indicator_figures(
    request: HttpRequest,
    start: Query[date | None] = None,
    end: Query[date | None] = None,
    area: Query[s.Id | None] = None,
):
    """The dashboard's main figures for a period (the last four quarters by default) and an area."""
    require_perm(request.user, "indicators.view_indicators")
    form = IndicatorFilterForm({"start": start or "", "end": end or "", "area": area or ""})
    if not form.is_valid():
        raise Invalid({name: [str(m) for m in messages] for name, messages in form.errors.items()})
    filters = form.filters()
    return {
        "start": filters.period.start,
        "end": filters.period.end,
        "area_id": filters.area.pk if filters.area else None,
        "actions_by_month": figures.actions_by_month(filters),
        "bonds_by_month": figures.bonds_by_month(filters),
        "referral_answers": figures.referral_answers(filters),
        "referral_outcomes": figures.referral_outcomes(filters),
    }


api.add_router("/", directory)
api.add_router("/", community)
api.add_router("/", indicators)
