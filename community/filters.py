import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from community.choices import SENSE_OF_BELONGING, BondKind, grouped_action_kinds
from community.forms import workers
from community.models import CommunityAction
from territory.filters import AreaFilter
from territory.models import Area, Organisation


def validate_month(value: str) -> None:
    parts = value.split("-")
    if len(parts) != 2 or not all(part.isdigit() for part in parts) or not 1 <= int(parts[1]) <= 12:
        raise forms.ValidationError(_("Give the month as YYYY-MM, e.g. 2026-03."), code="invalid_month")


BELONGING = "belonging"


class CommunityActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=[(BELONGING, _("Every sense-of-belonging activity")), *grouped_action_kinds()],
        empty_label=_("All"),
        method="filter_kind",
    )
    bond_kind = django_filters.ChoiceFilter(label=_("Community action"), choices=BondKind.choices, empty_label=_("All"))
    worker = django_filters.ModelChoiceFilter(
        label=_("Worker"), field_name="workers", queryset=workers(), empty_label=_("All")
    )
    # A name to search rather than a list: a region has thousands of organisations.
    organisation = django_filters.CharFilter(label=_("Organisation"), method="filter_organisation")
    area = AreaFilter(label=_("Area"), method="filter_area", empty_label=_("All"))
    month = django_filters.CharFilter(
        label=_("Month"),
        method="filter_month",
        widget=forms.DateInput(attrs={"type": "month"}),
        validators=[validate_month],
    )

    class Meta:
        model = CommunityAction
        fields = ["q", "kind", "bond_kind", "worker", "organisation", "area", "month"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is not None and user.team_id:
            # The worker filter offers the colleagues of one's own team: a region has hundreds.
            self.filters["worker"].queryset = workers().filter(team=user.team_id)

    def filter_search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(title__icontains=word) | Q(notes__icontains=word))
        return queryset

    def filter_kind(self, queryset, name, value):
        return queryset.filter(kind__in=SENSE_OF_BELONGING) if value == BELONGING else queryset.filter(kind=value)

    def filter_organisation(self, queryset, name, value):
        if value.isdigit():
            matching = Organisation.objects.filter(pk=int(value))
        else:
            matching = Organisation.objects.filter(name__icontains=value)
        links = CommunityAction.organisations.through.objects.filter(organisation__in=matching)
        return queryset.filter(pk__in=links.values("communityaction_id"))

    def filter_area(self, queryset, name, area):
        return queryset.filter(area__in=Area.objects.overlapping(area))

    def filter_month(self, queryset, name, value):
        year, month = (int(part) for part in value.split("-"))
        return queryset.filter(date__year=year, date__month=month)

    def filter_queryset(self, queryset):
        filtered = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("worker"):
            filtered = filtered.distinct()
        return filtered
