"""The household of a person in charge: add, change and remove its members."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit.access import get_visible_or_404
from cases.casework_forms import HouseholdMemberForm
from cases.household import HouseholdMember, add_household_member, remove_household_member, update_household_member
from cases.models import Person
from cases.views.people import render_person


def _form(request: HttpRequest, member: HouseholdMember, data=None) -> HouseholdMemberForm:
    return HouseholdMemberForm(data, instance=member, people=Person.objects.visible_to(request.user))


@require_POST
@permission_required("cases.change_person", raise_exception=True)
def household_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(request, Person.objects.select_related("area__parent", "team"), pk=pk)
    form = _form(request, HouseholdMember(person=person), request.POST)
    if form.is_valid():
        try:
            add_household_member(person=person, actor=request.user, **form.details())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Household member added."))
            return redirect(person)
    return render_person(request, person, household_form=form)


@require_http_methods(["GET", "POST"])
@permission_required("cases.change_person", raise_exception=True)
def household_update(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_visible_or_404(request, HouseholdMember.objects.select_related("person", "relative"), pk=pk)
    form = _form(request, member, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            update_household_member(member=member, actor=request.user, version=form.version_seen, **form.details())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Household member saved."))
            return redirect(member.person)
    context = {
        "form": form,
        "person": member.person,
        "heading": _("Household member"),
        "submit": _("Save"),
        "back_url": member.person.get_absolute_url(),
        "action": "",
        "second_form": True,
        "second_heading": _("Remove from the household"),
        "second_action": reverse("cases:household_remove", args=[member.pk]),
        "second_submit": _("Remove"),
    }
    return render(request, "cases/record_form.html", context)


@require_POST
@permission_required("cases.change_person", raise_exception=True)
def household_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_visible_or_404(request, HouseholdMember.objects.select_related("person"), pk=pk)
    remove_household_member(member=member, actor=request.user)
    messages.success(request, _("Household member removed."))
    return redirect(member.person)
