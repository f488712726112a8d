"""Optimistic locking: refuse a save when the record changed after the form was opened."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "Someone else saved this record after you opened it. Your changes were not saved: "
    "they are still in the form below. Open the record in a new tab to see the current "
    "version, then apply your changes again."
)


class VersionedModelForm(forms.ModelForm):
    """A ModelForm that carries the version of the record the user started from."""

    edited_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edited_version"].initial = self.instance.version

    def save_unless_stale(self):
        """Save and return the instance, or return None (with a form error) if it went stale."""
        instance = self.instance
        if instance.pk is None:
            return self.save()
        expected = self.cleaned_data.get("edited_version") or instance.version
        with transaction.atomic():
            # The conditional UPDATE both checks and claims the version, so two concurrent
            # saves cannot both pass: the database serialises them on the row.
            claimed = (
                type(instance)
                ._default_manager.filter(pk=instance.pk, version=expected)
                .update(version=F("version") + 1)
            )
            if not claimed:
                self.add_error(None, ValidationError(STALE_MESSAGE, code="stale"))
                return None
            instance.version = expected + 1
            return self.save()
