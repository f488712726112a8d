"""The demo's mailbox: the administrator reads every e-mail the demo sends, attachments included."""

import pytest
from django.urls import reverse

from accounts.roles import ADMIN
from outbox.services import File, queue_email
from tests.factories import UserFactory


@pytest.fixture
def convocation(db):
    return queue_email(
        kind="convocation",
        recipient="Lucia Ferri",
        address="lucia@example.it",
        subject="Convocazione del tavolo",
        body="Ti aspettiamo martedì.",
        attachments=[File("invito.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
    )


def test_the_administrator_reads_the_mailbox_and_downloads_attachments(client, convocation):
    client.force_login(UserFactory(username="amministratore", team=None, role=ADMIN))
    listing = client.get(reverse("demo:mailbox")).content.decode()
    assert "Convocazione del tavolo" in listing and "invito.ics" in listing
    message = client.get(reverse("demo:message", args=[convocation.pk])).content.decode()
    assert "Ti aspettiamo martedì." in message
    attachment = convocation.attachments.get()
    download = client.get(reverse("demo:attachment", args=[attachment.pk]))
    assert (download["Content-Type"], download.content[:15]) == ("text/calendar", b"BEGIN:VCALENDAR")


def test_workers_cannot_read_the_mailbox(worker_client, convocation):
    assert worker_client.get(reverse("demo:mailbox")).status_code == 403
    assert worker_client.get(reverse("demo:message", args=[convocation.pk])).status_code == 403


@pytest.mark.parametrize("rows", [1, 30])
def test_the_mailbox_runs_a_fixed_number_of_queries(client, db, django_assert_max_num_queries, rows):
    for n in range(rows):
        queue_email(kind="x", recipient="A", address=f"a{n}@example.it", subject="S", body="B")
    client.force_login(UserFactory(username="amministratore", team=None, role=ADMIN))
    with django_assert_max_num_queries(10):
        assert client.get(reverse("demo:mailbox")).status_code == 200
