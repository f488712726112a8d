import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def model_data(form: forms.ModelForm) -> dict:
    """A valid ModelForm's input for its model's fields only, as plain keyword data for a service.

    Extra form fields (a version seen, a confirmation box) are left out.
    """
    return {name: form.cleaned_data[name] for name in form._meta.fields if name in form.cleaned_data}


class ChosenFilesNotKept:
    """A form mixin: when a form with a file is refused, say on the file field that it must be chosen again.

    A browser cannot put a chosen file back into a re-rendered page, so a form refused for another field
    (or for a stale version) would otherwise come back with the file silently gone. The note names the
    file the user chose; a file field that has its own error already says what is wrong with it.
    """

    def full_clean(self):
        super().full_clean()
        self._note_files_not_kept()
        self._files_noted = True

    def add_error(self, field, error):
        super().add_error(field, error)
        # Errors added after validation (a stale version, a service's refusal) drop the file too.
        if getattr(self, "_files_noted", False):
            self._note_files_not_kept()

    def _note_files_not_kept(self) -> None:
        if not self.is_bound or not self._errors:
            return
        for name, field in self.fields.items():
            upload = self.files.get(self.add_prefix(name))
            if not isinstance(field, forms.FileField) or not upload or name in self._errors:
                continue
            note = ValidationError(
                _("Nothing was saved, so the file “%(name)s” was not kept either: choose it again before saving."),
                code="file_not_kept",
                params={"name": printable(upload.name)},
            )
            super().add_error(name, note)


def printable(text: str) -> str:
    """Text with control and format characters (a right-to-left override…) removed, for showing back."""
    return "".join(char for char in text or "" if unicodedata.category(char)[0] != "C")
