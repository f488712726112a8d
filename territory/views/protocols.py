"""Network protocols (protocolli di rete) and their signed documents."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from audit.access import get_visible_or_404
from audit.models import Action
from audit.services import record
from core.pages import page_of
from territory.forms import ProtocolForm
from territory.models import Protocol


@require_GET
def protocol_list(request: HttpRequest) -> HttpResponse:
    page = page_of(Protocol.objects.visible_to(request.user).prefetch_related("partners"), request.GET.get("page"))
    return render(request, "territory/protocol_list.html", {"page": page})


@require_GET
def protocol_detail(request: HttpRequest, pk: int) -> HttpResponse:
    protocol = get_visible_or_404(request, Protocol.objects.prefetch_related("partners__municipality"), pk=pk)
    return render(request, "territory/protocol_detail.html", {"protocol": protocol})


@require_GET
def protocol_document(request: HttpRequest, pk: int) -> FileResponse:
    protocol = get_visible_or_404(request, Protocol.objects.all(), pk=pk)
    if not protocol.document:
        raise Http404
    record(Action.READ, protocol, changes={"document": protocol.document.name})
    return FileResponse(
        protocol.document.open("rb"), as_attachment=True, filename=protocol.document.name.rsplit("/", 1)[-1]
    )


@require_http_methods(["GET", "POST"])
@permission_required("territory.add_protocol", raise_exception=True)
def protocol_create(request: HttpRequest) -> HttpResponse:
    initial = {"partners": request.GET.getlist("partner")}
    form = ProtocolForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        protocol = form.save()
        messages.success(request, _("Protocol “%(title)s” added.") % {"title": protocol.title})
        return redirect(protocol)
    return render(request, "territory/protocol_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@permission_required("territory.change_protocol", raise_exception=True)
def protocol_update(request: HttpRequest, pk: int) -> HttpResponse:
    protocol = get_visible_or_404(request, Protocol.objects.all(), pk=pk)
    form = ProtocolForm(request.POST or None, request.FILES or None, instance=protocol)
    if request.method == "POST" and form.is_valid() and form.save_unless_stale():
        messages.success(request, _("Protocol “%(title)s” saved.") % {"title": protocol.title})
        return redirect(protocol)
    return render(request, "territory/protocol_form.html", {"form": form, "protocol": protocol})
