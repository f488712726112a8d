"""Editing case records after the fact: referrals, joint plans, their partners and objectives."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit.access import get_visible_or_404
from cases import editing
from cases.casework_forms import (
    CaseMeetingEditForm,
    JointPlanEditForm,
    ObjectiveEditForm,
    PartnerEditForm,
    PlanCloseForm,
    ReferralEditForm,
    RemovalForm,
)
from cases.models import CaseMeeting, JointPlan, PlanObjective, PlanPartner, Referral


def _page(request, *, form, case, heading, submit, back_url, **extra) -> HttpResponse:
    context = {"form": form, "case": case, "heading": heading, "submit": submit, "back_url": back_url, **extra}
    return render(request, "cases/record_form.html", context)


def _save(form, service, **target) -> bool:
    """Hand a valid form to its service; False (with the refusal on the form) if it refuses."""
    try:
        service(version=form.version_seen, **target, **form.details())
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@require_http_methods(["GET", "POST"])
@permission_required("cases.change_referral", raise_exception=True)
def referral_update(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_visible_or_404(
        request, Referral.objects.select_related("case__person", "opportunity__organisation"), pk=pk
    )
    form = ReferralEditForm(request.POST or None, instance=referral)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(form, editing.update_referral, referral=referral, actor=request.user)
    ):
        messages.success(request, _("Referral saved."))
        return redirect(referral)
    return _page(
        request,
        form=form,
        case=referral.case,
        heading=_("Edit the referral to “%(title)s”") % {"title": referral.opportunity.title},
        submit=_("Save"),
        back_url=referral.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
@permission_required("cases.change_jointplan", raise_exception=True)
def plan_update(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_visible_or_404(request, JointPlan.objects.select_related("case__person"), pk=pk)
    form = JointPlanEditForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid() and _save(form, editing.update_plan, plan=plan, actor=request.user):
        messages.success(request, _("Joint plan saved."))
        return redirect(plan)
    return _page(request, form=form, case=plan.case, heading=_("Edit the joint plan"), submit=_("Save"),
                 back_url=plan.get_absolute_url())  # fmt: skip


@require_http_methods(["GET", "POST"])
@permission_required("cases.change_jointplan", raise_exception=True)
def plan_close(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_visible_or_404(request, JointPlan.objects.select_related("case__person"), pk=pk)
    form = PlanCloseForm(request.POST or None, initial={"edited_version": plan.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            editing.close_plan(
                plan=plan,
                actor=request.user,
                version=data["edited_version"],
                closed_on=data["closed_on"],
                outcome=data["outcome"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Joint plan closed."))
            return redirect(plan)
    return _page(request, form=form, case=plan.case, heading=_("Close the joint plan"), submit=_("Close the plan"),
                 back_url=plan.get_absolute_url())  # fmt: skip


@require_http_methods(["GET", "POST"])
@permission_required("cases.change_jointplan", raise_exception=True)
def case_meeting_update(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_visible_or_404(request, CaseMeeting.objects.select_related("plan__case__person"), pk=pk)
    form = CaseMeetingEditForm(request.POST or None, instance=meeting, plan=meeting.plan)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(form, editing.update_case_meeting, meeting=meeting, actor=request.user)
    ):
        messages.success(request, _("Case meeting saved."))
        return redirect(meeting)
    return _page(request, form=form, case=meeting.plan.case, heading=_("Correct the case meeting"), submit=_("Save"),
                 back_url=meeting.get_absolute_url())  # fmt: skip


def _part_page(request, part, form, removal_form, *, heading, remove_url) -> HttpResponse:
    return _page(
        request,
        form=form,
        case=part.plan.case,
        heading=heading,
        submit=_("Save"),
        back_url=part.plan.get_absolute_url(),
        second_form=removal_form or RemovalForm(initial={"edited_version": part.version}),
        second_heading=_("Remove from the plan, keeping the reason"),
        second_action=remove_url,
        second_submit=_("Remove"),
    )


def _visible_part(request, model, pk):
    return get_visible_or_404(request, model.objects.select_related("plan__case__person"), pk=pk)


@require_http_methods(["GET", "POST"])
@permission_required("cases.change_jointplan", raise_exception=True)
def partner_update(request: HttpRequest, pk: int, removal_form=None) -> HttpResponse:
    partner = _visible_part(request, PlanPartner, pk)
    form = PartnerEditForm(request.POST or None if removal_form is None else None, instance=partner)
    if (
        removal_form is None
        and request.method == "POST"
        and form.is_valid()
        and _save(form, editing.update_partner, partner=partner, actor=request.user)
    ):
        messages.success(request, _("Partner saved."))
        return redirect(partner.plan)
    heading = _("%(organisation)s in the plan") % {"organisation": partner.organisation}
    return _part_page(request, partner, form, removal_form, heading=heading,
                      remove_url=reverse("cases:partner_remove", args=[partner.pk]))  # fmt: skip


@require_http_methods(["GET", "POST"])
@permission_required("cases.change_jointplan", raise_exception=True)
def objective_update(request: HttpRequest, pk: int, removal_form=None) -> HttpResponse:
    objective = _visible_part(request, PlanObjective, pk)
    form = ObjectiveEditForm(request.POST or None if removal_form is None else None, instance=objective)
    if (
        removal_form is None
        and request.method == "POST"
        and form.is_valid()
        and _save(form, editing.update_objective, objective=objective, actor=request.user)
    ):
        messages.success(request, _("Objective saved."))
        return redirect(objective.plan)
    return _part_page(request, objective, form, removal_form, heading=_("Objective"),
                      remove_url=reverse("cases:objective_remove", args=[objective.pk]))  # fmt: skip


def _remove(request: HttpRequest, model, pk: int, service, name: str, page) -> HttpResponse:
    part = _visible_part(request, model, pk)
    form = RemovalForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            service(
                **{name: part},
                actor=request.user,
                version=data["edited_version"],
                removed_on=data["removed_on"],
                reason=data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Removed from the plan: the reason stays on it."))
            return redirect(part.plan)
    return page(request, pk, removal_form=form)


@require_POST
@permission_required("cases.change_jointplan", raise_exception=True)
def partner_remove(request: HttpRequest, pk: int) -> HttpResponse:
    return _remove(request, PlanPartner, pk, editing.remove_partner, "partner", partner_update)


@require_POST
@permission_required("cases.change_jointplan", raise_exception=True)
def objective_remove(request: HttpRequest, pk: int) -> HttpResponse:
    return _remove(request, PlanObjective, pk, editing.remove_objective, "objective", objective_update)
