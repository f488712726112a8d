"""A protocol form refused for another field says that the chosen file must be chosen again (issue 14).

Before, the page came back without the file and without a word about it: the user saved, believing the
signed protocol attached.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from territory.models import Protocol
from tests.factories import OrganisationFactory, ProtocolFactory
from tests.helpers import error_codes


def pdf(name="protocollo firmato.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * 100, content_type="application/pdf")


@pytest.fixture
def valid_data(db):
    return {
        "title": "Protocollo contro la povertà educativa",
        "scope": "Segnalazioni reciproche e tavolo operativo.",
        "partners": [OrganisationFactory().pk],
        "start_date": "2025-03-01",
    }


def test_a_refused_form_asks_for_the_file_again(worker_client, valid_data):
    response = worker_client.post(
        reverse("territory:protocol_create"), {**valid_data, "partners": [], "document": pdf()}
    )
    assert response.status_code == 200
    assert error_codes(response) == {"partners": ["required"], "document": ["file_not_kept"]}
    with translation.override("it"):
        message = str(response.context["form"].errors["document"][0])
    assert "protocollo firmato.pdf" in message
    assert escape(message) in response.content.decode()
    assert not Protocol.objects.exists()


def test_a_stale_edit_asks_for_the_file_again(worker_client, valid_data):
    protocol = ProtocolFactory()
    Protocol.objects.filter(pk=protocol.pk).update(version=2)
    response = worker_client.post(
        reverse("territory:protocol_update", args=[protocol.pk]),
        {**valid_data, "document": pdf(), "edited_version": 1},
    )
    assert error_codes(response) == {"__all__": ["stale"], "document": ["file_not_kept"]}
    protocol.refresh_from_db()
    assert not protocol.document


def test_a_file_with_its_own_error_gets_no_second_message(worker_client, valid_data):
    response = worker_client.post(
        reverse("territory:protocol_create"), {**valid_data, "partners": [], "document": pdf("virus.exe")}
    )
    assert error_codes(response) == {"partners": ["required"], "document": ["invalid_extension"]}


def test_a_valid_form_keeps_its_file(worker_client, valid_data):
    assert (
        worker_client.post(reverse("territory:protocol_create"), {**valid_data, "document": pdf()}).status_code == 302
    )
    assert Protocol.objects.get().document.name.endswith(".pdf")
