from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedModelForm
from core.forms import ChosenFilesNotKept, Follows, GroupedChoices, SearchableSelectMultiple
from core.uploads import DOCUMENT_TYPES
from core.validators import normalise_code
from territory.choices import AreaKind
from territory.models import Area, Contact, Offer, Opportunity, Organisation, Protocol

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CachedChoices:
    """A choice field that can resolve submitted pks from objects loaded once, instead of querying.

    A page cleans one form and pays one query per choice field. The CSV import cleans thousands of rows
    with the same choices, so it loads every field's own queryset once (`cache_choices`) and each row
    is then checked against those objects: the same choices and error messages, no query per row.
    Without `objects` the field behaves exactly as Django's.
    """

    objects: dict | None = None

    def load_objects(self) -> None:
        self.objects = {str(obj.pk): obj for obj in self.queryset}

    def _cached(self, value):
        obj = self.objects.get(str(value))
        if obj is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return obj


class CachedModelChoiceField(CachedChoices, forms.ModelChoiceField):
    def to_python(self, value):
        if self.objects is None or value in self.empty_values:
            return super().to_python(value)
        self.validate_no_null_characters(value)
        return self._cached(value)


class CachedModelMultipleChoiceField(CachedChoices, forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        """The objects for the given pks, with the errors of ModelMultipleChoiceField._check_values."""
        if self.objects is None:
            return super()._check_values(value)
        try:
            value = frozenset(value)
        except TypeError:
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list") from None
        pk_field = self.queryset.model._meta.pk
        for pk in value:
            self.validate_no_null_characters(pk)
            try:
                pk_field.get_prep_value(pk)
            except (ValueError, TypeError):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                ) from None
        return [self._cached(pk) for pk in value]


def cache_choices(form: forms.BaseForm, names) -> forms.BaseForm:
    """Load the objects of the form's cacheable choice fields among `names`: one query per field."""
    for name in names:
        if isinstance(form.fields[name], CachedChoices):
            form.fields[name].load_objects()
    return form


class AreaChoiceField(CachedModelMultipleChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        return obj.label


def _areas():
    return Area.objects.select_related("parent").order_by("kind", "parent__name", "name")


class OrganisationForm(VersionedModelForm):
    areas_served = AreaChoiceField(
        queryset=_areas(),
        required=False,
        label=_("Areas served"),
        widget=SearchableSelectMultiple,
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "cooperative_type",
            "runts_number",
            "fiscal_code",
            "vat_number",
            "address",
            "postcode",
            "municipality",
            "latitude",
            "longitude",
            "areas_served",
            "target_groups",
            "poverty_dimensions",
            "email",
            "phone",
            "website",
            "notes",
            "active",
            "published",
        ]
        field_classes = {
            "municipality": CachedModelChoiceField,
            "target_groups": CachedModelMultipleChoiceField,
            "poverty_dimensions": CachedModelMultipleChoiceField,
        }
        widgets = {
            "target_groups": forms.CheckboxSelectMultiple,
            "poverty_dimensions": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Area.objects.filter(kind=AreaKind.MUNICIPALITY)
        # Related fields side by side: the form is long, and workers fill it on ordinary screens.
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.render_unmentioned_fields = True
        self.helper.layout = Layout(
            Row(Column("name", css_class="col-md-8"), Column("kind", css_class="col-md-4")),
            Row(Column("cooperative_type"), Column("runts_number"), Column("fiscal_code"), Column("vat_number")),
            Row(
                Column("address", css_class="col-md-6"),
                Column("postcode", css_class="col-md-2"),
                Column("municipality", css_class="col-md-4"),
            ),
            Row(Column("latitude"), Column("longitude")),
            "areas_served",
            Row(Column("target_groups"), Column("poverty_dimensions")),
            Row(Column("email"), Column("phone"), Column("website")),
            "notes",
            Row(Column("active"), Column("published")),
        )

    def clean_fiscal_code(self) -> str:
        fiscal_code = normalise_code(self.cleaned_data["fiscal_code"])
        if fiscal_code and Organisation.objects.filter(fiscal_code=fiscal_code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("Another organisation already has this codice fiscale."), code="duplicate_fiscal_code"
            )
        return fiscal_code

    def clean_vat_number(self) -> str:
        return normalise_code(self.cleaned_data["vat_number"])


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = [
            "first_name",
            "last_name",
            "role",
            "email",
            "phone",
            "is_liaison",
            "receives_referrals",
            "public",
            "notes",
            "active",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class OpportunityForm(GroupedChoices, VersionedModelForm):
    # The page offers the chosen organisation's liaison figures; the model refuses another's.
    follows = {"liaison": Follows("organisation", group="organisation_id", leader_group="pk")}

    areas = AreaChoiceField(queryset=_areas(), required=False, label=_("Areas"), widget=SearchableSelectMultiple)

    class Meta:
        model = Opportunity
        fields = [
            "organisation",
            "title",
            "kind",
            "description",
            "target_groups",
            "poverty_dimensions",
            "areas",
            "capacity",
            "how_to_access",
            "minimum_age",
            "maximum_age",
            "eligibility",
            "fees",
            "languages",
            "start_date",
            "end_date",
            "liaison",
            "active",
            "published",
        ]
        field_classes = {
            "organisation": CachedModelChoiceField,
            "liaison": CachedModelChoiceField,
            "target_groups": CachedModelMultipleChoiceField,
            "poverty_dimensions": CachedModelMultipleChoiceField,
        }
        widgets = {
            "target_groups": forms.CheckboxSelectMultiple,
            "poverty_dimensions": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
            "how_to_access": forms.Textarea(attrs={"rows": 3}),
            "eligibility": forms.Textarea(attrs={"rows": 2}),
            "fees": forms.Textarea(attrs={"rows": 2}),
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(active=True) | Organisation.objects.filter(
            pk=self.instance.organisation_id
        )
        # The liaison figures of every organisation, labelled by organisation: the page shows those of the
        # chosen organisation (GroupedChoices), and model validation refuses a liaison of another one.
        self.fields["liaison"].queryset = Contact.objects.filter(is_liaison=True, active=True).select_related(
            "organisation"
        )
        self.fields["liaison"].label_from_instance = lambda c: f"{c} ({c.organisation})"


class ProtocolForm(ChosenFilesNotKept, VersionedModelForm):
    class Meta:
        model = Protocol
        fields = ["title", "scope", "partners", "start_date", "end_date", "document", "notes"]
        widgets = {
            # Only a hint for the file picker: the content is checked on upload (core.uploads).
            "document": forms.ClearableFileInput(attrs={"accept": ",".join(f".{ext}" for ext in DOCUMENT_TYPES)}),
            "scope": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "partners": SearchableSelectMultiple(attrs={"size": 10}),
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
        }


class SingleAreaChoiceField(CachedModelChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        return obj.label


class OfferForm(VersionedModelForm):
    area = SingleAreaChoiceField(queryset=_areas(), label=_("Area"))

    class Meta:
        model = Offer
        fields = [
            "title",
            "description",
            "poverty_dimensions",
            "area",
            "organisation",
            "volunteer_name",
            "contact",
            "registered_on",
            "available_until",
        ]
        field_classes = {"organisation": CachedModelChoiceField, "poverty_dimensions": CachedModelMultipleChoiceField}
        widgets = {
            "poverty_dimensions": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
            "registered_on": DATE_WIDGET,
            "available_until": DATE_WIDGET,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(active=True) | Organisation.objects.filter(
            pk=self.instance.organisation_id
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.render_unmentioned_fields = True
        self.helper.layout = Layout(
            "title",
            "description",
            Row(Column("poverty_dimensions"), Column("area")),
            Row(Column("organisation"), Column("volunteer_name"), Column("contact")),
            Row(Column("registered_on"), Column("available_until")),
        )
