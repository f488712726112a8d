from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from audit.access import get_visible_or_404
from audit.services import record_export, record_read
from cases.casework_forms import HouseholdMemberForm
from cases.forms import PersonForm
from cases.gdpr import person_dossier, person_rows
from cases.household import HouseholdMember, household_of
from cases.models import Case, Person
from core.pdf import html_to_pdf


@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    people = (
        Person.objects.visible_to(request.user)
        .select_related("area")
        .annotate(case_count=Count("cases"))
        .order_by("last_name", "first_name", "pk")
    )
    query = request.GET.get("q", "").strip()
    for word in query.split():
        people = people.filter(
            Q(last_name__icontains=word) | Q(first_name__icontains=word) | Q(fiscal_code__iexact=word)
        )
    page = Paginator(people, 25).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)  # read here, not by the template's first {% if %}
    return render(request, "cases/person_list.html", {"page": page, "query": query})


@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(request, Person.objects.select_related("area__parent", "team"), pk=pk)
    record_read(person)
    return render_person(request, person)


def render_person(request: HttpRequest, person: Person, household_form=None) -> HttpResponse:
    """The person's page; the household view re-renders it with its bound form when the input is wrong."""
    cases = Case.objects.visible_to(request.user).filter(person=person).select_related("responsible")
    context = {
        "person": person,
        "cases": cases,
        "household": household_of(person),
        "household_form": household_form
        or HouseholdMemberForm(instance=HouseholdMember(person=person), people=Person.objects.visible_to(request.user)),
    }
    return render(request, "cases/person_detail.html", context)


@require_GET
@permission_required("cases.view_person", raise_exception=True)
def person_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Everything about one person (GDPR right of access), as JSON or PDF. Recorded in the audit trail."""
    person = get_visible_or_404(request, Person.objects.select_related("area__parent", "team"), pk=pk)
    dossier = person_dossier(person)
    record_export(person, fmt)
    filename = f"persona-{person.pk}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "json":
        response = JsonResponse(
            dossier, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
    else:
        html = render_to_string(
            "cases/person_dossier_pdf.html", {"dossier": dossier, "person": person, "person_rows": person_rows(dossier)}
        )
        response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
@permission_required("cases.add_person", raise_exception=True)
def person_create(request: HttpRequest) -> HttpResponse:
    if not request.user.team_id:
        messages.error(request, _("You are not in a team: ask an administrator to add you to one."))
        return redirect("cases:case_list")
    visible = Person.objects.visible_to(request.user)
    form = PersonForm(request.POST or None, instance=Person(team=request.user.team), visible_people=visible)
    if request.method == "POST" and form.is_valid():
        person = form.save()
        messages.success(request, _("%(person)s registered.") % {"person": person})
        return redirect(person)
    return render(request, "cases/person_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@permission_required("cases.change_person", raise_exception=True)
def person_update(request: HttpRequest, pk: int) -> HttpResponse:
    visible = Person.objects.visible_to(request.user)
    person = get_visible_or_404(request, Person.objects.all(), pk=pk)
    form = PersonForm(request.POST or None, instance=person, visible_people=visible)
    if request.method == "POST" and form.is_valid() and form.save_unless_stale():
        messages.success(request, _("%(person)s saved.") % {"person": person})
        return redirect(person)
    return render(request, "cases/person_form.html", {"form": form, "person": person})
