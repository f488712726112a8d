from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from audit.filters import DATETIME


class PeopleTouchedForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Account"), queryset=get_user_model().objects.order_by("username"))
    since = forms.DateTimeField(label=_("From"), widget=DATETIME)
    until = forms.DateTimeField(label=_("To"), widget=DATETIME)

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error(
                "until", forms.ValidationError(_("The end cannot come before the start."), code="until_before")
            )
        return cleaned
