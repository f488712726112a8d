from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases.models import Case, Referral
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
def floor(request: HttpRequest) -> HttpResponse:
    """The benchmark's floor: the full middleware stack, one indexed query and a tiny template.

    bench/run.py measures every page against it, so the ratios say what our own code costs. It is
    routed only when BENCH=1 (config/urls.py).
    """
    name = Organisation.objects.filter(pk=request.GET.get("pk", 1)).values_list("name", flat=True).first()
    return render(request, "home/floor.html", {"name": name})
