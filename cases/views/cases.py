from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.models import Action
from audit.services import get_or_404_audited, record, record_read
from cases import services
from cases.choices import CaseStatus
from cases.exports import cases_csv
from cases.filters import CaseFilter
from cases.forms import CaseForm, CaseStatusForm, NoteForm
from cases.matching import suggest_opportunities
from cases.models import Case, CaseEvent, JointPlan, Person, Referral
from core.exports import wants_csv


def visible_case(request: HttpRequest, pk: int, queryset=None) -> Case:
    # `is None`, not `or`: the truth value of a queryset would load every case.
    base = Case.objects.all() if queryset is None else queryset
    return get_or_404_audited(base.visible_to(request.user), pk=pk)


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """The team's cases, the user's own first: "my cases" is the default filter."""
    data = request.GET.copy()
    data.setdefault("mine", "true")
    filterset = CaseFilter(data, queryset=Case.objects.visible_to(request.user).for_list(), request=request)
    if wants_csv(request):
        record(Action.EXPORT, model=Case, object_id="list", changes={"format": "csv", "query": request.GET.urlencode()})
        return cases_csv(filterset.qs)
    page = Paginator(filterset.qs, 25).get_page(request.GET.get("page"))
    return render(request, "cases/case_list.html", {"filter": filterset, "page": page})


@require_GET
def follow_ups(request: HttpRequest) -> HttpResponse:
    """Referral follow-ups and plan reviews due by the end of this week, overdue ones included."""
    today = timezone.localdate()
    end_of_week = today + timedelta(days=6 - today.weekday())
    referrals = (
        Referral.objects.visible_to(request.user)
        .open()
        .filter(follow_up_on__lte=end_of_week)
        .for_list()
        .order_by("follow_up_on")
    )
    plans = (
        JointPlan.objects.visible_to(request.user)
        .filter(status="active", next_review_on__lte=end_of_week)
        .select_related("case__person")
        .order_by("next_review_on")
    )
    if request.GET.get("mine", "true") == "true":
        referrals = referrals.filter(case__responsible=request.user)
        plans = plans.filter(case__responsible=request.user)
    context = {"referrals": referrals, "plans": plans, "today": today, "end_of_week": end_of_week}
    return render(request, "cases/follow_ups.html", context)


def render_case(request: HttpRequest, case: Case, **forms) -> HttpResponse:
    """The case page; POST views re-render it with their bound form when the input is wrong."""
    case = (
        Case.objects.select_related("person__area", "responsible", "team")
        .prefetch_related(
            "needs__dimension",
            Prefetch("referrals", queryset=Referral.objects.select_related("opportunity__organisation", "liaison")),
            Prefetch("joint_plans", queryset=JointPlan.objects.prefetch_related("partners__organisation")),
            Prefetch("events", queryset=CaseEvent.objects.select_related("actor")),
        )
        .get(pk=case.pk)
    )
    context = {
        "case": case,
        "status_form": forms.get("status_form") or CaseStatusForm(),
        "note_form": forms.get("note_form") or NoteForm(),
    }
    return render(request, "cases/case_detail.html", context)


@require_GET
def case_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    """Opportunities that fit the case: a page of its own, since ranking the whole offer takes time."""
    case = visible_case(request, pk, Case.objects.select_related("person__area").prefetch_related("needs__dimension"))
    suggestions = suggest_opportunities(case, limit=15) if case.status != CaseStatus.CLOSED else []
    return render(request, "cases/case_suggestions.html", {"case": case, "suggestions": suggestions})


@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = visible_case(request, pk)
    record_read(case)
    return render_case(request, case)


@require_http_methods(["GET", "POST"])
@permission_required("cases.add_case", raise_exception=True)
def case_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=person_pk)
    case = Case(person=person, team=person.team, responsible=request.user)
    form = CaseForm(request.POST or None, instance=case, team=person.team)
    if request.method == "POST" and form.is_valid():
        case = services.save_case(form=form, actor=request.user)
        messages.success(request, _("Case opened."))
        return redirect(case)
    return render(request, "cases/case_form.html", {"form": form, "person": person})


@require_http_methods(["GET", "POST"])
@permission_required("cases.change_case", raise_exception=True)
def case_update(request: HttpRequest, pk: int) -> HttpResponse:
    case = visible_case(request, pk, Case.objects.select_related("person"))
    form = CaseForm(request.POST or None, instance=case, team=case.team)
    if request.method == "POST" and form.is_valid() and services.save_case(form=form, actor=request.user):
        messages.success(request, _("Case saved."))
        return redirect(case)
    return render(request, "cases/case_form.html", {"form": form, "person": case.person, "case": case})


@require_POST
@permission_required("cases.change_case", raise_exception=True)
def case_status(request: HttpRequest, pk: int) -> HttpResponse:
    case = visible_case(request, pk)
    form = CaseStatusForm(request.POST)
    if form.is_valid():
        try:
            services.change_case_status(case=case, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Case status changed to “%(status)s”.") % {"status": case.get_status_display()})
            return redirect(case)
    return render_case(request, case, status_form=form)


@require_POST
@permission_required("cases.change_case", raise_exception=True)
def note_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = visible_case(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.add_note(case=case, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Note added."))
            return redirect(case)
    return render_case(request, case, note_form=form)
