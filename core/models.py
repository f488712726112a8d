from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# Every choice field's labels, translated once per process and language: {(field, language): {value: label}}.
_choice_labels: dict = {}


def choice_label(field: models.Field, value):
    """What `get_FOO_display()` answers, without rebuilding and translating the field's choices on every call.

    Django builds a dict of the field's choices and translates every label each time; a list calls it on
    every row (a status badge, a need, a target group), hundreds of translation lookups per page.
    """
    key = (field, get_language())
    labels = _choice_labels.get(key)
    if labels is None:
        labels = {make_hashable(v): force_str(label, strings_only=True) for v, label in field.flatchoices}
        _choice_labels[key] = labels
    return labels.get(make_hashable(value), force_str(value, strings_only=True))


class LabelledModel(models.Model):
    """Every `get_FOO_display()` of the model answers from choice_label's translated labels."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):  # noqa: N802 (Django's name, overridden)
        return choice_label(field, getattr(self, field.attname))


class TimeStampedModel(LabelledModel):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """A record edited by several people: `version` lets core.concurrency detect lost updates."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


# URL patterns with the primary key's place resolved once: {(name, script prefix, urlconf): (before, after)}.
_pk_url_parts: dict = {}
_PK_PLACEHOLDER = 4611686018427387903  # never a real primary key; only marks where the pk goes


def url_with_pk(name: str, pk: int) -> str:
    """reverse(name, args=[pk]) for a route whose only argument is an integer pk, resolved once per process.

    A list calls get_absolute_url() on every row; reversing walks the URL resolver each time.
    """
    if pk is None:
        return reverse(name, args=[pk])  # NoReverseMatch, as before
    key = (name, get_script_prefix(), get_urlconf())
    parts = _pk_url_parts.get(key)
    if parts is None:
        before, placeholder, after = reverse(name, args=[_PK_PLACEHOLDER]).rpartition(str(_PK_PLACEHOLDER))
        parts = _pk_url_parts[key] = (before, after)
    return f"{parts[0]}{int(pk)}{parts[1]}"


def related_values(relation, owner_ids, *values: str) -> dict[int, list]:
    """{owner id: [value of each related row]} for a many-to-many relation (`Organisation.target_groups`) of
    a page of owners, in the related model's order and in one query of plain values.

    A list shows a few names or labels of each row's related records; prefetching builds a model instance
    and a manager for every one of them, which cost more than the rest of the row.
    """
    field = relation.field
    owner, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    ordering = [
        f"-{target}__{name[1:]}" if name.startswith("-") else f"{target}__{name}"
        for name in field.related_model._meta.ordering
    ]
    rows = (
        relation.through.objects.filter(**{f"{owner}_id__in": list(owner_ids)})
        .values_list(f"{owner}_id", *(f"{target}__{value}" for value in values))
        .order_by(*ordering, f"{target}_id")
    )
    found: dict[int, list] = {}
    for owner_id, *related in rows:
        found.setdefault(owner_id, []).append(related[0] if len(related) == 1 else tuple(related))
    return found
