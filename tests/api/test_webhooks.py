"""Webhooks: directory changes queued as signed deliveries, sent by the job queue, retried, visible."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.test import TestCase
from django.urls import reverse
from django_q.models import Schedule

from accounts.roles import ADMIN
from api.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from api.services import create_webhook
from api.webhooks import MAX_ATTEMPTS, SIGNATURE_HEADER
from tests.factories import OpportunityFactory, OrganisationFactory, UserFactory
from tests.jobs import run_queued_jobs

SECRET = "un-segreto-condiviso-lungo"


class Receiver:
    """A real HTTP server on a free local port, in a thread, keeping what it receives."""

    def __init__(self, status: int = 200):
        self.received: list[tuple[dict, bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.status = status
        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def admin(db):
    return UserFactory(username="amministratrice", team=None, role=ADMIN)


def change_and_deliver(change):
    with TestCase.captureOnCommitCallbacks(execute=True):
        result = change()
    run_queued_jobs()
    return result


def test_a_change_is_delivered_signed_with_the_shared_secret(admin):
    with Receiver() as receiver:
        create_webhook(url=receiver.url, secret=SECRET, created_by=admin)
        opportunity = change_and_deliver(
            lambda: OpportunityFactory(published=True, organisation=OrganisationFactory(published=True))
        )
    events = [json.loads(body)["event"] for _headers, body in receiver.received]
    # The factory creates the organisation, then the opportunity.
    assert events == ["organisation.created", "opportunity.created"]
    headers, body = receiver.received[1]
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers[SIGNATURE_HEADER], expected)
    assert json.loads(body)["record"] == {
        "type": "opportunity",
        "id": opportunity.pk,
        "title": opportunity.title,
        "kind": opportunity.kind,
        "organisation_id": opportunity.organisation_id,
    }
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.DELIVERED}


def test_changes_and_deletions_carry_their_event(admin):
    organisation = OrganisationFactory(published=True)
    with Receiver() as receiver:
        create_webhook(url=receiver.url, secret=SECRET, created_by=admin)

        def rename_then_delete():
            organisation.name = "Rinominata"
            organisation.save()
            organisation.delete()

        change_and_deliver(rename_then_delete)
    assert [json.loads(body)["event"] for _h, body in receiver.received] == [
        "organisation.changed",
        "organisation.deleted",
    ]


def test_a_switched_off_webhook_gets_nothing(admin):
    with Receiver() as receiver:
        subscription = create_webhook(url=receiver.url, secret=SECRET, created_by=admin)
        WebhookSubscription.objects.filter(pk=subscription.pk).update(active=False)
        change_and_deliver(lambda: OrganisationFactory(published=True))
    assert receiver.received == []
    assert not WebhookDelivery.objects.exists()


def test_only_the_published_directory_leaves_and_unpublishing_is_told(admin):
    """A record never published sends nothing, whatever happens to it; publishing and unpublishing do."""
    with Receiver() as receiver:
        create_webhook(url=receiver.url, secret=SECRET, created_by=admin)
        hidden = change_and_deliver(OrganisationFactory)

        def edit_publish_unpublish_delete():
            hidden.name = "Ancora privata"
            hidden.save()
            hidden.published = True
            hidden.save()
            hidden.name = "Pubblica"
            hidden.save()
            hidden.published = False
            hidden.save()
            hidden.delete()

        change_and_deliver(edit_publish_unpublish_delete)
    assert [json.loads(body)["event"] for _h, body in receiver.received] == [
        "organisation.created",
        "organisation.changed",
        "organisation.unpublished",
    ]


def test_a_rolled_back_change_sends_nothing(admin):
    from django.db import transaction

    create_webhook(url="https://example.invalid/hook", secret=SECRET, created_by=admin)
    with TestCase.captureOnCommitCallbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        OrganisationFactory(published=True)
        raise RuntimeError
    assert not WebhookDelivery.objects.exists()


def test_a_refused_delivery_is_retried_then_fails_for_good_visibly(admin):
    from api.webhooks import deliver

    with Receiver(status=500) as receiver:
        create_webhook(url=receiver.url, secret=SECRET, created_by=admin)
        change_and_deliver(lambda: OrganisationFactory(published=True))
        delivery = WebhookDelivery.objects.get()
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.last_error) == (DeliveryStatus.RETRYING, 1, "HTTP 500")
        # core.jobs scheduled the next attempt with back-off.
        assert Schedule.objects.filter(func="core.jobs.run", args__contains="api.webhooks.deliver").exists()
        for _ in range(MAX_ATTEMPTS - 1):
            with pytest.raises(OSError):
                deliver(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, MAX_ATTEMPTS)
    assert len(receiver.received) == MAX_ATTEMPTS
    # A job run again after its delivery failed for good (or was delivered) sends nothing more.
    deliver(delivery.pk)
    assert len(receiver.received) == MAX_ATTEMPTS


def test_the_webhooks_page_shows_each_deliverys_state(client, admin, django_assert_max_num_queries):
    subscription = create_webhook(url="https://example.org/hook", secret=SECRET, created_by=admin)
    for _ in range(3):
        WebhookDelivery.objects.create(
            subscription=subscription, event="organisation.changed", payload={}, status=DeliveryStatus.RETRYING
        )
    client.force_login(admin)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("api_pages:webhook_list"))
    assert response.content.decode().count("text-bg-warning") == 3
    for _ in range(20):
        WebhookDelivery.objects.create(subscription=subscription, event="organisation.changed", payload={})
    with django_assert_max_num_queries(12):
        assert client.get(reverse("api_pages:webhook_list")).status_code == 200


def test_a_worker_may_not_manage_webhooks(worker_client):
    assert worker_client.get(reverse("api_pages:webhook_list")).status_code == 403


def test_a_webhook_needs_https_and_a_long_secret(client, admin):
    client.force_login(admin)
    response = client.post(reverse("api_pages:webhook_list"), {"url": "http://example.org/", "secret": "corto"})
    assert response.status_code == 200
    assert not WebhookSubscription.objects.exists()
    assert response.context["form"].errors.keys() == {"url", "secret"}


def test_an_admin_adds_and_switches_off_a_webhook(client, admin):
    client.force_login(admin)
    response = client.post(reverse("api_pages:webhook_list"), {"url": "https://example.org/hook", "secret": SECRET})
    assert response.status_code == 302
    subscription = WebhookSubscription.objects.get()
    assert client.get(reverse("api_pages:webhook_toggle", args=[subscription.pk])).status_code == 405
    client.post(reverse("api_pages:webhook_toggle", args=[subscription.pk]))
    subscription.refresh_from_db()
    assert subscription.active is False


def test_the_shared_secret_stays_out_of_the_audit_trail(admin):
    from audit.models import AuditEvent

    create_webhook(url="https://example.org/hook", secret=SECRET, created_by=admin)
    created = AuditEvent.objects.get(object_type="api.webhooksubscription", action="create")
    assert SECRET not in json.dumps(created.changes)
