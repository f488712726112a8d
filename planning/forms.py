from django import forms
from django.utils.translation import gettext_lazy as _

from community.models import CommunityProcess, Table
from core.concurrency import VersionedModelForm
from core.forms import SearchableSelectMultiple
from planning.models import PlanObjective, ZonePlan
from territory.choices import AreaKind
from territory.forms import DATE_WIDGET
from territory.models import Area, Protocol


class ZonePlanForm(VersionedModelForm):
    class Meta:
        model = ZonePlan
        fields = ["area", "title", "starts_on", "ends_on", "approved_by", "notes"]
        widgets = {"starts_on": DATE_WIDGET, "ends_on": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A Piano di zona belongs to an ambito (social district).
        self.fields["area"].queryset = Area.objects.filter(kind=AreaKind.DISTRICT).order_by("name")

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error(
                "ends_on", forms.ValidationError(_("The plan cannot end before it starts."), code="ends_before_start")
            )
        return cleaned


class PlanObjectiveForm(forms.ModelForm):
    class Meta:
        model = PlanObjective
        fields = ["code", "title", "description", "processes", "tables", "protocols"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "processes": SearchableSelectMultiple,
            "tables": SearchableSelectMultiple,
            "protocols": SearchableSelectMultiple,
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what the user may see can be linked (the plan's readers see the titles in the report).
        self.fields["processes"].queryset = CommunityProcess.objects.visible_to(user).order_by("title")
        self.fields["tables"].queryset = Table.objects.visible_to(user).order_by("name")
        self.fields["protocols"].queryset = Protocol.objects.visible_to(user).order_by("title")

    def validate_unique(self):
        # The plan is set by the service; the code must be new in the plan all the same.
        plan = self.instance.plan if self.instance.plan_id else None
        code = self.cleaned_data.get("code")
        if plan and code and plan.objectives.exclude(pk=self.instance.pk).filter(code__iexact=code).exists():
            self.add_error(
                "code", forms.ValidationError(_("The plan already has an objective with this code."), code="taken")
            )


class ReportYearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, plan: ZonePlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in plan.years]
