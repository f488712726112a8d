from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit import reports
from audit.filters import AuditEventFilter
from audit.forms import PeopleTouchedForm
from audit.models import AccessAlert, Action, AuditEvent
from audit.permissions import auditor_required
from audit.services import record
from core.exports import csv_response, wants_csv

RECENT_ALERTS = 10


@require_GET
@auditor_required
def event_list(request: HttpRequest) -> HttpResponse:
    """The auditor's page: who opened or changed what, when. Each filter combination is one query."""
    filterset = AuditEventFilter(request.GET, queryset=AuditEvent.objects.all())
    if wants_csv(request):
        header = [_("When"), _("Username"), _("Role"), _("Action"), _("Record type"), _("Record id"), _("Record"),
                  _("Person id"), _("IP address"), _("Address"), _("Allowed"), _("Changes")]  # fmt: skip
        rows = (
            [
                e.at.isoformat(),
                e.username,
                e.role_labels,
                e.get_action_display(),
                e.object_type,
                e.object_id,
                e.object_repr,
                e.subject_person_id or "",
                e.ip or "",
                e.path,
                _("yes") if e.allowed else _("no"),
                "; ".join(f"{field}: {text}" for field, text in e.change_lines),
            ]  # fmt: skip
            for e in filterset.qs.iterator()
        )
        return csv_response("registro-accessi", header, rows)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    alerts = AccessAlert.objects.all()[:RECENT_ALERTS]
    return render(request, "audit/event_list.html", {"filter": filterset, "page": page, "alerts": alerts})


@require_GET
@auditor_required
def people_touched(request: HttpRequest) -> HttpResponse:
    """Breach scoping: the people whose records one account opened or changed between two times.

    It names people, so reading it is itself on the trail (a read, or an export for the CSV).
    """
    form = PeopleTouchedForm(request.GET or None)
    if not form.is_valid():
        return render(request, "audit/people_touched.html", {"form": form, "rows": None})
    account, since, until = (form.cleaned_data[name] for name in ("user", "since", "until"))
    rows = reports.people_touched(user_id=account.pk, since=since, until=until)
    export = wants_csv(request)
    record(
        Action.EXPORT if export else Action.READ,
        model=type(account),
        object_id=account.pk,
        changes={
            "report": "people_touched",
            "since": since.isoformat(),
            "until": until.isoformat(),
            "people": len(rows),
        },
    )
    if export:
        header = [_("Person id"), _("Name"), _("Reads and exports"), _("Changes"), _("First"), _("Last")]
        lines = ([r["person_id"], r["name"], r["opened"], r["changed"], r["first_at"].isoformat(),
                  r["last_at"].isoformat()] for r in rows)  # fmt: skip
        return csv_response("persone-coinvolte", header, lines)
    context = {"form": form, "rows": rows, "account": account, "since": since, "until": until}
    return render(request, "audit/people_touched.html", context)
