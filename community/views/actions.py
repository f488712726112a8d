from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from audit.access import get_visible_or_404
from cases.forms import CaseForm, PersonForm
from cases.models import Case, Person
from community import services
from community.choices import ActionKind
from community.exports import actions_csv
from community.filters import CommunityActionFilter
from community.forms import CommunityActionForm
from community.lists import action_rows
from community.models import CommunityAction
from core.exports import wants_csv
from core.forms import model_data
from core.pages import page_of
from documents.views import section as documents_section
from territory.forms import ContactForm, OpportunityForm
from territory.models import Contact


def visible_action(request: HttpRequest, pk: int) -> CommunityAction:
    return get_visible_or_404(request, CommunityAction.objects.for_log(), pk=pk)


def visible_hook_up(request: HttpRequest, pk: int) -> CommunityAction:
    return get_visible_or_404(request, CommunityAction.objects.for_log(), pk=pk, kind=ActionKind.HOOK_UP)


@require_GET
def action_log(request: HttpRequest) -> HttpResponse:
    """All invitations, hook-ups and workshops, newest first."""
    filterset = CommunityActionFilter(
        request.GET, queryset=CommunityAction.objects.visible_to(request.user).for_log(), request=request
    )
    if wants_csv(request):
        return actions_csv(filterset.qs)
    page = page_of(filterset.qs.prefetch_related(None), request.GET.get("page"), action_rows)
    return render(request, "community/action_log.html", {"filter": filterset, "page": page})


@require_GET
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = visible_action(request, pk)
    context = {"action": action, "documents": documents_section(action, request.user)}
    return render(request, "community/action_detail.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("community.add_communityaction", raise_exception=True)
def action_create(request: HttpRequest) -> HttpResponse:
    initial = {"kind": request.GET.get("kind", ActionKind.INVITATION), "workers": [request.user.pk]}
    form = CommunityActionForm(
        request.POST or None, initial=initial, instance=CommunityAction(recorded_by=request.user)
    )
    if request.method == "POST" and form.is_valid():
        action = form.save()
        messages.success(request, _("“%(title)s” recorded.") % {"title": action.title})
        return redirect(action)
    return render(request, "community/action_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@permission_required("community.change_communityaction", raise_exception=True)
def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    action = visible_action(request, pk)
    form = CommunityActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("“%(title)s” saved.") % {"title": action.title})
        return redirect(action)
    return render(request, "community/action_form.html", {"form": form, "action": action})


@require_http_methods(["GET", "POST"])
@permission_required("territory.add_contact", raise_exception=True)
def hook_up_to_contact(request: HttpRequest, pk: int) -> HttpResponse:
    """The volunteer or organisation person who came forward becomes a contact of the directory."""
    action = visible_hook_up(request, pk)
    organisation = action.organisations.first()
    if organisation is None:
        messages.error(request, _("Add the organisation to the hook-up first: a contact belongs to an organisation."))
        return redirect(action)
    first, _sep, last = action.offered_by.partition(" ")
    form = ContactForm(
        request.POST or None,
        instance=Contact(organisation=organisation),
        initial={"first_name": first, "last_name": last, "notes": action.notes},
    )
    if request.method == "POST" and form.is_valid():
        services.convert_hook_up_to_contact(action=action, organisation=organisation, **model_data(form))
        messages.success(request, _("Contact created from the hook-up."))
        return redirect(action)
    return render(
        request,
        "community/hook_up_convert.html",
        {"form": form, "action": action, "heading": _("New contact from a hook-up"), "organisation": organisation},
    )


@require_http_methods(["GET", "POST"])
@permission_required("territory.add_opportunity", raise_exception=True)
def hook_up_to_opportunity(request: HttpRequest, pk: int) -> HttpResponse:
    """An availability offered becomes an opportunity people in charge can use."""
    action = visible_hook_up(request, pk)
    initial = {
        "organisation": getattr(action.organisations.first(), "pk", None),
        "title": action.title,
        "description": action.notes,
        "areas": [action.area_id] if action.area_id else [],
    }
    form = OpportunityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.convert_hook_up_to_opportunity(action=action, **model_data(form))
        messages.success(request, _("Opportunity created from the hook-up."))
        return redirect(action)
    return render(
        request,
        "community/hook_up_convert.html",
        {"form": form, "action": action, "heading": _("New opportunity from a hook-up")},
    )


@require_http_methods(["GET", "POST"])
@permission_required("cases.add_case", raise_exception=True)
def hook_up_to_case(request: HttpRequest, pk: int) -> HttpResponse:
    """A request for a person in need becomes a person in charge with an open case, in one step."""
    action = visible_hook_up(request, pk)
    if not request.user.team_id:
        messages.error(request, _("You are not in a team: ask an administrator to add you to one."))
        return redirect(action)
    team = request.user.team
    person_form = PersonForm(
        request.POST or None,
        instance=Person(team=team),
        visible_people=Person.objects.visible_to(request.user),
        prefix="person",
        # Not the hook-up's notes: what was said about the person's situation is not household data to copy.
        initial={"area": action.area_id},
    )
    case_form = CaseForm(
        request.POST or None,
        instance=Case(team=team, responsible=request.user),
        team=team,
        prefix="case",
        initial={"responsible": request.user.pk, "goals": action.follow_up},
    )
    if request.method == "POST" and person_form.is_valid() and case_form.is_valid():
        case = services.convert_hook_up_to_case(
            action=action,
            person=person_form.details(),
            case=case_form.details(),
            needs=case_form.needs(),
            team=team,
            actor=request.user,
        )
        messages.success(request, _("Person registered and case opened from the hook-up."))
        return redirect(case)
    context = {"person_form": person_form, "case_form": case_form, "action": action}
    return render(request, "community/hook_up_to_case.html", context)
