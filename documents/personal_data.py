"""The personal data of documents, for the inventory (see core.personal_data)."""

from django.utils.translation import gettext_lazy as _

from core.personal_data import NOT_PERSONAL, SERVICE, SPECIAL, register
from documents.models import Document

DOCUMENTS = _(
    "documents: as long as their record; those about a person in charge until anonymisation "
    "(RETENTION_YEARS after the person's last case closed), file included"
)


def register_inventory() -> None:
    register(
        Document,
        fields={
            "id": NOT_PERSONAL, "record_type": NOT_PERSONAL, "record_id": SERVICE, "subject_person_id": SERVICE,
            "title": SPECIAL, "file": SPECIAL, "original_name": SPECIAL, "media_type": NOT_PERSONAL,
            "size": NOT_PERSONAL, "uploaded_by": SERVICE, "created_at": SERVICE,
        },
        retention=DOCUMENTS,
    )  # fmt: skip
