from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_GET, require_safe

from audit.services import record_reads
from cases.models import Case, Referral
from home.forms import SearchForm
from home.search import PER_GROUP, people_shown, search
from partners.scope import is_partner
from territory.models import Opportunity, Organisation, Protocol


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if is_partner(request.user):
        # A partner organisation's account lives in its portal.
        return redirect("portal:home")
    today = timezone.localdate()
    end_of_week = today + timedelta(days=6 - today.weekday())
    my_cases = Case.objects.visible_to(request.user).filter(responsible=request.user)
    counts = {
        "my_open_cases": my_cases.open().count(),
        "follow_ups": Referral.objects.visible_to(request.user)
        .open()
        .filter(case__in=my_cases, follow_up_on__lte=end_of_week)
        .count(),
        "organisations": Organisation.objects.visible_to(request.user).filter(active=True).count(),
        "opportunities": Opportunity.objects.visible_to(request.user).filter(active=True).count(),
        "protocols": Protocol.objects.visible_to(request.user).count(),
    }
    return render(request, "home/home.html", {"counts": counts})


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    """The header's search box answers here: grouped results; each person shown is an audited read.

    GET with the text in the query string, like the lists' searches: the access log keeps the path only
    (gunicorn.conf.py) and the audit trail the path and the records shown, never the text.
    """
    form = SearchForm(request.GET or None)
    groups = []
    if form.is_valid():
        groups = search(request.user, form.cleaned_data["q"])
        record_reads(people_shown(groups))
    return render(request, "home/search.html", {"form": form, "groups": groups, "per_group": PER_GROUP})


@require_GET
def floor(request: HttpRequest) -> HttpResponse:
    """The benchmark's floor: the full middleware stack, one indexed query and a tiny template.

    bench/run.py measures every page against it, so the ratios say what our own code costs. It is
    routed only when BENCH=1 (config/urls.py).
    """
    name = Organisation.objects.filter(pk=request.GET.get("pk", 1)).values_list("name", flat=True).first()
    return render(request, "home/floor.html", {"name": name})


@login_not_required
@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement in AgID's shape (L. 4/2004), public: it names the administration and the
    address for feedback from the settings, and nothing of any record."""
    context = {
        "entity": settings.ENTITY_NAME,
        "entity_url": settings.ENTITY_URL,
        "email": settings.ACCESSIBILITY_EMAIL,
        "reviewed_on": parse_date(settings.ACCESSIBILITY_REVIEWED_ON or ""),
        "site_url": settings.SITE_URL,
    }
    return render(request, "home/accessibility.html", context)


@login_not_required
@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: send them to the static file."""
    return redirect(static("favicon.ico"), permanent=True)
