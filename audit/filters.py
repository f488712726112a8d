import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from audit.models import Action, AuditEvent

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class AuditEventFilter(django_filters.FilterSet):
    user = django_filters.ModelChoiceFilter(
        label=_("Account"), queryset=get_user_model().objects.order_by("username"), empty_label=_("All")
    )
    username = django_filters.CharFilter(label=_("Username typed"), lookup_expr="iexact")
    action = django_filters.ChoiceFilter(label=_("Action"), choices=Action.choices, empty_label=_("All"))
    object_type = django_filters.CharFilter(label=_("Record type"), help_text=_("e.g. cases.case"))
    object_id = django_filters.CharFilter(label=_("Record id"))
    since = django_filters.IsoDateTimeFilter(label=_("From"), field_name="at", lookup_expr="gte", widget=DATETIME)
    until = django_filters.IsoDateTimeFilter(label=_("To"), field_name="at", lookup_expr="lte", widget=DATETIME)
    allowed = django_filters.BooleanFilter(label=_("Allowed"))

    class Meta:
        model = AuditEvent
        fields = ["user", "username", "action", "object_type", "object_id", "since", "until", "allowed"]
