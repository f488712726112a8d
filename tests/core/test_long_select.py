"""LongSelect writes the same HTML as Django's Select (core/forms.py), options and attributes alike."""

import re

import pytest
from django import forms

from accounts.models import User
from core.forms import LongSelect
from tests.factories import UserFactory


def normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


class Choice(forms.Form):
    plain = forms.ModelChoiceField(queryset=User.objects.order_by("pk"), required=False)
    written = forms.ModelChoiceField(queryset=User.objects.order_by("pk"), required=False, widget=LongSelect)
    grouped = forms.ChoiceField(choices=[("Nord", [("a", "Anna & Bruno"), ("b", "<b>Bea</b>")]), ("c", "Carla")])


@pytest.mark.django_db
@pytest.mark.parametrize("chosen", [None, "first"])
def test_the_same_html_as_django_select(chosen):
    first, _second = UserFactory(first_name="Anna", last_name="D'Amico"), UserFactory(first_name="<script>")
    value = first.pk if chosen else None
    form = Choice(initial={"plain": value, "written": value})
    attrs = {"class": "form-select", "aria-describedby": "help", "required": True, "disabled": False}
    django = form["plain"].as_widget(attrs=attrs).replace('name="plain"', 'name="x"').replace('id="id_plain"', 'id="x"')
    ours = (
        form["written"]
        .as_widget(attrs=attrs)
        .replace('name="written"', 'name="x"')
        .replace('id="id_written"', 'id="x"')
    )
    assert normalised(ours) == normalised(django)
    assert "&lt;script&gt;" in ours and (f'value="{first.pk}" selected' in ours) == bool(chosen)


def test_groups_are_written_as_django_writes_them():
    widget = LongSelect(choices=Choice.base_fields["grouped"].choices)
    django = forms.Select(choices=Choice.base_fields["grouped"].choices)
    assert normalised(widget.render("g", "b")) == normalised(django.render("g", "b"))
    assert "&lt;b&gt;Bea&lt;/b&gt;" in widget.render("g", "b")
