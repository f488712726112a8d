"""Documents attached to records: typed by content, stored under random names, served only to who may see the record."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import encode_multipart
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from audit.models import AuditEvent
from cases.gdpr import anonymise, person_dossier
from core.uploads import check_attachment
from documents.models import Document
from documents.services import attach_document
from tests.factories import CaseFactory, UserFactory
from tests.helpers import error_codes

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>'
STORED = re.compile(r"^documents/\d{4}/\d{2}/[0-9a-f]{32}\.(pdf|png)$")


def upload(name="consenso firmato.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def named(file, name: str):
    """The upload as handed to the service under a raw name (SimpleUploadedFile would clean it)."""
    file._name = name
    return file


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def case(worker):
    return CaseFactory(person__team=worker.team, person__last_name="Bianchi", responsible=worker)


def create_url(record) -> str:
    return reverse("documents:create", args=[record._meta.label_lower, record.pk])


def test_a_worker_attaches_the_signed_consent_to_a_case(worker_client, case, settings):
    response = worker_client.post(create_url(case), {"title": "Consenso firmato", "file": upload()})
    assert response.status_code == 302
    assert response.url == case.get_absolute_url()
    document = Document.objects.get()
    assert (document.title, document.original_name, document.media_type) == (
        "Consenso firmato",
        "consenso firmato.pdf",
        "application/pdf",
    )
    assert document.subject_person_id == case.person_id
    # Never the user's file name on disk: a random name in the month's folder.
    assert STORED.match(document.file.name), document.file.name
    assert [path.name for path in stored_files(settings)] == [Path(document.file.name).name]
    page = worker_client.get(case.get_absolute_url()).content.decode()
    assert "Consenso firmato" in page
    created = AuditEvent.objects.get(action="create", object_type="documents.document")
    assert created.subject_person_id == case.person_id
    assert "Consenso" not in str(created.changes) and "consenso" not in str(created.changes)


def test_the_download_is_an_audited_attachment_that_is_never_sniffed(worker_client, case):
    worker_client.post(create_url(case), {"title": "Consenso firmato", "file": upload()})
    document = Document.objects.get()
    response = worker_client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "consenso firmato.pdf" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    download = AuditEvent.objects.get(action="export", object_type="documents.document")
    assert (download.object_id, download.subject_person_id, download.changes) == (
        str(document.pk),
        case.person_id,
        {"format": "download"},
    )


def test_another_team_gets_404_on_every_document_url_and_nothing_is_written(
    client, worker, case, other_team_worker, settings
):
    client.force_login(worker)
    client.post(create_url(case), {"file": upload()})
    document = Document.objects.get()
    files_before = stored_files(settings)
    client.force_login(other_team_worker)
    denied_before = AuditEvent.objects.filter(action="denied").count()
    for method, url in [
        ("get", document.get_absolute_url()),
        ("post", reverse("documents:delete", args=[document.pk])),
        ("get", create_url(case)),
        ("post", create_url(case)),
    ]:
        response = getattr(client, method)(url, {"file": upload("altro.pdf")} if method == "post" else None)
        assert response.status_code == 404, url
    assert AuditEvent.objects.filter(action="denied", allowed=False).count() == denied_before + 4
    assert list(Document.objects.all()) == [document]
    assert stored_files(settings) == files_before
    assert not AuditEvent.objects.filter(action="export", object_type="documents.document").exists()


def test_a_user_without_the_role_may_not_attach(no_role_client, case):
    assert no_role_client.post(create_url(case), {"file": upload()}).status_code == 403
    assert not Document.objects.exists()


def test_an_unknown_record_type_answers_404(worker_client, case):
    assert worker_client.get(reverse("documents:create", args=["accounts.user", case.pk])).status_code == 404


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_written(worker_client, case, settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    response = worker_client.post(create_url(case), {"file": upload(content=PDF + b"0" * 2048)})
    assert response.status_code == 200
    assert error_codes(response) == {"file": ["document_too_large"]}
    with translation.override("it"):
        message = str(response.context["form"].errors["file"][0])
    assert escape(message) in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(settings) == []


def test_the_default_size_limit_is_ten_megabytes(worker_client, case, settings):
    assert settings.DOCUMENT_MAX_BYTES == 10 * 1024 * 1024
    response = worker_client.post(create_url(case), {"file": upload(content=PDF + b"0" * (10 * 1024 * 1024))})
    assert error_codes(response) == {"file": ["document_too_large"]}
    assert stored_files(settings) == []


@pytest.mark.parametrize("content", [HTML, SVG], ids=["html", "svg"])
def test_a_page_or_a_drawing_renamed_pdf_is_refused_by_its_content(worker_client, case, settings, content):
    response = worker_client.post(create_url(case), {"file": upload("consenso.pdf", content)})
    assert response.status_code == 200
    assert error_codes(response) == {"file": ["document_content_not_allowed"]}
    with translation.override("it"):
        message = str(response.context["form"].errors["file"][0])
    assert escape(message) in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(settings) == []


def test_a_scan_is_accepted_and_named_by_its_content(worker_client, case):
    worker_client.post(create_url(case), {"file": upload("foglio firme.pdf", PNG, "application/pdf")})
    document = Document.objects.get()
    assert (document.media_type, document.original_name) == ("image/png", "foglio firme.png")
    assert document.file.name.endswith(".png")


def test_a_right_to_left_override_never_disguises_a_file(worker_client, worker, case, settings):
    # "fattura\u202efdp.exe" reads "fatturaexe.pdf" on screen. Over HTTP Django's parser drops the control
    # character before we see the name; the name is shown without it and the file is stored by its content.
    worker_client.post(create_url(case), {"file": upload("fattura\u202efdp.pdf")})
    document = Document.objects.get()
    assert "\u202e" not in document.original_name
    assert STORED.match(document.file.name)
    # Handed over by other means, such a name is refused and nothing is written.
    with pytest.raises(ValidationError) as excinfo:
        attach_document(record=case, actor=worker, upload=named(upload(), "fattura\u202efdp.pdf"))
    assert excinfo.value.code == "file_name_hidden_characters"
    assert Document.objects.count() == 1
    assert len(stored_files(settings)) == 1


def test_a_path_in_the_name_never_reaches_the_disk(worker_client, case, settings, tmp_path):
    """A crafted multipart name with a path: Django keeps its last part, we store under a random name."""
    body = encode_multipart("BoUnDaRy", {"title": "Relazione"}).replace(b"--BoUnDaRy--\r\n", b"")
    body += (
        b'--BoUnDaRy\r\nContent-Disposition: form-data; name="file"; filename="../../../../outside.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n" + PDF + b"\r\n--BoUnDaRy--\r\n"
    )
    response = worker_client.generic(
        "POST", create_url(case), body, content_type="multipart/form-data; boundary=BoUnDaRy"
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.original_name == "outside.pdf"
    assert STORED.match(document.file.name)
    media = Path(settings.MEDIA_ROOT).resolve()
    assert all(media in path.resolve().parents for path in stored_files(settings))
    assert not list(tmp_path.glob("outside*")) and not list(media.parent.glob("outside*"))


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("../consenso.pdf", "file_name_path"),
        ("..\\consenso.pdf", "file_name_path"),
        ("a/b.pdf", "file_name_path"),
        ("..", "file_name_path"),
        ("x\u0000.pdf", "file_name_hidden_characters"),
        ("consenso\u202efdp.exe", "file_name_hidden_characters"),
    ],
)
def test_the_service_refuses_a_name_with_a_path_or_a_control_character(worker, case, settings, name, code):
    with pytest.raises(ValidationError) as excinfo:
        check_attachment(named(upload(), name))
    assert excinfo.value.code == code
    with pytest.raises(ValidationError):
        attach_document(record=case, actor=worker, upload=named(upload(), name))
    assert not Document.objects.exists()
    assert stored_files(settings) == []


def test_a_document_is_removed_with_its_file_and_the_trail_keeps_it(
    worker_client, case, settings, django_capture_on_commit_callbacks
):
    worker_client.post(create_url(case), {"file": upload()})
    document = Document.objects.get()
    assert worker_client.get(reverse("documents:delete", args=[document.pk])).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = worker_client.post(reverse("documents:delete", args=[document.pk]))
    assert response.status_code == 302
    assert not Document.objects.exists()
    assert stored_files(settings) == []
    removed = AuditEvent.objects.get(action="delete", object_type="documents.document")
    assert (removed.object_id, removed.subject_person_id, removed.user.username) == (
        str(document.pk),
        case.person_id,
        "sara",
    )


def test_the_export_lists_the_documents_and_retention_removes_them(
    worker, case, settings, django_capture_on_commit_callbacks
):
    attach_document(record=case, actor=worker, upload=upload(), title="Consenso firmato")
    dossier = person_dossier(case.person)
    assert [(d["title"], d["file_name"], d["attached_to"]) for d in dossier["documents"]] == [
        ("Consenso firmato", "consenso firmato.pdf", f"cases.case#{case.pk}")
    ]
    with django_capture_on_commit_callbacks(execute=True):
        anonymise(case.person)
    assert not Document.objects.exists()
    assert stored_files(settings) == []


def test_the_json_export_includes_the_documents(worker_client, worker, case):
    attach_document(record=case, actor=worker, upload=upload(), title="Consenso firmato")
    response = worker_client.get(reverse("cases:person_export_json", args=[case.person_id]))
    assert [d["title"] for d in response.json()["documents"]] == ["Consenso firmato"]


def test_the_storage_backend_is_a_setting(worker_client, case, settings):
    """Another Django storage (here the in-memory one; in production an S3 bucket through django-storages)."""
    settings.STORAGES = {**settings.STORAGES, "documents": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    worker_client.post(create_url(case), {"file": upload()})
    document = Document.objects.get()
    assert storages["documents"].exists(document.file.name)
    assert stored_files(settings) == []
    assert b"".join(worker_client.get(document.get_absolute_url()).streaming_content) == PDF


def test_a_form_refused_for_another_field_says_the_file_must_be_chosen_again(worker_client, case):
    response = worker_client.post(create_url(case), {"title": "x" * 300, "file": upload()})
    assert response.status_code == 200
    assert error_codes(response) == {"title": ["max_length"], "file": ["file_not_kept"]}
    with translation.override("it"):
        message = str(response.context["form"].errors["file"][0])
    assert "consenso firmato.pdf" in message
    assert escape(message) in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.parametrize("rows", [1, 30])
def test_the_case_page_reads_its_documents_in_one_query(
    worker_client, worker, case, django_assert_max_num_queries, rows
):
    for number in range(rows):
        attach_document(record=case, actor=worker, upload=upload(f"documento {number}.pdf"))
    # The case page's budget (tests/cases/test_case_views.py), consents of issue 13 included.
    with django_assert_max_num_queries(21):
        response = worker_client.get(case.get_absolute_url())
    page = response.content.decode()
    assert len(re.findall(r'href="/documenti/\d+/"', page)) == rows


# Every kind of record takes documents.


def _referral(case):
    from tests.factories import ReferralFactory

    return ReferralFactory(case=case)


def _plan(case):
    from tests.factories import JointPlanFactory

    return JointPlanFactory(case=case)


def _case_meeting(case):
    from cases.models import CaseMeeting

    return CaseMeeting.objects.create(plan=_plan(case), minutes="Verbale", recorded_by=case.responsible)


def _table_meeting(case):
    from tests.factories import MeetingFactory

    return MeetingFactory()


def _action(case):
    from tests.factories import CommunityActionFactory

    return CommunityActionFactory()


def _process(case):
    from community.models import CommunityProcess

    return CommunityProcess.objects.create(
        title="Quartiere solidale", problem="Isolamento", target="Anziani", commissioning_body="Delibera",
        community_worker=case.responsible,
    )  # fmt: skip


@pytest.mark.parametrize(
    "make", [_referral, _plan, _case_meeting, _table_meeting, _action, _process], ids=lambda f: f.__name__[1:]
)
def test_every_kind_of_record_takes_documents(worker_client, case, make):
    record = make(case)
    assert worker_client.get(create_url(record)).status_code == 200
    response = worker_client.post(create_url(record), {"title": "Foglio firme", "file": upload()})
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.record_type, document.record_id) == (record._meta.label_lower, record.pk)
    page = worker_client.get(record.get_absolute_url())
    assert document.get_absolute_url() in page.content.decode()
    assert worker_client.get(document.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("make", [_referral, _plan, _case_meeting], ids=lambda f: f.__name__[1:])
def test_another_team_may_not_reach_the_documents_of_case_records(client, worker, case, other_team_worker, make):
    record = make(case)
    attach_document(record=record, actor=worker, upload=upload())
    document = Document.objects.get()
    assert document.subject_person_id == case.person_id
    client.force_login(other_team_worker)
    assert client.get(document.get_absolute_url()).status_code == 404
    assert client.get(create_url(record)).status_code == 404


def test_community_documents_are_seen_by_the_whole_service_but_not_without_a_role(
    client, worker, case, other_team_worker, no_role_user
):
    meeting = _table_meeting(case)
    attach_document(record=meeting, actor=worker, upload=upload())
    document = Document.objects.get()
    assert document.subject_person_id is None
    client.force_login(other_team_worker)
    assert client.get(document.get_absolute_url()).status_code == 200
    client.force_login(no_role_user)
    assert client.get(document.get_absolute_url()).status_code == 404


def test_a_document_follows_its_case_to_another_team(worker, case, other_team_worker):
    attach_document(record=case, actor=worker, upload=upload())
    assert Document.objects.visible_to(worker).count() == 1
    assert Document.objects.visible_to(other_team_worker).count() == 0
    type(case).objects.filter(pk=case.pk).update(team=other_team_worker.team)
    assert Document.objects.visible_to(worker).count() == 0
    assert Document.objects.visible_to(other_team_worker).count() == 1


def test_an_anonymous_visitor_is_sent_to_login(client, worker, case):
    attach_document(record=case, actor=worker, upload=upload())
    response = client.get(Document.objects.get().get_absolute_url())
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_a_colleague_of_another_team_cannot_guess_ids(client, case, worker):
    attach_document(record=case, actor=worker, upload=upload())
    stranger = UserFactory(username="estraneo", team=None, role="social_worker")
    client.force_login(stranger)
    assert client.get(Document.objects.get().get_absolute_url()).status_code == 404
