"""The personal data of the staff API, for the inventory (see core.personal_data)."""

from django.utils.translation import gettext_lazy as _

from api.models import ApiToken, WebhookDelivery, WebhookSubscription
from core.personal_data import ACCOUNT, NOT_PERSONAL, SERVICE, register

DELIVERIES = _("webhook deliveries: directory records only, kept with their webhook until it is deleted")


def register_inventory() -> None:
    register(
        ApiToken,
        fields={
            "id": NOT_PERSONAL, "owner": SERVICE, "name": SERVICE, "token_hash": NOT_PERSONAL, "scope": SERVICE,
            "created_at": SERVICE, "last_used_at": SERVICE, "revoked_at": SERVICE,
        },
        retention=ACCOUNT,
    )  # fmt: skip
    register(
        WebhookSubscription,
        fields={
            "id": NOT_PERSONAL, "url": NOT_PERSONAL, "secret": NOT_PERSONAL, "active": NOT_PERSONAL,
            "created_by": SERVICE, "created_at": SERVICE,
        },
        retention=ACCOUNT,
    )  # fmt: skip
    register(
        WebhookDelivery,
        fields={
            "id": NOT_PERSONAL, "subscription": NOT_PERSONAL, "event": NOT_PERSONAL, "payload": NOT_PERSONAL,
            "status": NOT_PERSONAL, "attempts": NOT_PERSONAL, "response_code": NOT_PERSONAL,
            "last_error": NOT_PERSONAL, "created_at": NOT_PERSONAL, "delivered_at": NOT_PERSONAL,
        },
        retention=DELIVERIES,
    )  # fmt: skip
