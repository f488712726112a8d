"""The pages behind the links e-mailed to partners: deliberately public, the token being the credential.

Every page here is `@login_not_required` (tested for leaks in tests/partners), never cached, sends no
referrer (the token is in the address), is rate-limited per address, and finds its link only through
partners.links.open_link: 404 for anything but a live token of the page's own purpose.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cases.models import Referral
from community.models import MinutesAnswer
from partners import links, services
from partners.choices import LinkPurpose
from partners.forms import ActionItemDoneForm, MinutesAnswerForm, ReferralAnswerForm
from partners.pages import for_partner
from partners.ratelimit import rate_limited

PARTNER_VIEW = ("case__person", "case__responsible", "case__team", "opportunity__organisation")


def link_page(view):
    @login_not_required
    @require_http_methods(["GET", "POST"])
    @rate_limited("links")
    @never_cache
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        # The address holds the token: the service's Referrer-Policy (same-origin) already keeps it from
        # other sites. Not "no-referrer": browsers then send `Origin: null` with the page's forms, and the
        # CSRF check rightly refuses them.
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


def referral_seen_by_partner(pk: int) -> Referral:
    return Referral.objects.select_related(*PARTNER_VIEW).prefetch_related("case__consents__plan__partners").get(pk=pk)


@link_page
def referral(request: HttpRequest, token: str) -> HttpResponse:
    link = links.open_link(token, LinkPurpose.REFERRAL)
    form = ReferralAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_referral(referral=link.referral, contact=link.contact, link=link, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your answer reached the social service."))
            return redirect(request.path)
    elif request.method == "GET":
        links.record_use(link, "open")
    context = {
        "referral": for_partner(referral_seen_by_partner(link.referral_id), sent_on=link.created_at.date()),
        "form": form,
        "holder": link.contact,
        "expires_at": link.expires_at,
    }
    return render(request, "partners/referral_link.html", context)


@link_page
def minutes(request: HttpRequest, token: str) -> HttpResponse:
    link = links.open_link(token, LinkPurpose.MINUTES)
    form = MinutesAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_minutes(link=link, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your answer reached the table's coordinator."))
            return redirect(request.path)
    elif request.method == "GET":
        links.record_use(link, "open")
    version = link.minutes_version
    latest = version.meeting.minutes_versions.values_list("number", flat=True).first()
    context = {
        "version": version,
        "meeting": version.meeting,
        "member": link.member,
        "answer": MinutesAnswer.objects.filter(version=version, member=link.member).first(),
        "superseded": latest != version.number,
        "form": form,
        "expires_at": link.expires_at,
    }
    return render(request, "partners/minutes_link.html", context)


@link_page
def action_item(request: HttpRequest, token: str) -> HttpResponse:
    link = links.open_link(token, LinkPurpose.ACTION_ITEM)
    form = ActionItemDoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_action_item(link=link, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: the action item is marked as done."))
            return redirect(request.path)
    elif request.method == "GET":
        links.record_use(link, "open")
    item = type(link.action_item).objects.select_related("meeting__table").get(pk=link.action_item_id)
    context = {"item": item, "member": link.member, "form": form, "expires_at": link.expires_at}
    return render(request, "partners/action_item_link.html", context)
