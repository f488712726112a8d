"""A filter form's field drawn in Python, as crispy's bootstrap5 pack draws it, at a fraction of its cost.

Crispy's `as_crispy_field` renders several templates per field; on the case and organisation lists it was
a third of the page's time. The ids, names, classes and error markup are the same, so tests, styles and
scripts see the same form.
"""

from django import forms, template
from django.conf import settings
from django.core.cache import caches
from django.template.loader import get_template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core.forms import written_select
from core.fragments import filter_form_key

register = template.Library()

CRISPY_FIELD = template.Template("{% load crispy_forms_tags %}{{ field|as_crispy_field }}")
SELECT_TEMPLATES = ("django/forms/widgets/select.html", "django/forms/widgets/select_option.html")


def _select(field: forms.BoundField, attrs: dict) -> str:
    """A plain `<select>` as Django's own templates write it, without a template per option."""
    widget = field.field.widget
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    return written_select(widget.get_context(field.html_name, field.value(), attrs)["widget"])


@register.simple_tag
def filter_field(field: forms.BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect, forms.FileInput, forms.MultiWidget)):
        # Laid out differently by crispy, and in no filter form: crispy draws them.
        return CRISPY_FIELD.render(template.Context({"field": field}))
    # crispy's classes: the widget's class name, then Bootstrap's.
    kind = type(widget).__name__.lower()
    control = "form-select" if isinstance(widget, forms.Select) else "form-control"
    classes = [widget.attrs.get("class", ""), kind, control]
    attrs = {"class": ""}
    described_by = []
    if field.errors:
        classes.append("is-invalid")
        attrs["aria-invalid"] = "true"
        described_by.append(f"{field.auto_id}_error")
    if field.help_text:
        described_by.append(f"{field.auto_id}_helptext")
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    attrs["class"] = " ".join(dict.fromkeys(" ".join(classes).split()))
    plain_select = type(widget) is forms.Select or (
        isinstance(widget, forms.Select)
        and (widget.template_name, widget.option_template_name) == SELECT_TEMPLATES
        and type(widget).create_option is forms.Select.create_option
    )
    widget_html = _select(field, attrs) if plain_select and not widget.is_hidden else field.as_widget(attrs=attrs)
    label = format_html(
        '<label for="{}" class="form-label">{}{}</label>',
        field.id_for_label,
        field.label,
        format_html('<span class="asteriskField">*</span>') if field.field.required else "",
    )
    errors = ""
    if field.errors:
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.auto_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((i, field.auto_id, e) for i, e in enumerate(field.errors, 1)),
            ),
        )
    help_text = (
        format_html('<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, field.help_text)
        if field.help_text
        else ""
    )
    return format_html(
        '<div id="div_{}" class="mb-3">{}{}{}{}</div>',
        field.auto_id,
        label,
        widget_html,
        errors,
        help_text,
    )


@register.simple_tag(takes_context=True)
def filter_form(context, template_name: str, filterset, *vary_on, **options) -> str:
    """The whole filter form, drawn once for each input and language and then kept (core/fragments.py):
    its options (areas, dimensions, colleagues) are reference data, read and drawn on every list page.
    `filterset` is a django-filter FilterSet or a plain form (the Indicators' period), as `filter` and `form`."""
    request = context["request"]
    key = filter_form_key(request, template_name, *vary_on, *sorted(options.items()))
    fragments = caches["fragments"]
    html = fragments.get(key)
    if html is None:
        html = get_template(template_name).render(
            {"filter": filterset, "form": filterset, "request": request, **options}
        )
        fragments.set(key, html, settings.FRAGMENT_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 (drawn by our template, every value escaped there)
