"""The worker's side of a referral's links: to whom it was e-mailed, until when, and resending or revoking."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.access import get_visible_or_404
from cases.models import Referral
from partners import services
from partners.models import PartnerLink


def visible_referral(request: HttpRequest, pk: int) -> Referral:
    return get_visible_or_404(
        request,
        Referral.objects.select_related("case__person", "opportunity__organisation", "opportunity__liaison", "liaison"),
        pk=pk,
    )


def render_access(request: HttpRequest, referral: Referral) -> HttpResponse:
    context = {
        "referral": referral,
        "recipient": services.referral_recipient(referral),
        "links": PartnerLink.objects.visible_to(request.user)
        .filter(referral=referral)
        .select_related("contact", "created_by", "revoked_by"),
        "emails": services.referral_emails(referral),
        "answerable": referral.status in services.ANSWERABLE,
    }
    return render(request, "partners/referral_access.html", context)


@require_GET
def referral_access(request: HttpRequest, pk: int) -> HttpResponse:
    return render_access(request, visible_referral(request, pk))


@require_POST
@permission_required("cases.change_referral", raise_exception=True)
def referral_resend(request: HttpRequest, pk: int) -> HttpResponse:
    referral = visible_referral(request, pk)
    try:
        email = services.resend_referral(referral=referral, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("A new link is on its way to %(address)s: the earlier ones no longer work.") % {"address": email.address},
        )
    return redirect("partners:referral_access", pk=referral.pk)


@require_POST
@permission_required("cases.change_referral", raise_exception=True)
def referral_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    referral = visible_referral(request, pk)
    count = services.revoke_referral_links(referral=referral, actor=request.user)
    messages.success(request, _("Links revoked: %(count)s.") % {"count": count})
    return redirect("partners:referral_access", pk=referral.pk)
