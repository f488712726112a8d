from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.choices import (
    CONSENT_METHODS_OFFERED,
    CaseStatus,
    ConsentMethod,
    NeedLevel,
    ObjectiveStatus,
    ReferralKind,
    ReferralStatus,
)
from cases.models import (
    Case,
    CaseMeeting,
    Consent,
    JointPlan,
    Person,
    PlanObjective,
    PlanPartner,
    PlanReview,
    Referral,
)
from core.concurrency import VersionedModelForm
from core.forms import Follows, GroupedChoices, model_data
from core.validators import normalise_code
from territory.forms import DATE_WIDGET
from territory.models import Area, Contact, Offer, Opportunity, Organisation, PovertyDimension

NEED_CHOICES = [("", _("None"))] + [(str(value), label) for value, label in NeedLevel.choices]


def _date_field(label, **kwargs):
    return forms.DateField(label=label, widget=DATE_WIDGET, **kwargs)


class PersonForm(VersionedModelForm):
    confirm_different_person = forms.BooleanField(
        label=_("I checked: this is a different person"), required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = Person
        fields = [
            "last_name",
            "first_name",
            "fiscal_code",
            "birth_date",
            "sex",
            "area",
            "address",
            "phone",
            "email",
            "household_notes",
        ]
        widgets = {"birth_date": DATE_WIDGET, "household_notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, visible_people, **kwargs):
        super().__init__(*args, **kwargs)
        self.visible_people = visible_people
        self.possible_duplicates = []
        self.fields["area"].queryset = Area.objects.select_related("parent").order_by("kind", "parent__name", "name")
        self.fields["area"].label_from_instance = lambda area: area.label

    def details(self) -> dict:
        """The person's own fields, for cases.services.register_person_and_open_case."""
        return model_data(self)

    def clean_fiscal_code(self):
        fiscal_code = normalise_code(self.cleaned_data["fiscal_code"]) or None
        if fiscal_code and Person.objects.filter(fiscal_code=fiscal_code).exclude(pk=self.instance.pk).exists():
            # Said the same way whoever keeps the record, so the form reveals no more than needed.
            raise forms.ValidationError(
                _("This codice fiscale is already registered. If another team follows the person, ask a coordinator."),
                code="duplicate_fiscal_code",
            )
        return fiscal_code

    def clean(self):
        cleaned = super().clean()
        first, last, born = cleaned.get("first_name"), cleaned.get("last_name"), cleaned.get("birth_date")
        if first and last and born and not cleaned.get("confirm_different_person"):
            self.possible_duplicates = list(
                self.visible_people.filter(first_name__iexact=first, last_name__iexact=last, birth_date=born).exclude(
                    pk=self.instance.pk
                )
            )
            if self.possible_duplicates:
                # Let the user confirm on the next submit instead of blocking them for good.
                self.fields["confirm_different_person"].widget = forms.CheckboxInput()
                self.add_error(
                    "confirm_different_person",
                    forms.ValidationError(
                        _(
                            "A person with the same name and birth date is already registered: open their record "
                            "from the warning at the top of the page, or tick this box if this is a different person."
                        ),
                        code="possible_duplicate",
                    ),
                )
        return cleaned


class CaseForm(VersionedModelForm):
    """The case with its needs: one level field per poverty dimension."""

    class Meta:
        model = Case
        fields = ["responsible", "opened_on", "goals", "commitments"]
        widgets = {
            "opened_on": DATE_WIDGET,
            "goals": forms.Textarea(attrs={"rows": 3}),
            "commitments": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = get_user_model().objects.filter(team=team, is_active=True)
        if self.instance.pk:
            # A case changes hands with a reason, told to both workers (cases.handover), not by an edit.
            del self.fields["responsible"]
        self.dimensions = list(PovertyDimension.objects.all())
        current = {need.dimension_id: need.level for need in self.instance.needs.all()} if self.instance.pk else {}
        for dimension in self.dimensions:
            self.fields[f"need_{dimension.code}"] = forms.TypedChoiceField(
                label=_("Need: %(dimension)s") % {"dimension": dimension},
                choices=NEED_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=current.get(dimension.pk),
            )

    def details(self) -> dict:
        """The case's own fields, for cases.services.open_case / update_case."""
        return model_data(self)

    def needs(self) -> dict:
        """{poverty dimension: level or None}, for the same services."""
        return {dimension: self.cleaned_data.get(f"need_{dimension.code}") for dimension in self.dimensions}


class CaseStatusForm(forms.Form):
    # Every status is accepted here and the page offers only the possible ones: the service
    # refuses an impossible move with a message that says why.
    to_status = forms.ChoiceField(label=_("New status"), choices=CaseStatus.choices)
    occurred_on = _date_field(_("Date"), initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    occurred_on = _date_field(_("Date"), initial=timezone.localdate)
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class ReferralForm(GroupedChoices, forms.ModelForm):
    # The page offers the liaison figures of the opportunity's organisation; the model refuses another's.
    follows = {"liaison": Follows("opportunity", group="organisation_id", leader_group="organisation_id")}
    prepared_on = _date_field(
        _("Prepared on"),
        required=False,
        help_text=_("The day the referral was prepared, if not today: the first step of its history."),
    )

    class Meta:
        model = Referral
        fields = ["kind", "opportunity", "liaison", "reason", "partner_note", "follow_up_on"]
        widgets = {
            "follow_up_on": DATE_WIDGET,
            "reason": forms.Textarea(attrs={"rows": 2}),
            "partner_note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "liaison": _(
                "For a use of an opportunity: the liaison figure through whom the person reaches it. "
                "Left empty, the opportunity's own liaison figure is used."
            ),
            "reason": _("For the service only: the organisation never sees it."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opportunity"].queryset = Opportunity.objects.filter(active=True).select_related("organisation")
        self.fields["opportunity"].label_from_instance = lambda o: f"{o.title} ({o.organisation.name})"
        self.fields["liaison"].queryset = Contact.objects.filter(is_liaison=True, active=True).select_related(
            "organisation"
        )
        self.fields["liaison"].label_from_instance = lambda c: f"{c} ({c.organisation.name})"

    def clean(self):
        cleaned = super().clean()
        opportunity = cleaned.get("opportunity")
        if (
            cleaned.get("kind") == ReferralKind.USE
            and opportunity
            and not cleaned.get("liaison")
            and not opportunity.liaison_id
        ):
            self.add_error(
                "liaison",
                forms.ValidationError(
                    _("A use of an opportunity goes through a liaison figure: choose one."), code="liaison_required"
                ),
            )
        return cleaned


class ReferralTransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=ReferralStatus.choices)
    occurred_on = _date_field(_("Date"), initial=timezone.localdate)
    note = forms.CharField(
        label=_("Note, reason or outcome"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the referral is declined (the reason) or completed (the outcome)."),
    )


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["recipient", "organisation", "plan", "scope", "given_on", "method", "witness", "notes"]
        widgets = {"given_on": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(active=True)
        self.fields["plan"].queryset = JointPlan.objects.filter(case=case)
        # Consents recorded before consent per recipient keep their own method; new ones say how they were given.
        self.fields["method"].choices = [(m.value, m.label) for m in CONSENT_METHODS_OFFERED]
        self.fields["method"].initial = ConsentMethod.SIGNED_FORM


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = _date_field(_("Withdrawn on"), initial=timezone.localdate)


class JointPlanForm(forms.ModelForm):
    class Meta:
        model = JointPlan
        fields = ["title", "started_on", "next_review_on", "notes"]
        widgets = {"started_on": DATE_WIDGET, "next_review_on": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 3})}


class PlanPartnerForm(GroupedChoices, forms.ModelForm):
    # The page offers the chosen organisation's contacts; the model refuses another's.
    follows = {"contact": Follows("organisation", group="organisation_id", leader_group="pk")}

    class Meta:
        model = PlanPartner
        fields = ["organisation", "contact", "role", "commitments"]
        widgets = {"commitments": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(active=True)
        self.fields["contact"].queryset = Contact.objects.filter(active=True).select_related("organisation")
        self.fields["contact"].label_from_instance = lambda c: f"{c} ({c.organisation.name})"


class PlanObjectiveForm(forms.ModelForm):
    class Meta:
        model = PlanObjective
        fields = ["description", "indicator", "due_on", "status"]
        widgets = {"due_on": DATE_WIDGET}


class ObjectiveStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ObjectiveStatus.choices)


class PlanReviewForm(forms.ModelForm):
    class Meta:
        model = PlanReview
        fields = ["reviewed_on", "summary", "next_review_on"]
        widgets = {
            "reviewed_on": DATE_WIDGET,
            "next_review_on": DATE_WIDGET,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }


class CaseMeetingForm(forms.ModelForm):
    class Meta:
        model = CaseMeeting
        fields = ["held_on", "contacts_present", "workers_present", "others_present", "minutes"]
        widgets = {
            "held_on": DATE_WIDGET,
            "contacts_present": forms.CheckboxSelectMultiple,
            "workers_present": forms.CheckboxSelectMultiple,
            "minutes": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, plan: JointPlan, **kwargs):
        super().__init__(*args, **kwargs)
        # Attendance is taken among the plan partners' contacts and the team's workers.
        self.fields["contacts_present"].queryset = Contact.objects.filter(
            organisation__in=plan.partners.values("organisation")
        ).select_related("organisation")
        self.fields["contacts_present"].label_from_instance = lambda c: f"{c} ({c.organisation.name})"
        self.fields["workers_present"].queryset = get_user_model().objects.filter(
            team=plan.case.team_id, is_active=True
        )


class OfferUseForm(forms.Form):
    """That an offer was used for the case, and when: the offers are those the user may see."""

    offer = forms.ModelChoiceField(queryset=Offer.objects.none(), label=_("Offer"), widget=forms.HiddenInput)
    used_on = forms.DateField(
        label=_("Used on"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )

    def __init__(self, *args, offers, **kwargs):
        # Rendered once per suggested offer, each input inside its label: no ids to repeat.
        kwargs.setdefault("auto_id", False)
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers
