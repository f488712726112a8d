"""The personal data of notifications, for the inventory (see core.personal_data)."""

from django.utils.translation import gettext_lazy as _

from core.personal_data import ACCOUNT, NOT_PERSONAL, SERVICE, register
from notifications.models import Notification, Preference

NOTIFICATIONS = _("notifications: with the account (people appear by initials and case number only)")


def register_inventory() -> None:
    register(
        Notification,
        fields={
            "id": NOT_PERSONAL, "user": SERVICE, "kind": NOT_PERSONAL, "params": SERVICE,
            "record_type": NOT_PERSONAL, "record_id": NOT_PERSONAL, "url": NOT_PERSONAL,
            "created_at": SERVICE, "read_at": SERVICE, "emailed_at": SERVICE, "dedupe_key": NOT_PERSONAL,
        },
        retention=NOTIFICATIONS,
    )  # fmt: skip
    register(
        Preference,
        fields={"id": NOT_PERSONAL, "user": SERVICE, "email_mode": SERVICE, "digest_hour": SERVICE},
        retention=ACCOUNT,
    )
