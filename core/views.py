from datetime import timedelta

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases.choices import CaseStatus
from cases.models import Case, Referral
from territory.models import Opportunity, Organisation, Protocol


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    end_of_week = today + timedelta(days=6 - today.weekday())
    my_cases = Case.objects.visible_to(request.user).filter(responsible=request.user)
    counts = {
        "my_open_cases": my_cases.filter(status=CaseStatus.OPEN).count(),
        "follow_ups": Referral.objects.visible_to(request.user)
        .open()
        .filter(case__in=my_cases, follow_up_on__lte=end_of_week)
        .count(),
        "organisations": Organisation.objects.filter(active=True).count(),
        "opportunities": Opportunity.objects.filter(active=True).count(),
        "protocols": Protocol.objects.count(),
    }
    return render(request, "core/home.html", {"counts": counts})


@login_not_required
@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers and the benchmark's floor: no session, no template, no query."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def floor(request: HttpRequest) -> HttpResponse:
    """The benchmark's floor: the full middleware stack, one indexed query and a tiny template.

    bench/run.py measures every page against it, so the ratios say what our own code costs.
    """
    name = Organisation.objects.filter(pk=request.GET.get("pk", 1)).values_list("name", flat=True).first()
    return render(request, "core/floor.html", {"name": name})
