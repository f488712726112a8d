"""Handing cases over: to a colleague, in bulk from a leaving worker, or to another team."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.access import get_visible_or_404
from audit.services import record_read
from cases import handover
from cases.casework_forms import (
    ACCEPT,
    BulkReassignForm,
    ReassignForm,
    TransferDecisionForm,
    TransferProposalForm,
    colleagues,
)
from cases.choices import CaseStatus
from cases.handover import CaseTransfer
from cases.models import Case
from cases.supervision import is_coordinator_of


@require_http_methods(["GET", "POST"])
@permission_required("cases.change_case", raise_exception=True)
def case_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_visible_or_404(request, Case.objects.select_related("person", "responsible"), pk=pk)
    if not handover.may_reassign(case, request.user):
        raise PermissionDenied
    form = ReassignForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            handover.reassign_case(
                case=case, to=data["to"], actor=request.user, reason=data["reason"], version=data["edited_version"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Case handed over to %(worker)s.") % {"worker": data["to"]})
            return redirect(case)
    context = {
        "form": form,
        "case": case,
        "heading": _("Hand the case over to a colleague"),
        "intro": _("The colleague and %(worker)s are told; the reason stays on the case's timeline.")
        % {"worker": case.responsible},
        "submit": _("Hand over"),
        "back_url": case.get_absolute_url(),
    }
    return render(request, "cases/record_form.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("cases.change_case", raise_exception=True)
def cases_reassign(request: HttpRequest) -> HttpResponse:
    """The coordinator gives the open cases of a worker (one who leaves, say) to a colleague."""
    if not is_coordinator_of(request.user, request.user.team_id):
        raise PermissionDenied
    workers = colleagues(request.user.team_id)
    chosen = request.GET.get("from") or request.POST.get("from")
    from_worker = (
        get_object_or_404(get_user_model().objects.filter(team_id=request.user.team_id), pk=chosen)
        if (chosen and chosen.isdigit())
        else None
    )
    form = None
    if from_worker is not None:
        cases = (
            Case.objects.visible_to(request.user)
            .filter(responsible=from_worker)
            .exclude(status=CaseStatus.CLOSED)
            .select_related("person")
            .order_by("person__last_name", "person__first_name", "pk")
        )
        open_cases = list(cases)
        form = BulkReassignForm(
            request.POST if request.method == "POST" else None,
            cases=cases,
            from_worker=from_worker,
            # Every open case is ticked: the coordinator unticks those that go elsewhere.
            initial={"cases": [case.pk for case in open_cases]},
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                count = handover.reassign_cases(
                    cases=data["cases"],
                    from_worker=from_worker,
                    to=data["to"],
                    actor=request.user,
                    reason=data["reason"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("%(count)s cases handed over to %(worker)s.") % {"count": count, "worker": data["to"]}
                )
                return redirect("cases:case_list")
    context = {
        "workers": workers,
        "from_worker": from_worker,
        "form": form,
        "has_cases": form and form.initial["cases"],
    }
    return render(request, "cases/cases_reassign.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("cases.change_case", raise_exception=True)
def transfer_propose(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_visible_or_404(request, Case.objects.select_related("person", "team"), pk=pk)
    if not handover.may_propose_transfer(case, request.user):
        raise PermissionDenied
    form = TransferProposalForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            handover.propose_transfer(case=case, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Transfer proposed: the case stays with your team until the other team's coordinator accepts."),
            )
            return redirect(case)
    context = {
        "form": form,
        "case": case,
        "heading": _("Transfer the case to another team"),
        "intro": _(
            "The person's record and all their cases move to the other team when its coordinator accepts; "
            "until then they stay with yours."
        ),
        "submit": _("Propose the transfer"),
        "back_url": case.get_absolute_url(),
    }
    return render(request, "cases/record_form.html", context)


def _visible_transfer(request: HttpRequest, pk: int) -> CaseTransfer:
    return get_visible_or_404(
        request,
        CaseTransfer.objects.select_related("case__person", "from_team", "to_team", "proposed_by", "decided_by"),
        pk=pk,
    )


def render_transfer(request: HttpRequest, transfer: CaseTransfer, form=None) -> HttpResponse:
    user = request.user
    receiving = transfer.is_pending and is_coordinator_of(user, transfer.to_team_id)
    context = {
        "transfer": transfer,
        # The receiving team sees the person by initials until it takes the case.
        "sending_side": user.team_id == transfer.from_team_id,
        "may_decide": receiving,
        "may_withdraw": transfer.is_pending and is_coordinator_of(user, transfer.from_team_id),
        "form": form or (TransferDecisionForm(team_id=transfer.to_team_id) if receiving else None),
    }
    return render(request, "cases/transfer_detail.html", context)


@require_GET
def transfer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _visible_transfer(request, pk)
    record_read(transfer)
    return render_transfer(request, transfer)


@require_POST
@permission_required("cases.change_case", raise_exception=True)
def transfer_decide(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _visible_transfer(request, pk)
    form = TransferDecisionForm(request.POST, team_id=transfer.to_team_id)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == ACCEPT:
                case = handover.accept_transfer(
                    transfer=transfer, actor=request.user, responsible=data["responsible"], note=data["note"]
                )
            else:
                handover.refuse_transfer(transfer=transfer, actor=request.user, note=data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if data["decision"] == ACCEPT:
                messages.success(request, _("Transfer accepted: the case is now your team's."))
                return redirect(case)
            messages.success(request, _("Transfer refused: the other team is told."))
            return redirect("cases:to_approve")
    return render_transfer(request, transfer, form)


@require_POST
@permission_required("cases.change_case", raise_exception=True)
def transfer_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _visible_transfer(request, pk)
    try:
        handover.withdraw_transfer(transfer=transfer, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(transfer)
    messages.success(request, _("Transfer withdrawn."))
    return redirect(transfer.case)
