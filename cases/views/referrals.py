from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.access import get_visible_or_404
from audit.services import record_read
from cases import services
from cases.forms import ReferralForm, ReferralTransitionForm
from cases.models import Case, Referral
from documents.views import section as documents_section


def visible_referral(request: HttpRequest, pk: int) -> Referral:
    return get_visible_or_404(
        request,
        Referral.objects.select_related("case__person", "opportunity__organisation", "liaison", "created_by"),
        pk=pk,
    )


def render_referral(request: HttpRequest, referral: Referral, form=None) -> HttpResponse:
    transitions = list(referral.transitions.select_related("actor", "contact__organisation"))
    context = {
        "referral": referral,
        "transitions": transitions,
        # The day the draft was really prepared; referrals older than their draft step show their entry date.
        "draft_step": next((step for step in transitions if step.is_draft_step), None),
        "form": form or ReferralTransitionForm(),
        "documents": documents_section(referral, request.user),
    }
    return render(request, "cases/referral_detail.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("cases.add_referral", raise_exception=True)
def referral_create(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = get_visible_or_404(request, Case.objects.all(), pk=case_pk)
    form = ReferralForm(request.POST or None, initial={"opportunity": request.GET.get("opportunity")})
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.create_referral(case=case, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Referral prepared as a draft: send it when the person agrees."))
            return redirect(referral)
    return render(request, "cases/referral_form.html", {"form": form, "case": case})


@require_GET
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = visible_referral(request, pk)
    record_read(referral)
    return render_referral(request, referral)


@require_POST
@permission_required("cases.change_referral", raise_exception=True)
def referral_transition(request: HttpRequest, pk: int) -> HttpResponse:
    referral = visible_referral(request, pk)
    form = ReferralTransitionForm(request.POST)
    if form.is_valid():
        try:
            referral = services.transition_referral(referral=referral, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Referral now “%(status)s”.") % {"status": referral.get_status_display()})
            return redirect(referral)
    return render_referral(request, referral, form)
