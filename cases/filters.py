import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.choices import CaseStatus
from cases.models import Case, Referral
from territory.filters import AreaFilter
from territory.models import Area, PovertyDimension

YES_NO = [("true", _("Yes")), ("false", _("No"))]


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Person"), method="filter_person")
    mine = django_filters.ChoiceFilter(
        label=_("Whose"),
        choices=[("true", _("My cases")), ("false", _("All the team's cases"))],
        method="filter_mine",
        empty_label=None,
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CaseStatus.choices, empty_label=_("All"))
    need = django_filters.ModelChoiceFilter(
        label=_("Need"), queryset=PovertyDimension.objects.all(), field_name="needs__dimension", empty_label=_("All")
    )
    area = AreaFilter(label=_("Area"), method="filter_area", empty_label=_("All"))
    follow_up_due = django_filters.ChoiceFilter(
        label=_("Follow-up due"), choices=YES_NO, method="filter_follow_up_due", empty_label=_("All")
    )

    class Meta:
        model = Case
        fields = ["q", "mine", "status", "need", "area", "follow_up_due"]

    def filter_person(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(person__last_name__icontains=word)
                | Q(person__first_name__icontains=word)
                | Q(person__fiscal_code__iexact=word)
            )
        return queryset

    def filter_mine(self, queryset, name, value):
        return queryset.filter(responsible=self.request.user) if value == "true" else queryset

    def filter_area(self, queryset, name, area):
        return queryset.filter(person__area__in=Area.objects.overlapping(area))

    def filter_follow_up_due(self, queryset, name, value):
        due = Referral.objects.open().filter(follow_up_on__lte=timezone.localdate()).values("case_id")
        return queryset.filter(pk__in=due) if value == "true" else queryset.exclude(pk__in=due)
