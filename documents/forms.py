from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ChosenFilesNotKept
from core.uploads import ATTACHMENT_TYPES, check_attachment


class DocumentForm(ChosenFilesNotKept, forms.Form):
    title = forms.CharField(
        label=_("Description"),
        max_length=200,
        required=False,
        help_text=_("What the document is, e.g. “Signed consent”. Empty: the file's name."),
    )
    file = forms.FileField(
        label=_("File"),
        # Only a hint for the file picker: the content is checked on upload (core.uploads).
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{ext}" for ext in ATTACHMENT_TYPES)}),
        help_text=_("PDF, ODT, Word, JPEG or PNG."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # The same check as the service's, said next to the field.
        check_attachment(upload)
        return upload
