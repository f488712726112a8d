"""LongSelect writes the same HTML as Django's Select (core/forms.py), options and attributes alike."""

import re

import pytest
from django import forms
from django.contrib.auth.models import Group

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


@pytest.mark.django_db
def test_kept_options_are_the_same_and_follow_the_workers():
    """With nothing chosen the options are written once per process (LongSelect kept_as) and written again when
    a user or a role membership changes (core/fragments.py)."""
    from accounts.roles import SOCIAL_WORKER
    from community.forms import ActionItemForm
    from community.models import ActionItem
    from tests.factories import MeetingFactory

    UserFactory(role=SOCIAL_WORKER, first_name="Anna", last_name="Bianchi")
    outsider = UserFactory(first_name="Dario", last_name="Verdi")  # no role yet: not a worker
    meeting = MeetingFactory()

    def assignee_html(form_data=None):
        form = ActionItemForm(form_data, instance=ActionItem(meeting=meeting))
        return str(form["assignee"])

    first, again = assignee_html(), assignee_html()
    assert first == again and "Anna Bianchi" in first
    plain = ActionItemForm(instance=ActionItem(meeting=meeting))
    plain.fields["assignee"].widget = LongSelect(choices=plain.fields["assignee"].choices)
    assert normalised(str(plain["assignee"])) == normalised(first)
    assert "Dario Verdi" not in first
    outsider.groups.add(Group.objects.get(name=SOCIAL_WORKER))  # given a role: now a worker
    assert "Dario Verdi" in assignee_html()
    UserFactory(role=SOCIAL_WORKER, first_name="Carla", last_name="Neri")  # a new worker of the service
    assert "Carla Neri" in assignee_html()
    neri = User.objects.get(last_name="Neri").pk
    assert f'<option value="{neri}" selected>Carla Neri</option>' in assignee_html({"assignee": str(neri)})
