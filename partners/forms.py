from django import forms
from django.utils.translation import gettext_lazy as _

from cases.choices import DeclineReason
from community.choices import MinutesAnswerKind
from core.concurrency import VersionedModelForm
from partners.choices import ReferralAnswer
from territory.forms import DATE_WIDGET
from territory.models import Contact, Opportunity, Organisation


class ReferralAnswerForm(forms.Form):
    """The organisation's answer. Which fields each answer needs is the service's rule
    (partners.services.answer_referral), said back next to the field."""

    answer = forms.ChoiceField(label=_("Answer"), choices=ReferralAnswer.choices)
    starts_on = forms.DateField(label=_("The person can start on"), required=False, widget=DATE_WIDGET)
    decline_category = forms.ChoiceField(
        label=_("Why you decline"), choices=[("", "—"), *DeclineReason.choices], required=False
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Your words to the service: why you decline, or how the path ended."),
    )


class MinutesAnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Answer"), choices=MinutesAnswerKind.choices)
    correction = forms.CharField(
        label=_("What should be corrected"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ActionItemDoneForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ListingForm(VersionedModelForm):
    """What a partner keeps up to date of their organisation: how to reach it. Its legal identity, kind
    and whether it is active stay with the service."""

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["address", "postcode", "email", "phone", "website"]


class PartnerContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["first_name", "last_name", "role", "email", "phone", "is_liaison", "receives_referrals", "active"]


class PartnerOpportunityForm(VersionedModelForm):
    class Meta:
        model = Opportunity
        fields = [
            "title",
            "kind",
            "description",
            "capacity",
            "how_to_access",
            "start_date",
            "end_date",
            "liaison",
            "active",
        ]
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
            "how_to_access": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        # The liaison figure is one of the organisation's own contacts.
        self.fields["liaison"].queryset = Contact.objects.filter(organisation=organisation, active=True)
