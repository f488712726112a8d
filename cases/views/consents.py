"""The person's consents to share with partners: recorded on a page of their own, withdrawn from the case page."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit.access import get_visible_or_404
from cases import services
from cases.forms import ConsentForm, ConsentWithdrawForm
from cases.models import Case, Consent
from cases.views.cases import render_case
from core.forms import model_data


@require_http_methods(["GET", "POST"])
@permission_required("cases.change_case", raise_exception=True)
def consent_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_visible_or_404(request, Case.objects.select_related("person"), pk=pk)
    form = ConsentForm(request.POST or None, instance=Consent(case=case), case=case)
    if request.method == "POST" and form.is_valid():
        services.record_consent(case=case, actor=request.user, **model_data(form))
        messages.success(request, _("Consent recorded."))
        return redirect(case.get_absolute_url() + "#consents")
    return render(request, "cases/consent_form.html", {"form": form, "case": case})


@require_POST
@permission_required("cases.change_case", raise_exception=True)
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    consent = get_visible_or_404(request, Consent.objects.select_related("case"), pk=pk)
    form = ConsentWithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw_consent(consent=consent, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Consent withdrawn: no referral goes out under it any more."))
            return redirect(consent.case.get_absolute_url() + "#consents")
    return render_case(request, consent.case, withdraw_form=form)
