"""Import of the resource mapping: upload, check every row, preview, confirm; the work runs as jobs.

The file is kept in the database between the steps (territory.models.ResourceImport), so the next
step may land on any server, and checking or writing 20,000 rows never holds a request: the page
shows the job's progress and reloads itself until it is done.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.access import get_visible_or_404
from core.jobs import enqueue_on_commit
from territory import import_format, imports
from territory.choices import ImportStatus
from territory.models import ResourceImport

# How many preview rows and errors the page lists (the job keeps them all).
PREVIEW_ROWS = 50
ERROR_ROWS = 500


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"), choices=list(imports.KIND_LABELS.items()))
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("UTF-8 or Windows-1252, separated by ; or ,; lists inside a cell separated by |."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > imports.MAX_BYTES:
            raise forms.ValidationError(imports.too_large_message(), code="too_large")
        return upload


@require_http_methods(["GET", "POST"])
@permission_required("territory.import_resources", raise_exception=True)
def import_start(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "territory/import_form.html", {"form": form})
    upload = form.cleaned_data["file"]
    with transaction.atomic():
        pending = ResourceImport.objects.create(
            uploaded_by=request.user, kind=form.cleaned_data["kind"], filename=upload.name[:200], content=upload.read()
        )
        enqueue_on_commit("territory.jobs.check_import", pending.pk)
    return redirect(pending)


@require_GET
@permission_required("territory.import_resources", raise_exception=True)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pending = get_visible_or_404(request, ResourceImport.objects.defer("content"), pk=pk)
    context = {
        "pending": pending,
        "preview": pending.preview[:PREVIEW_ROWS],
        "more_rows": max(0, len(pending.preview) - PREVIEW_ROWS),
        "errors": pending.errors[:ERROR_ROWS],
    }
    return render(request, "territory/import_detail.html", context)


@require_POST
@permission_required("territory.import_resources", raise_exception=True)
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    pending = get_visible_or_404(request, ResourceImport.objects.defer("content"), pk=pk)
    # The conditional UPDATE decides: a double click confirms, and imports, once.
    with transaction.atomic():
        confirmed = ResourceImport.objects.filter(pk=pending.pk, status=ImportStatus.CHECKED).update(
            status=ImportStatus.IMPORTING, rows_done=0
        )
        if confirmed:
            enqueue_on_commit("territory.jobs.apply_import", pending.pk)
    if not confirmed:
        messages.error(request, _("This file is not waiting for a confirmation: upload it again if needed."))
    return redirect(pending)


@require_GET
@permission_required("territory.import_resources", raise_exception=True)
def import_columns(request: HttpRequest) -> HttpResponse:
    """What each column of the three files holds, and the values a coded column accepts."""
    files = [
        (kind, label, import_format.allowed_values(kind, imports.COLUMNS[kind]), imports.REQUIRED[kind])
        for kind, label in imports.KIND_LABELS.items()
    ]
    return render(request, "territory/import_columns.html", {"files": files, "separator": imports.LIST_SEPARATOR})


@require_GET
@permission_required("territory.import_resources", raise_exception=True)
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in imports.COLUMNS:
        kind = "organisations"
    response = HttpResponse("\ufeff" + imports.template_csv(kind), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="modello-{kind}.csv"'
    return response
