"""Optimistic locking: refuse a save when the record changed after the form was opened."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "Someone else saved this record after you opened it. Your changes were not saved: "
    "they are still in the form below. Open the record in a new tab to see the current "
    "version, then apply your changes again."
)


class StaleRecord(ValidationError):
    """The record changed since the user opened it; nothing was saved."""

    def __init__(self):
        super().__init__(STALE_MESSAGE, code="stale")


def claim_version(instance: models.Model, expected: int | None) -> None:
    """Move `instance` to its next version if it is still at `expected`, or raise StaleRecord.

    The conditional UPDATE both checks and claims the version, so two concurrent saves cannot both
    pass: the database serialises them on the row. Call it inside the transaction that saves.
    """
    expected = expected or instance.version
    claimed = type(instance)._default_manager.filter(pk=instance.pk, version=expected).update(version=F("version") + 1)
    if not claimed:
        raise StaleRecord()
    instance.version = expected + 1


class VersionedModelForm(forms.ModelForm):
    """A ModelForm that carries the version of the record the user started from."""

    edited_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edited_version"].initial = self.instance.version

    @property
    def version_seen(self) -> int | None:
        return self.cleaned_data.get("edited_version")

    def save_unless_stale(self):
        """Save and return the instance, or return None (with a form error) if it went stale."""
        if self.instance.pk is None:
            return self.save()
        try:
            with transaction.atomic():
                claim_version(self.instance, self.version_seen)
                return self.save()
        except StaleRecord as error:
            self.add_error(None, error)
            return None
