from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import PARTNER
from community.choices import ActionItemStatus, MinutesStatus, grouped_action_kinds
from community.models import (
    ActionItem,
    CommunityAction,
    CommunityProcess,
    IndicatorMeasurement,
    KnowledgeAction,
    Meeting,
    ProcessObjective,
    ProcessPartner,
    ProcessPhase,
    ProcessWorker,
    Table,
    TableMember,
    VisionVersion,
)
from core.concurrency import VersionedModelForm
from core.forms import ChoicesFollow, Follows, LongSelect, SearchableSelectMultiple
from territory.forms import DATE_WIDGET
from territory.models import Area, Contact, Opportunity, Organisation

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def workers():
    """The people of the service who do community work: active users in a role, partners' accounts aside."""
    return (
        get_user_model().objects.filter(is_active=True, groups__isnull=False).exclude(groups__name=PARTNER).distinct()
    )


# Under this name the options of "a worker of the service" are kept written (core.forms.LongSelect): the meeting
# page offers every worker, and drawing them was half the page, growing with the service (4,000 at the huge
# volume). Dropped when a user or a role membership changes (accounts/apps.py).
WORKER_OPTIONS = "community:worker-options"


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
            "workers": SearchableSelectMultiple,
            "organisations": SearchableSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = grouped_action_kinds()
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


class TableMemberForm(ChoicesFollow, forms.ModelForm):
    follows = {
        "contact": Follows(
            "organisation",
            group="organisation_id",
            leader_group="pk",
            message=_("The contact must belong to the organisation."),
            code="other_organisation",
            # A contact may sit at the table in their own name, without their organisation as a member.
            all_when_empty=True,
        )
    }

    class Meta:
        model = TableMember
        fields = ["organisation", "contact", "citizen_name", "email", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(active=True)
        self.fields["contact"].queryset = Contact.objects.filter(active=True).select_related("organisation")
        self.fields["contact"].label_from_instance = lambda c: f"{c} ({c.organisation.name})"


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
        # Who was a member on the day: those who left the table before are not offered.
        self.fields["attendees"].queryset = self.instance.table.members.on(self.instance.day).select_related(
            "organisation", "contact__organisation"
        )


class MeetingCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"),
        max_length=300,
        help_text=_("Sent to the members of the table with the cancellation."),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the meeting is cancelled: the members will read it.")},
    )


class MinutesStatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=MinutesStatus.choices)


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["description", "owner", "assignee", "due_on"]
        widgets = {"due_on": DATE_WIDGET, "assignee": LongSelect(kept_as=WORKER_OPTIONS)}
        labels = {"owner": _("Member of the table"), "assignee": _("or a worker of the service")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = self.instance.meeting.table.members.on(
            self.instance.meeting.day
        ).select_related("organisation", "contact__organisation")
        self.fields["assignee"].queryset = workers()  # read only when the kept options are not there

    def clean(self):
        cleaned = super().clean()
        if self.instance.meeting.is_cancelled:
            raise forms.ValidationError(
                _("This meeting was cancelled: it takes no action items."), code="meeting_cancelled"
            )
        if not cleaned.get("owner") and not cleaned.get("assignee"):
            self.add_error(
                "owner",
                forms.ValidationError(
                    _("Choose who does it: a member of the table or a worker of the service."), code="owner_required"
                ),
            )
        return cleaned


class ActionItemStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItemStatus.choices)


class ActionItemDoneForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MinutesVersionForm(forms.Form):
    """The minutes as corrected, sent again to every member as a new version."""

    decisions = forms.CharField(label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 10}))


class ProcessForm(VersionedModelForm):
    class Meta:
        model = CommunityProcess
        fields = [
            "title", "problem", "target",
            "commissioning_organisation", "commissioning_body", "act_number", "act_date",
            "political_referent", "technical_referent", "mandate_notes",
            "community_worker", "area", "tables", "protocols",
        ]  # fmt: skip
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 3}),
            "target": forms.Textarea(attrs={"rows": 2}),
            "act_date": DATE_WIDGET,
            "mandate_notes": forms.Textarea(attrs={"rows": 2}),
            "tables": SearchableSelectMultiple,
            "protocols": SearchableSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community_worker"].queryset = workers()
        self.fields["commissioning_organisation"].queryset = Organisation.objects.filter(active=True)
        labelled_areas(self.fields["area"])


class PhaseForm(forms.ModelForm):
    class Meta:
        model = ProcessPhase
        fields = ["kind", "starts_on", "ends_on", "status", "actual_start", "actual_end", "notes"]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "actual_start": DATE_WIDGET,
            "actual_end": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


class PhaseUpdateForm(PhaseForm):
    class Meta(PhaseForm.Meta):
        fields = ["starts_on", "ends_on", "status", "actual_start", "actual_end", "notes"]


class ProcessObjectiveForm(forms.ModelForm):
    class Meta:
        model = ProcessObjective
        fields = ["description", "result_indicator", "unit", "baseline", "target_value", "evaluation_criteria"]
        widgets = {"evaluation_criteria": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Old objectives may lack them; a new one says where it starts and where it wants to go.
        self.fields["baseline"].required = True
        self.fields["target_value"].required = True


class MeasurementForm(forms.Form):
    objective = forms.ModelChoiceField(label=_("Objective"), queryset=ProcessObjective.objects.none())
    measured_on = forms.DateField(label=_("Measured on"), widget=DATE_WIDGET, initial=timezone.localdate)
    value = forms.DecimalField(label=_("Value"), max_digits=12, decimal_places=2)

    def __init__(self, *args, process=None, **kwargs):
        super().__init__(*args, **kwargs)
        if process is not None:
            self.fields["objective"].queryset = process.objectives.all()

    def clean_measured_on(self):
        measured_on = self.cleaned_data["measured_on"]
        if measured_on > timezone.localdate():
            raise forms.ValidationError(_("A measurement cannot be in the future."), code="future")
        return measured_on


class ProcessWorkerForm(forms.ModelForm):
    class Meta:
        model = ProcessWorker
        fields = ["worker", "time_share", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers()


class ProcessPartnerForm(forms.ModelForm):
    class Meta:
        model = ProcessPartner
        fields = ["organisation", "role", "tasks", "responsibility", "starts_on", "ends_on"]
        widgets = {"tasks": forms.Textarea(attrs={"rows": 2}), "starts_on": DATE_WIDGET, "ends_on": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(active=True)


class VisionForm(forms.ModelForm):
    class Meta:
        model = VisionVersion
        fields = ["text", "agreed_on", "meeting"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4}), "agreed_on": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        process = self.instance.process
        self.fields["meeting"].queryset = Meeting.objects.filter(table__processes=process).select_related("table")


class MappingForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations mapped"),
        queryset=Organisation.objects.filter(active=True),
        required=False,
        widget=SearchableSelectMultiple,
    )
    opportunities = forms.ModelMultipleChoiceField(
        label=_("Opportunities mapped"),
        queryset=Opportunity.objects.select_related("organisation"),
        required=False,
        widget=SearchableSelectMultiple,
    )


class KnowledgeActionForm(forms.ModelForm):
    class Meta:
        model = KnowledgeAction
        fields = ["kind", "held_on", "participants", "notes", "community_action"]
        widgets = {"held_on": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["community_action"]
        field.queryset = CommunityAction.objects.order_by("-date", "-pk")
        field.label_from_instance = lambda action: f"{action.title} ({action.date:%d/%m/%Y})"


# Editing and removing a process's dedicated workers, partners and measurements (community.process services).


class DedicationChangeForm(VersionedModelForm):
    class Meta:
        model = ProcessWorker
        fields = ["time_share", "role"]


class PartnerChangeForm(VersionedModelForm):
    class Meta:
        model = ProcessPartner
        fields = ["role", "tasks", "responsibility", "starts_on", "ends_on"]
        widgets = ProcessPartnerForm.Meta.widgets


class MeasurementChangeForm(VersionedModelForm):
    class Meta:
        model = IndicatorMeasurement
        fields = ["measured_on", "value"]
        widgets = {"measured_on": DATE_WIDGET}

    clean_measured_on = MeasurementForm.clean_measured_on


class RemoveForm(forms.Form):
    """A removal says which version of the row the user saw."""

    edited_version = forms.IntegerField(widget=forms.HiddenInput)


class ObjectiveEvaluationForm(forms.ModelForm):
    class Meta:
        model = ProcessObjective
        fields = ["evaluation", "evaluated_on", "evaluation_note"]
        widgets = {
            "evaluation": forms.RadioSelect,
            "evaluated_on": DATE_WIDGET,
            "evaluation_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluation"].required = True
        self.fields["evaluation"].choices = [c for c in self.fields["evaluation"].choices if c[0]]
        self.fields["evaluated_on"].required = True
        self.fields["evaluated_on"].initial = timezone.localdate


class MemberLeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Left the table on"), widget=DATE_WIDGET, initial=timezone.localdate)
