from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from territory.choices import PovertyDimensionCode

register = template.Library()


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def index(sequence, position):
    return sequence[position]


@register.filter
def dimension_label(code: str) -> str:
    return PovertyDimensionCode(code).label


@register.simple_tag(takes_context=True)
def export_link(context, figure: str) -> str:
    query = context["request"].GET.copy()
    query["export"] = figure
    return format_html(
        '<a class="btn btn-sm btn-outline-secondary" href="?{}">{}</a>', query.urlencode(), _("Download CSV")
    )


LEVEL_CLASSES = {"continuous": "text-bg-success", "occasional": "text-bg-warning"}


@register.simple_tag
def level_badge(level: str, labels: dict) -> str:
    """The badge of a collaboration level (a tag, not an include: tables show hundreds of them)."""
    return format_html(
        '<span class="badge {}">{}</span>', LEVEL_CLASSES.get(level, "text-bg-light border"), labels.get(level, level)
    )
