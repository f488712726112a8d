import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from audit.models import Action, AuditEvent

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
# NullBooleanField reads "True"/"False"; the empty choice, the default, filters nothing.
ALLOWED_CHOICES = [("", _("All")), ("True", _("yes")), ("False", _("no"))]


class AuditEventFilter(django_filters.FilterSet):
    user = django_filters.ModelChoiceFilter(
        label=_("Account"), queryset=get_user_model().objects.order_by("username"), empty_label=_("All")
    )
    username = django_filters.CharFilter(label=_("Username typed"), lookup_expr="iexact")
    action = django_filters.ChoiceFilter(label=_("Action"), choices=Action.choices, empty_label=_("All"))
    object_type = django_filters.CharFilter(label=_("Record type"), help_text=_("e.g. cases.case"))
    object_id = django_filters.CharFilter(label=_("Record id"))
    person = django_filters.NumberFilter(
        label=_("Person id"),
        field_name="subject_person_id",
        help_text=_("Everything that concerns one person in charge: their record, cases, referrals, plans."),
    )
    since = django_filters.IsoDateTimeFilter(label=_("From"), field_name="at", lookup_expr="gte", widget=DATETIME)
    until = django_filters.IsoDateTimeFilter(label=_("To"), field_name="at", lookup_expr="lte", widget=DATETIME)
    allowed = django_filters.BooleanFilter(label=_("Allowed"), widget=forms.Select(choices=ALLOWED_CHOICES))

    class Meta:
        model = AuditEvent
        fields = ["user", "username", "action", "object_type", "object_id", "person", "since", "until", "allowed"]
