from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import printable

MIN_LENGTH = 2
MAX_LENGTH = 100


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        min_length=MIN_LENGTH,
        max_length=MAX_LENGTH,
        error_messages={
            "required": _("Type a name or a word to search for."),
            "min_length": _("Type at least %(limit_value)d characters to search."),
            "max_length": _("Search for at most %(limit_value)d characters."),
        },
    )

    def clean_q(self) -> str:
        text = " ".join(printable(self.cleaned_data["q"]).split())
        if len(text) < MIN_LENGTH:
            raise forms.ValidationError(self.fields["q"].error_messages["min_length"] % {"limit_value": MIN_LENGTH})
        return text
