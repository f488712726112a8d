from django import forms

from notifications.models import Preference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["email_mode", "digest_hour"]
        widgets = {"email_mode": forms.RadioSelect}
