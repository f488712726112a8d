"""The personal data of the outbox, for the inventory (see core.personal_data)."""

from django.utils.translation import gettext_lazy as _

from core.personal_data import CONTACT, IDENTIFYING, NOT_PERSONAL, SERVICE, register
from outbox.models import Attachment, Email

MAIL_LOG = _("e-mail queue: kept with the record it is about, as the log of what was sent")


def register_inventory() -> None:
    register(
        Email,
        fields={
            "id": NOT_PERSONAL, "kind": NOT_PERSONAL, "record_type": NOT_PERSONAL, "record_id": NOT_PERSONAL,
            "recipient": IDENTIFYING, "address": CONTACT,
            # What the message says: minutes, convocations, notifications worded with initials only.
            "subject": SERVICE, "body": SERVICE,
            "dedupe_key": CONTACT, "status": NOT_PERSONAL, "attempts": NOT_PERSONAL,
            "next_attempt_at": NOT_PERSONAL, "sent_at": SERVICE, "created_at": SERVICE,
            # The mail server's refusal may quote the address.
            "last_error": CONTACT, "claim_token": NOT_PERSONAL, "claimed_until": NOT_PERSONAL,
        },
        retention=MAIL_LOG,
    )  # fmt: skip
    register(
        Attachment,
        fields={"id": NOT_PERSONAL, "email": NOT_PERSONAL, "filename": SERVICE, "mimetype": NOT_PERSONAL,
                "content": SERVICE},
        retention=MAIL_LOG,
    )  # fmt: skip
