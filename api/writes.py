"""Writes through the API go through the directory's own forms: the same rules, the same messages.

A payload names only the fields to change; the others keep their current value, so the form sees a
complete record exactly as the page would send it. Codes (target groups, poverty dimensions) become the
rows the form expects; the form's field names are given back in the API's names with its messages.
"""

from django import forms
from django.db import models
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from territory.models import PovertyDimension, TargetGroup

# The API's name of a field → the form's.
FORM_NAMES = {
    "municipality_id": "municipality",
    "organisation_id": "organisation",
    "liaison_id": "liaison",
    "version": "edited_version",
}
API_NAMES = {form_name: api_name for api_name, form_name in FORM_NAMES.items()}
CODED = {"target_groups": TargetGroup, "poverty_dimensions": PovertyDimension}


class Invalid(Exception):
    """The form refused the input: its messages by field, in the API's names."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def _form_data(payload: dict) -> dict:
    data = {}
    for name, value in payload.items():
        if name in CODED and value is not None:
            by_code = dict(CODED[name].objects.filter(code__in=value).values_list("code", "pk"))
            value = [by_code.get(code, code) for code in value]
        elif hasattr(value, "value"):  # an enum member
            value = value.value
        data[FORM_NAMES.get(name, name)] = "" if value is None else value
    return data


def bound_form(form_class: type[forms.ModelForm], payload: dict, instance: models.Model, **kwargs) -> forms.ModelForm:
    """The form bound to the record's current values, overlaid with the payload's."""
    current = form_class(instance=instance, **kwargs)
    data = {name: current[name].value() for name in current.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    data.update(_form_data(payload))
    return form_class(data, instance=instance, **kwargs)


def save(form: forms.ModelForm) -> models.Model:
    """Save a valid form (refusing a stale version with 409), or raise Invalid with its messages."""
    if not form.is_valid():
        raise Invalid({API_NAMES.get(name, name): [str(m) for m in messages] for name, messages in form.errors.items()})
    save_unless_stale = getattr(form, "save_unless_stale", None)
    if save_unless_stale is None:
        return form.save()
    saved = save_unless_stale()
    if saved is None:
        raise HttpError(409, _("Someone else saved this record after the version you sent."))
    return saved


def require_perm(user, perm: str) -> None:
    if not user.has_perm(perm):
        raise HttpError(403, _("Your role may not do this."))
