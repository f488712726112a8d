"""Webhooks: changes of the published directory, sent to the outside systems that asked.

Only what the public may see leaves: a published organisation or opportunity created, changed or deleted,
and a record that stops being published ("unpublished"). A record that was never published sends nothing,
whatever happens to it (`_event` decides, from the stored flag read before the save).

Why the model's signals: organisations and opportunities are written by the pages' forms, the API, the
admin and the CSV import's per-row saves, and the one place all of them pass is the row's save or
delete (the audit trail hears them the same way, audit.changes). The handler only notes the change in
memory; after the commit, `fan_out` writes one delivery per active webhook and queues each through the
job queue (core.jobs), whose worker signs and POSTs it (`deliver`), retrying with back-off. A rolled
back change sends nothing. Bulk writes (the import's bulk_create) send no signal and so no webhook.
The payload carries the record's identity and kind only; the receiver reads the rest through an API.
"""

import hashlib
import hmac
import json
import urllib.error
import urllib.request

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from api.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from core.jobs import RETRY_DELAYS, enqueue_on_commit
from territory.models import Opportunity, Organisation

SIGNATURE_HEADER = "X-Rete-Signature"
EVENT_HEADER = "X-Rete-Event"
TIMEOUT_SECONDS = 10
# The first try and one per back-off delay of core.jobs: the last failure is final.
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


def body_of(payload: dict) -> bytes:
    return json.dumps(payload, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":")).encode()


def signature(secret: str, body: bytes) -> str:
    """`sha256=<hex>`: the HMAC-SHA256 of the exact body with the shared secret (as GitHub signs)."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _record(instance) -> dict:
    if isinstance(instance, Organisation):
        return {"type": "organisation", "id": instance.pk, "name": instance.name, "kind": instance.kind}
    return {
        "type": "opportunity",
        "id": instance.pk,
        "title": instance.title,
        "kind": instance.kind,
        "organisation_id": instance.organisation_id,
    }


def _remember_published(sender, instance, raw=False, **kwargs) -> None:
    """Before a save or delete: whether the stored row is published (one query, for an existing row)."""
    if raw:
        return
    instance._was_published = (
        instance.pk is not None and sender._default_manager.filter(pk=instance.pk, published=True).exists()
    )


def _event(*, was_published: bool, is_published: bool, created: bool, deleted: bool) -> str | None:
    if deleted:
        return "deleted" if was_published else None
    if is_published:
        return "created" if created or not was_published else "changed"
    return "unpublished" if was_published else None


def _changed(sender, instance, created=False, raw=False, **kwargs) -> None:
    if raw:  # fixtures being loaded
        return
    action = _event(
        was_published=getattr(instance, "_was_published", False),
        is_published=instance.published,
        created=created,
        deleted=kwargs.get("signal") is post_delete,
    )
    if action is None:
        return
    record = _record(instance)
    payload = {
        "event": f"{record['type']}.{action}",
        "occurred_at": timezone.now(),
        "record": record,
        "active": getattr(instance, "active", None),
    }
    transaction.on_commit(lambda: fan_out(payload))


def listen_to_directory() -> None:
    for model in (Organisation, Opportunity):
        pre_save.connect(_remember_published, sender=model, dispatch_uid=f"api.webhooks.{model.__name__}.before_save")
        pre_delete.connect(
            _remember_published, sender=model, dispatch_uid=f"api.webhooks.{model.__name__}.before_delete"
        )
        post_save.connect(_changed, sender=model, dispatch_uid=f"api.webhooks.{model.__name__}.saved")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"api.webhooks.{model.__name__}.deleted")


@transaction.atomic
def fan_out(payload: dict) -> list[WebhookDelivery]:
    """One delivery per active webhook, each queued for a worker once written."""
    payload = json.loads(body_of(payload))  # stored as it will be sent
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(subscription=subscription, event=payload["event"], payload=payload)
        for subscription in WebhookSubscription.objects.filter(active=True)
    )
    for delivery in deliveries:
        enqueue_on_commit("api.webhooks.deliver", delivery.pk)
    return deliveries


def deliver(delivery_id: int) -> None:
    """The job: claim the delivery, POST it signed, and note the outcome; raise to be retried.

    The claim is a conditional UPDATE, so two workers never send one delivery at once, and a delivery
    already delivered (a job run again) is left alone.
    """
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING]
    ).update(status=DeliveryStatus.SENDING)
    if not claimed:
        return
    delivery = WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)
    delivery.attempts += 1
    body = body_of(delivery.payload)
    request = urllib.request.Request(  # noqa: S310 (an https address checked by the form, or a test's)
        delivery.subscription.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            SIGNATURE_HEADER: signature(delivery.subscription.secret, body),
            EVENT_HEADER: delivery.event,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            delivery.response_code = response.status
    except urllib.error.HTTPError as error:
        _failed(delivery, f"HTTP {error.code}", error.code)
        raise
    except (urllib.error.URLError, OSError) as error:
        _failed(delivery, str(getattr(error, "reason", error)), None)
        raise
    delivery.status = DeliveryStatus.DELIVERED
    delivery.delivered_at = timezone.now()
    delivery.last_error = ""
    delivery.save(update_fields=["status", "attempts", "response_code", "delivered_at", "last_error"])


def _failed(delivery: WebhookDelivery, error: str, code: int | None) -> None:
    delivery.status = DeliveryStatus.FAILED if delivery.attempts >= MAX_ATTEMPTS else DeliveryStatus.RETRYING
    delivery.last_error = error[:300]
    delivery.response_code = code
    delivery.save(update_fields=["status", "attempts", "last_error", "response_code"])
