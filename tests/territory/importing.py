"""Importing through the pages as a user does, with the job queue's work run in between (tests.jobs)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from territory.models import ResourceImport
from tests.jobs import run_queued_jobs


def upload_file(client, kind: str, data: bytes, filename: str = "mappatura.csv"):
    """Upload, let the job check the file, and return the import's page (or the refused form)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("territory:import_start"),
            {"kind": kind, "file": SimpleUploadedFile(filename, data, content_type="text/csv")},
        )
    if response.status_code != 302:
        return response
    run_queued_jobs()
    return client.get(response.url)


def confirm(client):
    """Confirm the latest import, let the job write it, and return the import's page."""
    pending = ResourceImport.objects.latest("pk")
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("territory:import_confirm", args=[pending.pk]))
    run_queued_jobs()
    return client.get(pending.get_absolute_url())


def row_errors(page) -> set[tuple[int, str]]:
    return {(row, column) for row, column, _message in page.context["pending"].errors}
