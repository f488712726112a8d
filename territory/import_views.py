"""Import of the resource mapping: upload, check every row, preview, confirm."""

import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from territory import imports

SESSION_KEY = "territory_import"


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"), choices=list(imports.KIND_LABELS.items()))
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("UTF-8 or Windows-1252, separated by ; or ,; lists inside a cell separated by |."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > imports.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB: split it in smaller files."), code="too_large")
        return upload


def _pending_path(token: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / f"{token}.csv"


@require_http_methods(["GET", "POST"])
@permission_required("territory.import_resources", raise_exception=True)
def import_start(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "territory/import_form.html", {"form": form})
    kind, content = form.cleaned_data["kind"], form.cleaned_data["file"].read()
    try:
        result = imports.check(kind, content)
    except imports.ImportError_ as error:
        form.add_error("file", str(error))
        return render(request, "territory/import_form.html", {"form": form})
    if result.valid:
        # Kept on the server between preview and confirmation, never in a static or public folder.
        token = uuid.uuid4().hex
        path = _pending_path(token)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        request.session[SESSION_KEY] = {"token": token, "kind": kind}
    return render(request, "territory/import_preview.html", {"form": form, "result": result})


@require_POST
@permission_required("territory.import_resources", raise_exception=True)
def import_confirm(request: HttpRequest) -> HttpResponse:
    pending = request.session.pop(SESSION_KEY, None)
    path = _pending_path(pending["token"]) if pending else None
    if path is None or not path.exists():
        messages.error(request, _("There is no checked file to import: upload it again."))
        return redirect("territory:import_start")
    try:
        result = imports.apply(pending["kind"], path.read_bytes())
    finally:
        path.unlink(missing_ok=True)
    if not result.valid:
        # The data changed since the preview: show what is now wrong, nothing was written.
        return render(request, "territory/import_preview.html", {"form": ImportForm(), "result": result})
    messages.success(
        request,
        _("Import done: %(created)s created, %(updated)s updated.")
        % {"created": result.created, "updated": result.updated},
    )
    return redirect("territory:organisation_list")


@require_GET
@permission_required("territory.import_resources", raise_exception=True)
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in imports.COLUMNS:
        kind = "organisations"
    response = HttpResponse("\ufeff" + imports.template_csv(kind), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="modello-{kind}.csv"'
    return response
