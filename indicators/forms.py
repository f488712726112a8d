from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.figures import Filters
from indicators.periods import Period
from territory.forms import DATE_WIDGET
from territory.models import Area


class IndicatorFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    end = forms.DateField(label=_("To"), required=False, widget=DATE_WIDGET)
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("All"))

    MAX_DAYS = 5 * 366

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.select_related("parent").order_by("kind", "parent__name", "name")
        self.fields["area"].label_from_instance = lambda area: area.label

    def clean(self):
        cleaned = super().clean()
        default = Period.last_year()
        start, end = cleaned.get("start") or default.start, cleaned.get("end") or default.end
        if end < start:
            raise forms.ValidationError(
                _("The end of the period cannot come before its start."), code="end_before_start"
            )
        if (end - start).days > self.MAX_DAYS:
            raise forms.ValidationError(_("Choose a period of at most five years."), code="period_too_long")
        cleaned["period"] = Period(start, end)
        return cleaned

    def filters(self) -> Filters:
        """The filters to compute with: the defaults (last year, every area) when the input is wrong."""
        if self.is_valid():
            return Filters(self.cleaned_data["period"], self.cleaned_data.get("area"))
        return Filters(Period.last_year())
