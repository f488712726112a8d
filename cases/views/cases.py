from datetime import timedelta
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.access import get_visible_or_404
from audit.models import Action
from audit.services import record, record_read
from cases import handover, services
from cases.casework_forms import ClosureRequestForm, DecisionForm
from cases.choices import CaseStatus
from cases.exports import cases_csv
from cases.filters import CaseFilter
from cases.forms import CaseForm, CaseStatusForm, ConsentWithdrawForm, NoteForm
from cases.handover import TransferStatus
from cases.household import household_of
from cases.lists import case_rows, follow_up_rows
from cases.models import Case, CaseEvent, Consent, JointPlan, Person, Referral
from cases.supervision import is_coordinator_of, may_close_directly, pending_closure
from cases.views.offers import render_suggestions, suggestions_case
from core.exports import wants_csv
from core.pages import page_of
from documents.views import section as documents_section


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """The team's cases, the user's own first: "my cases" is the default filter."""
    data = request.GET.copy()
    data.setdefault("mine", "true")
    filterset = CaseFilter(data, queryset=Case.objects.visible_to(request.user).for_list(), request=request)
    if wants_csv(request):
        # The filters are not recorded: a search may hold a name or a fiscal code.
        record(Action.EXPORT, model=Case, object_id="list", changes={"format": "csv"})
        return cases_csv(filterset.qs)
    page = page_of(filterset.qs.prefetch_related(None), request.GET.get("page"), case_rows)
    return render(request, "cases/case_list.html", {"filter": filterset, "page": page})


FOLLOW_UP_COLUMNS = [
    "follow_up_on", "status", "case__person__first_name", "case__person__last_name",
    "opportunity__title", "opportunity__organisation__name",
]  # fmt: skip


@require_GET
def follow_ups(request: HttpRequest) -> HttpResponse:
    """Referral follow-ups and plan reviews due by the end of this week, overdue ones included."""
    today = timezone.localdate()
    end_of_week = today + timedelta(days=6 - today.weekday())
    referrals = (
        Referral.objects.visible_to(request.user)
        .open()
        .filter(follow_up_on__lte=end_of_week)
        # The columns the page shows, and no join it does not use: planning a six-table join was a third of
        # the query's time.
        .select_related("case__person", "opportunity__organisation")
        .only(*FOLLOW_UP_COLUMNS)
        .order_by("follow_up_on")
    )
    plans = (
        JointPlan.objects.visible_to(request.user)
        .active()
        .filter(next_review_on__lte=end_of_week)
        .select_related("case__person")
        .only("next_review_on", "title", "case__person__first_name", "case__person__last_name")
        .order_by("next_review_on")
    )
    if request.GET.get("mine", "true") == "true":
        referrals = referrals.filter(case__responsible=request.user)
        plans = plans.filter(case__responsible=request.user)
    # A worker can have a couple of hundred follow-ups due: a page at a time, the earliest first.
    page = page_of(referrals, request.GET.get("page"), partial(follow_up_rows, today=today))
    context = {"referrals": page.object_list, "page": page, "plans": plans, "today": today, "end_of_week": end_of_week}
    return render(request, "cases/follow_ups.html", context)


def case_page_records():
    """Cases with everything their page draws: related rows and their names, a query per relation."""
    return Case.objects.select_related("person__area", "responsible", "team").prefetch_related(
        "needs__dimension",
        Prefetch("referrals", queryset=Referral.objects.select_related("opportunity__organisation", "liaison")),
        Prefetch("joint_plans", queryset=JointPlan.objects.prefetch_related("partners__organisation")),
        Prefetch("events", queryset=CaseEvent.objects.select_related("actor", "contact__organisation")),
        Prefetch("consents", queryset=Consent.objects.select_related("organisation", "plan", "recorded_by")),
    )


def render_case(request: HttpRequest, case: Case, *, loaded: bool = False, **forms) -> HttpResponse:
    """The case page; POST views re-render it with their bound form when the input is wrong, reading the case
    again (a change may have added an event or a referral). `loaded`: `case` comes from case_page_records()."""
    if not loaded:
        case = case_page_records().get(pk=case.pk)
    user = request.user
    closure = pending_closure(case)
    directly = may_close_directly(case, user)
    context = {
        "case": case,
        "status_form": forms.get("status_form") or CaseStatusForm(),
        "note_form": forms.get("note_form") or NoteForm(),
        "withdraw_form": forms.get("withdraw_form") or ConsentWithdrawForm(),
        # Closing needs the coordinator's approval unless this user may close directly (cases.supervision).
        "statuses": [status for status in case.next_statuses if directly or status != CaseStatus.CLOSED],
        "closure": closure,
        "may_request_closure": not directly and not case.is_closed and closure is None,
        "may_decide_closure": closure is not None and is_coordinator_of(user, case.team_id),
        "closure_form": forms.get("closure_form") or ClosureRequestForm(),
        "closure_decision_form": forms.get("closure_decision_form") or DecisionForm(),
        "may_reassign": handover.may_reassign(case, user),
        "may_transfer": handover.may_propose_transfer(case, user),
        "pending_transfer": case.transfers.filter(status=TransferStatus.PROPOSED).select_related("to_team").first(),
        "household": household_of(case.person),
        "documents": documents_section(case, user),
    }
    return render(request, "cases/case_detail.html", context)


@require_GET
def case_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    """Opportunities and offers that fit the case: a page of its own, since ranking the whole offer takes time."""
    return render_suggestions(request, suggestions_case(request, pk))


@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Read once, with what the page draws: the visibility check is the page's own query.
    case = get_visible_or_404(request, case_page_records(), pk=pk)
    record_read(case)
    return render_case(request, case, loaded=True)


@require_http_methods(["GET", "POST"])
@permission_required("cases.add_case", raise_exception=True)
def case_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = get_visible_or_404(request, Person.objects.all(), pk=person_pk)
    form = CaseForm(
        request.POST or None, instance=Case(person=person, team=person.team, responsible=request.user), team=person.team
    )
    if request.method == "POST" and form.is_valid():
        case = services.open_case(person=person, actor=request.user, needs=form.needs(), **form.details())
        messages.success(request, _("Case opened."))
        return redirect(case)
    return render(request, "cases/case_form.html", {"form": form, "person": person})


@require_http_methods(["GET", "POST"])
@permission_required("cases.change_case", raise_exception=True)
def case_update(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_visible_or_404(request, Case.objects.select_related("person"), pk=pk)
    form = CaseForm(request.POST or None, instance=case, team=case.team)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.update_case(
                case=case, actor=request.user, version=form.version_seen, needs=form.needs(), **form.details()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Case saved."))
            return redirect(case)
    return render(request, "cases/case_form.html", {"form": form, "person": case.person, "case": case})


@require_POST
@permission_required("cases.change_case", raise_exception=True)
def case_status(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_visible_or_404(request, Case.objects.all(), pk=pk)
    form = CaseStatusForm(request.POST)
    if form.is_valid():
        try:
            case = services.change_case_status(case=case, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Case status changed to “%(status)s”.") % {"status": case.get_status_display()})
            return redirect(case)
    return render_case(request, case, status_form=form)


@require_POST
@permission_required("cases.change_case", raise_exception=True)
def note_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_visible_or_404(request, Case.objects.all(), pk=pk)
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
