"""The personal data of the territory directory, for the inventory (see core.personal_data)."""

from django.utils.translation import gettext_lazy as _

from core.personal_data import CONTACT, DIRECTORY, IDENTIFYING, NOT_PERSONAL, REFERENCE, SERVICE, register
from territory.models import (
    Area,
    Contact,
    Offer,
    Opportunity,
    Organisation,
    PovertyDimension,
    Protocol,
    ResourceImport,
    TargetGroup,
)

BOOKKEEPING = {"id": NOT_PERSONAL, "version": NOT_PERSONAL, "created_at": NOT_PERSONAL, "updated_at": NOT_PERSONAL}


IMPORT = _("pending import: the file until it is imported or refused, then only its outcome, with the account")


def register_inventory() -> None:
    register(
        ResourceImport,
        fields={
            "id": NOT_PERSONAL, "uploaded_by": SERVICE, "kind": NOT_PERSONAL, "filename": NOT_PERSONAL,
            # The file may hold contact people's names, e-mails and phone numbers.
            "content": CONTACT, "status": NOT_PERSONAL, "rows_total": NOT_PERSONAL, "rows_done": NOT_PERSONAL,
            "errors": CONTACT, "preview": IDENTIFYING, "created": NOT_PERSONAL, "updated": NOT_PERSONAL,
            "created_at": SERVICE, "finished_at": SERVICE,
        },
        retention=IMPORT,
    )  # fmt: skip
    register(
        Area,
        fields=dict.fromkeys(["id", "name", "kind", "parent", "istat_code", "regional_code"], NOT_PERSONAL),
        retention=REFERENCE,
    )
    register(TargetGroup, fields={"id": NOT_PERSONAL, "code": NOT_PERSONAL}, retention=REFERENCE)
    register(PovertyDimension, fields={"id": NOT_PERSONAL, "code": NOT_PERSONAL}, retention=REFERENCE)
    register(
        Organisation,
        fields={
            **BOOKKEEPING,
            **dict.fromkeys(
                ["name", "kind", "runts_number", "cooperative_type", "fiscal_code", "vat_number", "address",
                 "postcode", "municipality", "latitude", "longitude", "website", "active", "areas_served",
                 "target_groups", "poverty_dimensions", "verified_on", "uuid", "published"],
                NOT_PERSONAL,
            ),
            # A small body's e-mail or phone is often a person's own; notes may name people.
            "email": CONTACT, "phone": CONTACT, "notes": SERVICE, "verified_by": SERVICE,
        },
        retention=DIRECTORY,
    )  # fmt: skip
    register(
        Contact,
        fields={
            "id": NOT_PERSONAL, "created_at": NOT_PERSONAL, "updated_at": NOT_PERSONAL,
            "first_name": IDENTIFYING, "last_name": IDENTIFYING, "email": CONTACT, "phone": CONTACT,
            "role": SERVICE, "organisation": SERVICE, "is_liaison": SERVICE, "receives_referrals": SERVICE,
            "notes": SERVICE, "active": SERVICE, "public": SERVICE,
        },
        retention=DIRECTORY,
    )  # fmt: skip
    register(
        Opportunity,
        fields={
            **BOOKKEEPING,
            **dict.fromkeys(
                ["organisation", "title", "kind", "description", "capacity", "how_to_access", "start_date",
                 "end_date", "active", "target_groups", "poverty_dimensions", "areas", "uuid", "minimum_age",
                 "maximum_age", "eligibility", "fees", "languages", "published", "verified_on"],
                NOT_PERSONAL,
            ),
            "liaison": SERVICE, "verified_by": SERVICE,
        },
        retention=DIRECTORY,
    )  # fmt: skip
    register(
        Protocol,
        fields={
            **BOOKKEEPING,
            **dict.fromkeys(["title", "scope", "start_date", "end_date", "notes", "partners"], NOT_PERSONAL),
            # The signed document carries the signatories' names.
            "document": IDENTIFYING,
        },
        retention=DIRECTORY,
    )  # fmt: skip
    register(
        Offer,
        fields={
            **BOOKKEEPING,
            **dict.fromkeys(
                ["title", "description", "poverty_dimensions", "area", "organisation", "registered_on",
                 "available_until", "withdrawn_on"],
                NOT_PERSONAL,
            ),
            # A volunteer offering their time is named, with their phone or e-mail.
            "volunteer_name": IDENTIFYING, "contact": CONTACT, "registered_by": SERVICE,
        },
        retention=DIRECTORY,
    )  # fmt: skip
