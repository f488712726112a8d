from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from territory.models import Opportunity, Organisation, Protocol


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    counts = {
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
