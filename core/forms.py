import unicodedata
from dataclasses import dataclass
from operator import attrgetter

from django import forms
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def model_data(form: forms.ModelForm) -> dict:
    """A valid ModelForm's input for its model's fields only, as plain keyword data for a service.

    Extra form fields (a version seen, a confirmation box) are left out.
    """
    return {name: form.cleaned_data[name] for name in form._meta.fields if name in form.cleaned_data}


class ChosenFilesNotKept:
    """A form mixin: when a form with a file is refused, say on the file field that it must be chosen again.

    A browser cannot put a chosen file back into a re-rendered page, so a form refused for another field
    (or for a stale version) would otherwise come back with the file silently gone. The note names the
    file the user chose; a file field that has its own error already says what is wrong with it.
    """

    def full_clean(self):
        super().full_clean()
        self._note_files_not_kept()
        self._files_noted = True

    def add_error(self, field, error):
        super().add_error(field, error)
        # Errors added after validation (a stale version, a service's refusal) drop the file too.
        if getattr(self, "_files_noted", False):
            self._note_files_not_kept()

    def _note_files_not_kept(self) -> None:
        if not self.is_bound or not self._errors:
            return
        for name, field in self.fields.items():
            upload = self.files.get(self.add_prefix(name))
            if not isinstance(field, forms.FileField) or not upload or name in self._errors:
                continue
            note = ValidationError(
                _("Nothing was saved, so the file “%(name)s” was not kept either: choose it again before saving."),
                code="file_not_kept",
                params={"name": printable(upload.name)},
            )
            super().add_error(name, note)


def printable(text: str) -> str:
    """Text with control and format characters (a right-to-left override…) removed, for showing back."""
    return "".join(char for char in text or "" if unicodedata.category(char)[0] != "C")


class SearchableSelectMultiple(forms.SelectMultiple):
    """A multiple choice that static/js/searchable.js turns into a searchable box of tags (Tom Select).

    Without JavaScript it stays a plain, taller `<select multiple>`; with it, typing filters the entries and
    each chosen one shows as a tag that can be removed, so a long list no longer needs Ctrl+click.
    """

    def __init__(self, attrs=None, choices=()):
        texts = {"data-no-results": _("Nothing matches."), "data-remove": _("Remove")}
        super().__init__({"size": 8, **texts, **(attrs or {}), "data-searchable": ""}, choices)


def written_attrs(attrs: dict) -> str:
    """A widget's attributes as django/forms/widgets/attrs.html writes them: in order, True bare, False left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value)),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


def written_options(optgroups) -> str:
    """The `<option>`s (and `<optgroup>`s) of a widget context's optgroups, as select_option.html writes them."""
    groups = []
    for group_name, options, _index in optgroups:
        written = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((str(option["value"]), written_attrs(option["attrs"]), option["label"]) for option in options),
        )
        groups.append(format_html('<optgroup label="{}">{}</optgroup>', group_name, written) if group_name else written)
    return mark_safe("".join(groups))  # noqa: S308 (each part went through format_html, which escapes)


def written_select(widget: dict, options: str | None = None) -> str:
    """A `<select>` from its widget context, as Django's select.html and select_option.html write it, without
    rendering two templates for each option (tests/core/test_long_select.py)."""
    if options is None:
        options = written_options(widget["optgroups"])
    return format_html('<select name="{}"{}>{}</select>', widget["name"], written_attrs(widget["attrs"]), options)


class OptionsWrittenOnce:
    """A Select mixin that writes its options in Python (written_select): the meeting page's choice of "a worker
    of the service" among 400 workers took half the page, and its time grows with the service's workers."""

    def render(self, name, value, attrs=None, renderer=None):
        return written_select(self.get_context(name, value, attrs)["widget"])


class LongSelect(OptionsWrittenOnce, forms.Select):
    """A drop-down of many entries (every worker of the service).

    With `kept_as`, its options with nothing chosen are kept written in this process's fragments under that
    name (and the language), for as long as the choices they list are (core/fragments.py clears them when
    those records change): the form shown empty on every visit writes them once.
    """

    def __init__(self, attrs=None, choices=(), kept_as: str = ""):
        super().__init__(attrs, choices)
        self.kept_as = kept_as

    def render(self, name, value, attrs=None, renderer=None):
        if not self.kept_as or value not in (None, ""):
            return super().render(name, value, attrs, renderer)
        key = f"select-options:{self.kept_as}:{get_language()}"
        fragments = caches["fragments"]
        options = fragments.get(key)
        widget = None
        if options is None:
            widget = self.get_context(name, value, attrs)["widget"]
            options = written_options(widget["optgroups"])
            fragments.set(key, options, settings.FRAGMENT_CACHE_SECONDS)
        if widget is None:
            # The select's own attributes without building a context for every option.
            widget = {"name": name, "attrs": self.build_attrs(self.attrs, attrs)}
        return written_select(widget, mark_safe(options))  # noqa: S308 (written above by written_options)


class OptionsFollow(forms.Select):
    """A drop-down whose options are filtered in the page by the choice made in another field of the form.

    Each option says which group it belongs to (`data-group`, from `group_of(instance)`), and the select names
    the field it follows (`data-follows`, the id of that field); static/js/searchable.js shows only the options
    of the chosen group. Nothing is fetched: the options are those Django renders, grouped by attributes.
    """

    def __init__(self, attrs=None, choices=(), group_of=None):
        super().__init__(attrs, choices)
        self.group_of = group_of

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None and self.group_of is not None:
            option["attrs"]["data-group"] = self.group_of(instance)
        return option


@dataclass(frozen=True)
class Follows:
    """A choice field that depends on another: its entry must be in the group of the entry chosen there.

    `group` names the attribute giving a dependent entry's group (a contact's `organisation_id`), and
    `leader_group` the one giving the group of the chosen leading entry (an organisation's `pk`, an
    opportunity's `organisation_id`). `message` and `code` are the refusal's, where the form refuses.
    """

    leader: str
    group: str
    leader_group: str
    message: str = ""
    code: str = "not_in_group"
    # With nothing chosen in the leading field: every entry (True), or none (False).
    all_when_empty: bool = False


class GroupedChoices:
    """A form mixin: drop-downs that offer only the entries of what is chosen in another field of the form.

    `follows = {"contact": Follows("organisation", "organisation_id", "pk")}`: the options carry their group
    (OptionsFollow) and static/js/searchable.js shows those of the chosen organisation as it changes.
    Alone, for a model whose own validation refuses an entry of another group; ChoicesFollow refuses it in
    the form. The groups come from the entries already loaded for the form: no query of their own.
    """

    follows: dict[str, Follows] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, rule in self.follows.items():
            _group_options(self.fields[rule.leader], attrgetter(rule.leader_group))
            _group_options(self.fields[name], attrgetter(rule.group))
            self.fields[name].widget.attrs["data-follows"] = self[rule.leader].auto_id
            if rule.all_when_empty:
                self.fields[name].widget.attrs["data-all-when-empty"] = ""


class ChoicesFollow(GroupedChoices):
    """GroupedChoices whose form refuses, with the rule's message, an entry of another group than the chosen
    one, whatever the page sent."""

    def clean(self):
        cleaned = super().clean()
        for name, rule in self.follows.items():
            entry, leader = cleaned.get(name), cleaned.get(rule.leader)
            if entry is None or rule.leader in self.errors or (leader is None and rule.all_when_empty):
                continue
            if leader is None or attrgetter(rule.group)(entry) != attrgetter(rule.leader_group)(leader):
                self.add_error(name, ValidationError(rule.message, code=rule.code))
        return cleaned


def _group_options(field: forms.ModelChoiceField, group_of) -> None:
    """Give the field's drop-down options their group, keeping its choices, attributes and requiredness."""
    widget = OptionsFollow(attrs=field.widget.attrs, group_of=group_of)
    widget.is_required = field.widget.is_required
    widget.choices = field.widget.choices
    field.widget = widget
