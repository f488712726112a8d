"""The searchable multi-select and the drop-downs that follow another field (core.forms)."""

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.forms import ChoicesFollow, Follows, SearchableSelectMultiple
from territory.models import Contact, Organisation
from tests.factories import ContactFactory, OrganisationFactory


class MemberForm(ChoicesFollow, forms.Form):
    follows = {
        "contact": Follows(
            "organisation", group="organisation_id", leader_group="pk", message=_("Not one of its contacts.")
        )
    }
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.all(), required=False)
    contact = forms.ModelChoiceField(queryset=Contact.objects.all(), required=False)
    areas = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], widget=SearchableSelectMultiple, required=False)


class OpenMemberForm(MemberForm):
    follows = {"contact": Follows("organisation", group="organisation_id", leader_group="pk", all_when_empty=True)}


def test_the_searchable_select_is_a_plain_multiple_select_marked_for_the_script():
    with translation.override("en"):
        html = str(MemberForm()["areas"])
    assert html.startswith('<select name="areas"')
    assert "multiple" in html
    assert "data-searchable" in html
    assert 'size="8"' in html
    # Tom Select's own texts are English: the widget gives it the page's language.
    assert 'data-no-results="Nothing matches." data-remove="Remove"' in html


def test_each_option_says_its_organisation_and_the_select_names_the_field_it_follows(db):
    contact = ContactFactory()
    form = MemberForm()
    assert f'<option value="{contact.pk}" data-group="{contact.organisation_id}">' in str(form["contact"])
    assert 'data-follows="id_organisation"' in str(form["contact"])
    assert f'data-group="{contact.organisation_id}"' in str(form["organisation"])


def test_the_leading_field_is_named_by_its_id_with_the_form_prefix(db):
    assert 'data-follows="member-organisation"' in str(MemberForm(prefix="member", auto_id="%s")["contact"])


def test_a_contact_of_the_chosen_organisation_is_accepted(db):
    contact = ContactFactory()
    form = MemberForm({"organisation": contact.organisation_id, "contact": contact.pk})
    assert form.is_valid(), form.errors


def test_a_contact_of_another_organisation_is_refused_with_the_rules_message(db):
    form = MemberForm({"organisation": OrganisationFactory().pk, "contact": ContactFactory().pk})
    assert not form.is_valid()
    assert form.errors.as_data()["contact"][0].code == "not_in_group"
    assert form.has_error("contact")
    assert form.errors["contact"] == [str(_("Not one of its contacts."))]


def test_a_contact_without_an_organisation_is_refused_unless_the_rule_allows_every_contact(db):
    contact = ContactFactory()
    assert list(MemberForm({"contact": contact.pk}).errors) == ["contact"]
    assert OpenMemberForm({"contact": contact.pk}).is_valid()
    assert "data-all-when-empty" in str(OpenMemberForm()["contact"])


def test_an_invalid_organisation_is_reported_once_on_its_own_field(db):
    form = MemberForm({"organisation": "999999", "contact": ContactFactory().pk})
    assert list(form.errors) == ["organisation"]
