from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from community.choices import ActionItemStatus, MinutesStatus
from community.models import (
    ActionItem,
    CommunityAction,
    CommunityProcess,
    KnowledgeAction,
    Meeting,
    ProcessObjective,
    ProcessPhase,
    Table,
    TableMember,
)
from core.concurrency import VersionedModelForm
from territory.forms import DATE_WIDGET
from territory.models import Area, Contact, Organisation

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def workers():
    """The people of the service who do community work: active users in a role."""
    return get_user_model().objects.filter(is_active=True, groups__isnull=False).distinct()


def labelled_areas(field) -> None:
    field.queryset = Area.objects.select_related("parent").order_by("kind", "parent__name", "name")
    field.label_from_instance = lambda area: area.label


class CommunityActionForm(forms.ModelForm):
    class Meta:
        model = CommunityAction
        fields = [
            "kind",
            "hook_up_kind",
            "offered_by",
            "bond_kind",
            "date",
            "title",
            "notes",
            "area",
            "workers",
            "organisations",
            "citizens_count",
            "follow_up_on",
            "follow_up",
        ]
        widgets = {
            "date": DATE_WIDGET,
            "follow_up_on": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 4}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
            "workers": forms.SelectMultiple(attrs={"size": 5}),
            "organisations": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workers"].queryset = workers()
        self.fields["organisations"].queryset = Organisation.objects.filter(active=True)
        labelled_areas(self.fields["area"])


class TableForm(VersionedModelForm):
    class Meta:
        model = Table
        fields = ["name", "kind", "purpose", "area", "coordinator", "active"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = workers()
        labelled_areas(self.fields["area"])


class TableMemberForm(forms.ModelForm):
    class Meta:
        model = TableMember
        fields = ["organisation", "contact", "citizen_name", "email", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(active=True)
        self.fields["contact"].queryset = Contact.objects.filter(active=True).select_related("organisation")
        self.fields["contact"].label_from_instance = lambda c: f"{c} ({c.organisation.name})"

    def clean(self):
        cleaned = super().clean()
        organisation, contact = cleaned.get("organisation"), cleaned.get("contact")
        if organisation and contact and contact.organisation_id != organisation.pk:
            self.add_error(
                "contact",
                forms.ValidationError(_("The contact must belong to the organisation."), code="other_organisation"),
            )
        return cleaned


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["starts_at", "place", "agenda"]
        widgets = {"starts_at": DATETIME_WIDGET, "agenda": forms.Textarea(attrs={"rows": 4})}


class MeetingRecordForm(VersionedModelForm):
    """What happened at the meeting: attendance, decisions and the minutes."""

    class Meta:
        model = Meeting
        fields = ["starts_at", "place", "agenda", "attendees", "decisions", "minutes"]
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "attendees": forms.CheckboxSelectMultiple,
            "decisions": forms.Textarea(attrs={"rows": 4}),
            "minutes": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = self.instance.table.members.select_related(
            "organisation", "contact__organisation"
        )

    def clean(self):
        cleaned = super().clean()
        if not self.instance.minutes_editable:
            raise forms.ValidationError(
                _("These minutes are approved: they can no longer be changed."), code="minutes_locked"
            )
        return cleaned


class MinutesStatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=MinutesStatus.choices)


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["description", "owner", "due_on"]
        widgets = {"due_on": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = self.instance.meeting.table.members.select_related(
            "organisation", "contact__organisation"
        )


class ActionItemStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItemStatus.choices)


class ProcessForm(VersionedModelForm):
    class Meta:
        model = CommunityProcess
        fields = ["title", "problem", "target", "mandate", "community_worker", "area", "tables", "protocols"]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 3}),
            "target": forms.Textarea(attrs={"rows": 2}),
            "mandate": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community_worker"].queryset = workers()
        labelled_areas(self.fields["area"])


class PhaseForm(forms.ModelForm):
    class Meta:
        model = ProcessPhase
        fields = ["kind", "starts_on", "ends_on", "notes"]
        widgets = {"starts_on": DATE_WIDGET, "ends_on": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 2})}


class ProcessObjectiveForm(forms.ModelForm):
    class Meta:
        model = ProcessObjective
        fields = ["description", "result_indicator", "evaluation_criteria"]
        widgets = {"evaluation_criteria": forms.Textarea(attrs={"rows": 2})}


class KnowledgeActionForm(forms.ModelForm):
    class Meta:
        model = KnowledgeAction
        fields = ["kind", "held_on", "participants", "notes"]
        widgets = {"held_on": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 2})}
