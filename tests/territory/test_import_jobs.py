"""The import as a background job: the file kept in the database, a page with the progress, a notification."""

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts.roles import ADMIN
from notifications.models import Notification
from territory import imports
from territory.choices import ImportStatus
from territory.models import Organisation, ResourceImport
from tests.factories import UserFactory
from tests.jobs import run_queued_jobs
from tests.territory.importing import confirm, upload_file
from tests.territory.test_import_queries import csv_text, organisation_rows

ROWS = 1200


@pytest.fixture
def places(db):
    from tests.factories import AreaFactory

    rho = AreaFactory(municipality=True, name="Rho", istat_code="015182")
    return rho, AreaFactory(name="Terrazzano", kind="neighbourhood", parent=rho)


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(username="amministratrice", team=None, role=ADMIN))
    return client


def test_the_upload_only_stores_the_file_and_the_page_shows_the_progress(admin_client, places):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = admin_client.post(
            reverse("territory:import_start"),
            {"kind": "organisations", "file": _file(csv_text(organisation_rows(3, places)))},
        )
    pending = ResourceImport.objects.get()
    assert response.url == pending.get_absolute_url()
    assert (pending.status, bytes(pending.content)[:4]) == (ImportStatus.CHECKING, b"name")
    page = admin_client.get(pending.get_absolute_url()).content.decode()
    # While the job works, the page reloads itself and shows how far it got.
    assert '<meta http-equiv="refresh"' in page and "<progress" in page
    assert run_queued_jobs() == 1
    pending.refresh_from_db()
    assert pending.status == ImportStatus.CHECKED
    page = admin_client.get(pending.get_absolute_url()).content.decode()
    assert '<meta http-equiv="refresh"' not in page and "sono valide e pronte" in page


def test_a_long_file_reports_its_progress_as_it_goes(db, places):
    seen = []
    imports.check("organisations", csv_text(organisation_rows(ROWS, places)), lambda done, total: seen.append(done))
    assert seen == [0, 500, 1000] and len(set(seen)) == 3


def test_the_uploader_is_told_when_the_import_is_finished(admin_client, places):
    upload_file(admin_client, "organisations", csv_text(organisation_rows(2, places)))
    page = confirm(admin_client)
    pending = page.context["pending"]
    # organisation_rows updates one organisation of the database and creates the other.
    assert (pending.status, pending.created, pending.updated, bytes(pending.content)) == (ImportStatus.DONE, 1, 1, b"")
    notification = Notification.objects.get()
    assert notification.url == pending.get_absolute_url()
    assert (notification.kind, notification.params["created"], notification.params["updated"]) == (
        "import_finished",
        1,
        1,
    )
    assert "organizzazioni" in notification.message()


def test_a_double_confirmation_imports_once(admin_client, places):
    preview = upload_file(admin_client, "organisations", csv_text(organisation_rows(2, places)))
    pending = preview.context["pending"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        admin_client.post(reverse("territory:import_confirm", args=[pending.pk]))
        second = admin_client.post(reverse("territory:import_confirm", args=[pending.pk]), follow=True)
    with translation.override("it"):
        refused = gettext("This file is not waiting for a confirmation: upload it again if needed.")
    assert [str(message) for message in second.context["messages"]] == [refused]
    assert run_queued_jobs() == 1
    assert Organisation.objects.count() == 2


def test_someone_elses_import_is_404(admin_client, places, client):
    preview = upload_file(admin_client, "organisations", csv_text(organisation_rows(2, places)))
    other = UserFactory(username="altro-admin", team=None, role=ADMIN)
    client.force_login(other)
    pending = preview.context["pending"]
    assert client.get(pending.get_absolute_url()).status_code == 404
    assert client.post(reverse("territory:import_confirm", args=[pending.pk])).status_code == 404
    assert ResourceImport.objects.get().status == ImportStatus.CHECKED


def test_a_refused_file_is_dropped_and_its_problems_are_listed(admin_client):
    page = upload_file(admin_client, "organisations", b"name;kind\nBuona;inventata\n")
    pending = page.context["pending"]
    assert (pending.status, bytes(pending.content)) == (ImportStatus.INVALID, b"")
    assert "kind" in page.content.decode()


def _file(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("mappatura.csv", content, content_type="text/csv")
