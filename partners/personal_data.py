"""The personal data of the partners app, for the inventory (see core.personal_data)."""

from django.utils.translation import gettext_lazy as _

from core.personal_data import ACCOUNT, CONTACT, NOT_PERSONAL, SERVICE, register
from partners.models import PartnerAccount, PartnerLink

LINKS = _(
    "partner links: with the record they open (a referral, minutes, an action item), expired after PARTNER_LINK_DAYS"
)


def register_inventory() -> None:
    register(
        PartnerAccount,
        fields={"id": NOT_PERSONAL, "user": SERVICE, "contact": SERVICE, "created_at": SERVICE},
        retention=ACCOUNT,
    )
    register(
        PartnerLink,
        fields={
            "id": NOT_PERSONAL, "purpose": NOT_PERSONAL, "token_hash": NOT_PERSONAL, "referral": SERVICE,
            "contact": SERVICE, "minutes_version": NOT_PERSONAL, "action_item": NOT_PERSONAL, "member": SERVICE,
            "address": CONTACT, "created_at": SERVICE, "created_by": SERVICE, "expires_at": SERVICE,
            "revoked_at": SERVICE, "revoked_by": SERVICE, "revoked_reason": SERVICE, "last_used_at": SERVICE,
            "uses": SERVICE,
        },
        retention=LINKS,
    )  # fmt: skip
