import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from core.uploads import MAX_DOCUMENT_BYTES
from territory.models import Protocol
from tests.factories import OrganisationFactory, ProtocolFactory
from tests.helpers import error_codes

LIST_URL = reverse("territory:protocol_list")
CREATE_URL = reverse("territory:protocol_create")


def pdf(name="protocollo.pdf", size=100):
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * size, content_type="application/pdf")


@pytest.fixture
def valid_data(db):
    return {
        "title": "Protocollo contro la povertà educativa",
        "scope": "Segnalazioni reciproche e tavolo operativo.",
        "partners": [OrganisationFactory().pk, OrganisationFactory().pk],
        "start_date": "2025-03-01",
        "end_date": "2027-02-28",
    }


def test_it_lists_protocols(worker_client):
    ProtocolFactory(title="Patto educativo", partners=[OrganisationFactory(name="Oratorio")])
    content = worker_client.get(LIST_URL).content.decode()
    assert "Patto educativo" in content
    assert "Oratorio" in content


@pytest.mark.parametrize("rows", [1, 30])
def test_list_query_count_does_not_grow_with_rows(worker_client, django_assert_max_num_queries, rows):
    for _ in range(rows):
        ProtocolFactory(partners=[OrganisationFactory(), OrganisationFactory()])
    with django_assert_max_num_queries(10):
        assert worker_client.get(LIST_URL).status_code == 200


@pytest.mark.parametrize("rows", [1, 30])
def test_detail_query_count_does_not_grow_with_partners(worker_client, django_assert_max_num_queries, rows):
    protocol = ProtocolFactory(partners=OrganisationFactory.create_batch(rows))
    with django_assert_max_num_queries(9):
        response = worker_client.get(protocol.get_absolute_url())
    assert response.status_code == 200


def test_anonymous_is_sent_to_login(client, db):
    protocol = ProtocolFactory()
    for url in (LIST_URL, protocol.get_absolute_url(), reverse("territory:protocol_document", args=[protocol.pk])):
        response = client.get(url)
        assert response.status_code == 302, url
        assert reverse("login") in response.url


def test_it_creates_a_protocol_with_its_document(worker_client, valid_data):
    response = worker_client.post(CREATE_URL, {**valid_data, "document": pdf()})
    protocol = Protocol.objects.get()
    assert response.status_code == 302
    assert protocol.partners.count() == 2
    assert protocol.document.name.startswith("protocols/")

    download = worker_client.get(reverse("territory:protocol_document", args=[protocol.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_protocol_without_document_has_nothing_to_download(worker_client):
    protocol = ProtocolFactory()
    assert worker_client.get(reverse("territory:protocol_document", args=[protocol.pk])).status_code == 404


def test_bad_input_is_re_rendered(worker_client, valid_data):
    response = worker_client.post(
        CREATE_URL, {**valid_data, "partners": [], "end_date": "2024-01-01", "document": pdf("virus.exe")}
    )
    assert response.status_code == 200
    assert error_codes(response) == {
        "partners": ["required"],
        "end_date": ["end_before_start"],
        "document": ["invalid_extension"],
    }
    assert "La data di fine non può precedere la data di inizio." in response.content.decode()
    assert not Protocol.objects.exists()


def test_a_too_large_document_is_refused(worker_client, valid_data, settings):
    response = worker_client.post(CREATE_URL, {**valid_data, "document": pdf(size=MAX_DOCUMENT_BYTES)})
    assert error_codes(response) == {"document": ["document_too_large"]}
    assert not Protocol.objects.exists()


@pytest.mark.parametrize(
    "content",
    [b"<!doctype html><html><body><script>alert(1)</script></body></html>", b"MZ\x90\x00\x03" + bytes(60)],
    ids=["html", "windows-program"],
)
def test_a_document_is_typed_by_its_content_not_its_name(worker_client, valid_data, content):
    fake = SimpleUploadedFile("protocollo.pdf", content, content_type="application/pdf")
    response = worker_client.post(CREATE_URL, {**valid_data, "document": fake})
    assert response.status_code == 200
    assert error_codes(response) == {"document": ["document_content_not_allowed"]}
    with translation.override("it"):
        message = str(response.context["form"].errors["document"][0])
    assert message in response.content.decode()
    assert not Protocol.objects.exists()


def test_a_document_stored_before_the_content_check_does_not_block_an_edit(worker_client, valid_data):
    protocol = ProtocolFactory(document=SimpleUploadedFile("vecchio.pdf", b"<html>uploaded long ago</html>"))
    response = worker_client.post(
        reverse("territory:protocol_update", args=[protocol.pk]),
        {**valid_data, "title": "Rinnovato", "edited_version": protocol.version},
    )
    protocol.refresh_from_db()
    assert response.status_code == 302
    assert protocol.title == "Rinnovato"
    assert protocol.document.name.endswith(".pdf")


def test_a_user_without_the_role_is_refused(no_role_client, valid_data):
    assert no_role_client.post(CREATE_URL, valid_data).status_code == 403
    assert not Protocol.objects.exists()


def test_it_updates_a_protocol(worker_client, valid_data):
    protocol = ProtocolFactory()
    response = worker_client.post(
        reverse("territory:protocol_update", args=[protocol.pk]),
        {**valid_data, "title": "Rinnovato", "edited_version": protocol.version},
    )
    protocol.refresh_from_db()
    assert response.status_code == 302
    assert protocol.title == "Rinnovato"


def test_missing_protocols_answer_404(worker_client):
    for name in ("protocol_detail", "protocol_update", "protocol_document"):
        assert worker_client.get(reverse(f"territory:{name}", args=[424242])).status_code == 404
