"""What the public directory may read, and how its responses go out.

Every public read starts from `published()` on the territory models (territory/models.py): an
unpublished record, or one of an unpublished organisation, never leaves the staff pages. Contacts
appear only when marked public. Responses are the same for everybody, so browsers and proxies may keep
them; each address is held to a rate (partners.ratelimit's counter, with the directory's own limit).
"""

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from partners.ratelimit import over_limit
from territory.choices import AreaKind
from territory.models import Area, Opportunity, PovertyDimension, TargetGroup


def public_page(*, too_many):
    """No login, GET only, rate-limited per address (429 with Retry-After), cacheable by anyone."""

    def decorator(view):
        @login_not_required
        @require_GET
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            window = settings.PUBLIC_RATE_WINDOW
            if over_limit(request, "directory", limit=settings.PUBLIC_RATE_LIMIT, window=window):
                response = too_many(request)
                response.status_code = 429
                response["Retry-After"] = str(window)
                return response
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
            return response

        return wrapped

    return decorator


def published_opportunities():
    return (
        Opportunity.objects.published()
        .select_related("organisation__municipality")
        .prefetch_related("target_groups", "poverty_dimensions", "areas__parent")
        .order_by("title", "pk")
    )


class AreaLabelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        return obj.label


class PublicFilterForm(forms.Form):
    area = AreaLabelChoiceField(
        label=_("Comune or quartiere"),
        queryset=Area.objects.filter(kind__in=[AreaKind.MUNICIPALITY, AreaKind.NEIGHBOURHOOD])
        .select_related("parent")
        .order_by("parent__name", "name"),
        required=False,
        empty_label=_("Anywhere"),
    )
    target_group = forms.ModelChoiceField(
        label=_("For whom"), queryset=TargetGroup.objects.all(), required=False, empty_label=_("Anyone")
    )
    poverty_dimension = forms.ModelChoiceField(
        label=_("Kind of help"), queryset=PovertyDimension.objects.all(), required=False, empty_label=_("Any")
    )
    age = forms.IntegerField(
        label=_("Age"),
        min_value=0,
        max_value=120,
        required=False,
        error_messages={"invalid": _("Write the age as a whole number of years.")},
    )

    def filter(self, queryset):
        """The opportunities matching the valid filters; an invalid form filters nothing (its errors show)."""
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["area"]:
            # Serving the quartiere itself, its whole comune (or ambito), or a part of the chosen comune.
            queryset = queryset.filter(areas__in=Area.objects.overlapping(data["area"]))
        if data["target_group"]:
            queryset = queryset.filter(target_groups=data["target_group"])
        if data["poverty_dimension"]:
            queryset = queryset.filter(poverty_dimensions=data["poverty_dimension"])
        if data["age"] is not None:
            age = data["age"]
            queryset = queryset.filter(Q(minimum_age__isnull=True) | Q(minimum_age__lte=age)).filter(
                Q(maximum_age__isnull=True) | Q(maximum_age__gte=age)
            )
        return queryset.distinct()
