from django import forms
from django.utils.translation import gettext_lazy as _

from api.models import ApiToken, WebhookSubscription


class TokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name", "scope"]
        widgets = {"scope": forms.RadioSelect}


class WebhookForm(forms.ModelForm):
    url = forms.URLField(label=_("Address"), max_length=500, assume_scheme="https")

    class Meta:
        model = WebhookSubscription
        fields = ["url", "secret"]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if not url.startswith("https://"):
            raise forms.ValidationError(_("The address must start with https://."), code="not_https")
        return url

    def clean_secret(self) -> str:
        secret = self.cleaned_data["secret"]
        if len(secret) < 16:
            raise forms.ValidationError(_("The shared secret needs at least 16 characters."), code="short_secret")
        return secret
