from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from agenda.items import Period

MINE, TEAM = "mine", "team"
# Dates outside these bounds are typing mistakes, and the navigation must stay within the calendar.
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


class PeriodForm(forms.Form):
    """Which agenda to show: the period around a day, the user's own or their team's."""

    period = forms.ChoiceField(
        label=_("Period"), choices=[(Period.WEEK, _("Week")), (Period.MONTH, _("Month"))], required=False
    )
    day = forms.DateField(
        label=_("Day"),
        required=False,
        error_messages={"invalid": _("That is not a valid date: the agenda shows the current period instead.")},
    )
    scope = forms.ChoiceField(label=_("Whose"), choices=[(MINE, _("Mine")), (TEAM, _("My team's"))], required=False)

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day and not EARLIEST <= day <= LATEST:
            raise forms.ValidationError(
                _("That date is out of range: the agenda shows the current period instead."), code="out_of_range"
            )
        return day
