from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.uploads import MAX_DOCUMENT_BYTES


def validate_latitude(value: Decimal) -> None:
    if not Decimal(-90) <= value <= Decimal(90):
        raise ValidationError(
            _("Latitude must be between -90 and 90 degrees (Italy is about 36 to 47)."), code="latitude_range"
        )


def validate_longitude(value: Decimal) -> None:
    if not Decimal(-180) <= value <= Decimal(180):
        raise ValidationError(
            _("Longitude must be between -180 and 180 degrees (Italy is about 6 to 19)."), code="longitude_range"
        )


def validate_document_size(document) -> None:
    """Kept for migration 0001, which names it; documents are now checked by core.uploads.validate_document."""
    if document.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("The document is larger than 10 MB."), code="document_too_large")
