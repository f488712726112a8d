"""Attaching documents to records, downloading them and removing them: every step through the record's access rule."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.access import get_visible_or_404
from audit.services import record_export
from documents import registry, services
from documents.forms import DocumentForm
from documents.models import Document


@dataclass(frozen=True)
class Section:
    """The documents part of a record's page: its documents, and whether the user may add and remove them."""

    documents: list
    attach_url: str
    may_change: bool


def section(record: models.Model, user, documents: list | None = None) -> Section:
    entry = registry.attachable_for(record)
    if documents is None:
        documents = list(Document.objects.of(record).select_related("uploaded_by"))
    return Section(
        documents=documents,
        attach_url=reverse("documents:create", args=[entry.key, record.pk]),
        may_change=user.has_perm(entry.change_permission),
    )


def _entry_or_404(record_type: str) -> registry.Attachable:
    entry = registry.attachable(record_type)
    if entry is None:
        raise Http404
    return entry


@require_http_methods(["GET", "POST"])
def document_create(request: HttpRequest, record_type: str, record_id: int) -> HttpResponse:
    entry = _entry_or_404(record_type)
    if not request.user.has_perm(entry.change_permission):
        raise PermissionDenied
    record = get_visible_or_404(request, entry.model._default_manager.all(), pk=record_id)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attach_document(
                record=record, actor=request.user, upload=form.cleaned_data["file"], title=form.cleaned_data["title"]
            )
        except ValidationError as error:
            form.add_error("file" if not hasattr(error, "error_dict") else None, error)
        else:
            messages.success(request, _("Document attached."))
            return redirect(record)
    return render(request, "documents/document_form.html", {"form": form, "record": record})


@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = get_visible_or_404(request, Document.objects.all(), pk=pk)
    # A copy leaves the service: every download is in the audit trail, tied to the person it concerns.
    record_export(document, "download")
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.original_name, content_type=document.media_type
    )
    # Whatever a browser might guess from the bytes, the file is saved, never shown in the app's origin.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_visible_or_404(request, Document.objects.all(), pk=pk)
    if not request.user.has_perm(registry.attachable(document.record_type).change_permission):
        raise PermissionDenied
    record = document.record
    services.remove_document(document=document, actor=request.user)
    messages.success(request, _("Document removed."))
    return redirect(record)
