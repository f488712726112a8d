from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit.filters import AuditEventFilter
from audit.models import AuditEvent
from core.exports import csv_response, wants_csv


@require_GET
@permission_required("audit.view_auditevent", raise_exception=True)
def event_list(request: HttpRequest) -> HttpResponse:
    """The auditor's page: who opened or changed what, when. Each filter combination is one query."""
    filterset = AuditEventFilter(request.GET, queryset=AuditEvent.objects.all())
    if wants_csv(request):
        header = [_("When"), _("Username"), _("Role"), _("Action"), _("Record type"), _("Record id"), _("Record"),
                  _("IP address"), _("Address"), _("Allowed"), _("Changes")]  # fmt: skip
        rows = (
            [
                e.at.isoformat(),
                e.username,
                e.role,
                e.get_action_display(),
                e.object_type,
                e.object_id,
                e.object_repr,
                e.ip or "",
                e.path,
                _("yes") if e.allowed else _("no"),
                e.changes or "",
            ]  # fmt: skip
            for e in filterset.qs.iterator()
        )
        return csv_response("registro-accessi", header, rows)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(request, "audit/event_list.html", {"filter": filterset, "page": page})
