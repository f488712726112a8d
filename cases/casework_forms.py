"""Forms of case work after the fact, the household, handover and supervision (issue 14).

They validate input and hand plain data to the services of cases.household, cases.handover,
cases.supervision and cases.editing.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Team
from cases.forms import CaseMeetingForm
from cases.household import HouseholdMember
from cases.models import JointPlan, PlanObjective, PlanPartner, Referral
from core.concurrency import VersionedModelForm
from core.forms import model_data
from territory.forms import DATE_WIDGET
from territory.models import Contact


def _date_field(label, **kwargs):
    return forms.DateField(label=label, widget=DATE_WIDGET, **kwargs)


def colleagues(team_id: int, exclude=None):
    users = get_user_model().objects.filter(team_id=team_id, is_active=True).order_by("last_name", "first_name")
    return users.exclude(pk=exclude) if exclude else users


class HouseholdMemberForm(VersionedModelForm):
    class Meta:
        model = HouseholdMember
        fields = ["relationship", "relative", "name", "birth_year", "lives_with"]
        help_texts = {"name": _("Only for someone not in charge of the team.")}

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relative"].queryset = people.exclude(pk=self.instance.person_id).order_by(
            "last_name", "first_name", "pk"
        )
        self.fields["relative"].label_from_instance = lambda p: f"{p} ({p.birth_date:%Y})" if p.birth_date else str(p)

    def clean(self):
        cleaned = super().clean()
        relative, name = cleaned.get("relative"), (cleaned.get("name") or "").strip()
        if relative and name:
            self.add_error(
                "name",
                forms.ValidationError(
                    _("Choose a person in charge or write the member's name, not both."), code="member_both"
                ),
            )
        elif not relative and not name and "relative" not in self.errors:
            self.add_error(
                "name",
                forms.ValidationError(
                    _("Choose a person in charge of the team, or write the member's name."), code="member_empty"
                ),
            )
        return cleaned

    def details(self) -> dict:
        return model_data(self)


class ReassignForm(forms.Form):
    to = forms.ModelChoiceField(label=_("Colleague"), queryset=get_user_model().objects.none())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    edited_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = colleagues(case.team_id, exclude=case.responsible_id)
        self.fields["edited_version"].initial = case.version


class BulkReassignForm(forms.Form):
    cases = forms.ModelMultipleChoiceField(
        label=_("Cases"), queryset=None, widget=forms.CheckboxSelectMultiple, required=True
    )
    to = forms.ModelChoiceField(label=_("Give them to"), queryset=get_user_model().objects.none())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def __init__(self, *args, cases, from_worker, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases
        self.fields["cases"].label_from_instance = lambda case: str(case.person)
        self.fields["to"].queryset = colleagues(from_worker.team_id, exclude=from_worker.pk)


class TransferProposalForm(forms.Form):
    to_team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none())
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("What the receiving team needs to know to decide: it does not see the case until it accepts."),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_team"].queryset = Team.objects.exclude(pk=case.team_id)


ACCEPT, REFUSE = "accept", "refuse"


class TransferDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Answer"),
        choices=[(ACCEPT, _("Accept: the case moves to my team")), (REFUSE, _("Refuse"))],
        widget=forms.RadioSelect,
    )
    responsible = forms.ModelChoiceField(
        label=_("Responsible worker"), queryset=get_user_model().objects.none(), required=False
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_("Required when refusing."),
    )

    def __init__(self, *args, team_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = colleagues(team_id)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == ACCEPT and not cleaned.get("responsible") and "responsible" not in self.errors:
            self.add_error(
                "responsible",
                forms.ValidationError(_("Choose who takes the case in charge."), code="responsible_required"),
            )
        return cleaned


APPROVE, RETURN = "approve", "return"


class DecisionForm(forms.Form):
    """The coordinator's answer to a plan or a closure: approve, or return with comments."""

    decision = forms.ChoiceField(
        label=_("Decision"), choices=[(APPROVE, _("Approve")), (RETURN, _("Return with comments"))]
    )
    comments = forms.CharField(
        label=_("Comments"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
        help_text=_("Required when returning."),
    )


class ClosureRequestForm(forms.Form):
    closes_on = _date_field(_("Closing date"), initial=timezone.localdate)
    reason = forms.CharField(label=_("Why the case is closed"), widget=forms.Textarea(attrs={"rows": 2}))


class ReferralEditForm(VersionedModelForm):
    class Meta:
        model = Referral
        fields = ["liaison", "reason", "follow_up_on"]
        widgets = {"follow_up_on": DATE_WIDGET, "reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        opportunity = self.instance.opportunity
        self.fields["liaison"].queryset = Contact.objects.filter(
            organisation_id=opportunity.organisation_id, is_liaison=True
        )
        if not self.instance.is_open:
            # A concluded referral has nothing left to follow up.
            del self.fields["follow_up_on"]

    def details(self) -> dict:
        return model_data(self)


class JointPlanEditForm(VersionedModelForm):
    class Meta:
        model = JointPlan
        fields = ["title", "started_on", "next_review_on", "notes"]
        widgets = {"started_on": DATE_WIDGET, "next_review_on": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 3})}

    def details(self) -> dict:
        return model_data(self)


class PlanCloseForm(forms.Form):
    closed_on = _date_field(_("Closed on"), initial=timezone.localdate)
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    edited_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PartnerEditForm(VersionedModelForm):
    class Meta:
        model = PlanPartner
        fields = ["contact", "role", "commitments"]
        widgets = {"commitments": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = Contact.objects.filter(organisation_id=self.instance.organisation_id)

    def details(self) -> dict:
        return model_data(self)


class ObjectiveEditForm(VersionedModelForm):
    class Meta:
        model = PlanObjective
        fields = ["description", "indicator", "due_on", "status"]
        widgets = {"due_on": DATE_WIDGET}

    def details(self) -> dict:
        return model_data(self)


class RemovalForm(forms.Form):
    removed_on = _date_field(_("From"), initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    edited_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CaseMeetingEditForm(VersionedModelForm, CaseMeetingForm):
    """The record of a case meeting corrected after the fact: the same fields, with the version seen."""

    class Meta(CaseMeetingForm.Meta):
        pass

    def details(self) -> dict:
        return model_data(self)
