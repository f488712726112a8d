from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from agenda import services
from agenda.feeds import FEED_AHEAD, FEED_PAST, agenda_feed
from agenda.forms import TEAM, PeriodForm
from agenda.items import Period, agenda_for, gather
from agenda.models import CalendarFeed

TEAM_PERMISSION = "agenda.view_team_agenda"


@require_GET
def agenda(request: HttpRequest) -> HttpResponse:
    """My agenda (or my team's, for a coordinator) for a week or a month, overdue items first."""
    today = timezone.localdate()
    form = PeriodForm(request.GET)
    # A bad value falls back to its default (today, a week, mine), with the form's message saying so;
    # the valid ones are kept.
    form.is_valid()
    choice = form.cleaned_data
    team = choice.get("scope") == TEAM
    may_see_team = request.user.has_perm(TEAM_PERMISSION)
    if team and not may_see_team:
        raise PermissionDenied
    period = Period.around(choice.get("day") or today, choice.get("period") or Period.WEEK)
    context = {
        "agenda": agenda_for(user=request.user, team=team, period=period, today=today),
        "form": form,
        "today": today,
        "team": team,
        "may_see_team": may_see_team,
    }
    return render(request, "agenda/agenda.html", context)


@require_GET
def feed_settings(request: HttpRequest) -> HttpResponse:
    feed = CalendarFeed.objects.visible_to(request.user).first()
    return render(request, "agenda/feed_settings.html", {"feed": feed})


@require_POST
def feed_create(request: HttpRequest) -> HttpResponse:
    """Make a new address (revoking the previous one) and show it, this once: only its hash is kept.

    Rendered, not redirected, so the address is in no session, message or later page; signed-in
    pages are never cached (core.security).
    """
    token = services.create_feed(user=request.user)
    url = request.build_absolute_uri(f"{reverse('agenda:feed')}?t={token}")
    feed = CalendarFeed.objects.visible_to(request.user).first()
    return render(request, "agenda/feed_settings.html", {"feed": feed, "new_url": url})


@require_POST
def feed_revoke(request: HttpRequest) -> HttpResponse:
    if services.revoke_feed(user=request.user):
        messages.success(request, _("The calendar feed is revoked: its address no longer works."))
    return redirect("agenda:feed_settings")


@login_not_required
@require_safe
def calendar_feed(request: HttpRequest) -> HttpResponse:
    """The feed, for calendar apps that cannot sign in: the secret token in the address is the key.

    The token travels in the query string, which neither gunicorn's access log nor Django's log of
    missing pages records. An unknown or revoked token answers exactly as a missing page.

    Polls are not audited one by one: calendar apps poll every hour or so, and the feed holds no
    one's name nor anything written about anyone, only case numbers and table names. The trail
    records when a feed is made and revoked; the feed keeps when it was last read, which its owner
    sees on the feed's page.
    """
    feed = services.feed_for_token(request.GET.get("t", ""))
    if feed is None:
        raise Http404
    now = timezone.now()
    today = timezone.localdate(now)
    items = gather(user=feed.user, team=False, start=today - FEED_PAST, end=today + FEED_AHEAD, today=today)
    services.note_feed_use(feed=feed, now=now)
    response = HttpResponse(
        agenda_feed(items, absolute=request.build_absolute_uri), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="agenda.ics"'
    # Nobody is signed in here, so core.security does not mark it: no shared cache may keep it.
    response["Cache-Control"] = "no-store, private"
    return response
