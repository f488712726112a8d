import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

from territory.choices import OpportunityKind, OrganisationKind
from territory.models import Area, Offer, Opportunity, Organisation, PovertyDimension, TargetGroup

ACTIVE_CHOICES = [("true", _("Active only")), ("false", _("Inactive only"))]
OFFERED_BY_CHOICES = [("organisation", _("An organisation")), ("volunteer", _("A volunteer"))]
OFFER_STATUS_CHOICES = [
    ("available", _("Available")),
    ("unused", _("Unused for 60 days")),
    ("expired", _("Expired")),
    ("withdrawn", _("Withdrawn")),
]


class AreaChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        return obj.label


class AreaFilter(django_filters.ModelChoiceFilter):
    field_class = AreaChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Area.objects.select_related("parent").order_by("kind", "parent__name", "name"))
        super().__init__(*args, **kwargs)


class TerritoryFilterSet(django_filters.FilterSet):
    """Filters shared by the organisation and opportunity lists."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    area = AreaFilter(label=_("Area"), method="filter_area", empty_label=_("All"))
    target_group = django_filters.ModelChoiceFilter(
        label=_("Target group"), queryset=TargetGroup.objects.all(), field_name="target_groups", empty_label=_("All")
    )
    poverty_dimension = django_filters.ModelChoiceFilter(
        label=_("Poverty dimension"),
        queryset=PovertyDimension.objects.all(),
        field_name="poverty_dimensions",
        empty_label=_("All"),
    )
    active = django_filters.ChoiceFilter(
        label=_("Status"), choices=ACTIVE_CHOICES, method="filter_active", empty_label=_("All")
    )

    search_fields: tuple[str, ...] = ()
    area_field = ""

    def filter_search(self, queryset, name, value):
        words = value.split()
        for word in words:
            condition = Q()
            for field in self.search_fields:
                condition |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(condition)
        return queryset

    def filter_area(self, queryset, name, area):
        # A subquery rather than a join, so that rows are not repeated once per matching area.
        matching = queryset.model.objects.filter(**{f"{self.area_field}__in": Area.objects.overlapping(area)})
        return queryset.filter(pk__in=matching.values("pk"))

    def filter_active(self, queryset, name, value):
        return queryset.filter(active=(value == "true"))

    def filter_queryset(self, queryset):
        # Many-to-many filters join their table: keep each row once.
        filtered = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("target_group") or self.form.cleaned_data.get("poverty_dimension"):
            filtered = filtered.distinct()
        return filtered


class OrganisationFilter(TerritoryFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganisationKind.choices, empty_label=_("All"))
    search_fields = ("name", "address", "notes", "fiscal_code")
    area_field = "areas_served"

    class Meta:
        model = Organisation
        fields = ["q", "kind", "area", "target_group", "poverty_dimension", "active"]


class OpportunityFilter(TerritoryFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OpportunityKind.choices, empty_label=_("All"))
    search_fields = ("title", "description", "organisation__name")
    area_field = "areas"

    class Meta:
        model = Opportunity
        fields = ["q", "kind", "area", "target_group", "poverty_dimension", "active"]


class OfferFilter(django_filters.FilterSet):
    """The register of offers: what, for which dimension, where, from whom, and whether it is still open."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    area = AreaFilter(label=_("Area"), method="filter_area", empty_label=_("All"))
    poverty_dimension = django_filters.ModelChoiceFilter(
        label=_("Poverty dimension"),
        queryset=PovertyDimension.objects.all(),
        field_name="poverty_dimensions",
        empty_label=_("All"),
    )
    offered_by = django_filters.ChoiceFilter(
        label=_("Offered by"), choices=OFFERED_BY_CHOICES, method="filter_offered_by", empty_label=_("Anyone")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=OFFER_STATUS_CHOICES, method="filter_status", empty_label=_("All")
    )

    class Meta:
        model = Offer
        fields = ["q", "area", "poverty_dimension", "offered_by", "status"]

    def filter_search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(volunteer_name__icontains=word)
                | Q(organisation__name__icontains=word)
            )
        return queryset

    def filter_area(self, queryset, name, area):
        return queryset.filter(area__in=Area.objects.overlapping(area))

    def filter_offered_by(self, queryset, name, value):
        return queryset.filter(organisation__isnull=(value == "volunteer"))

    def filter_status(self, queryset, name, value):
        today = timezone.localdate()
        if value == "available":
            return queryset.available(today)
        if value == "unused":
            return queryset.filter(pk__in=Offer.objects.unused_since(today).values("pk"))
        if value == "withdrawn":
            return queryset.filter(withdrawn_on__isnull=False)
        return queryset.filter(withdrawn_on__isnull=True, available_until__lt=today)

    def filter_queryset(self, queryset):
        filtered = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("poverty_dimension"):
            filtered = filtered.distinct()
        return filtered
