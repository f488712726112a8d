"""An import obeys exactly the rules of the pages: the same errors, by row and column, as the page's form.

The import no longer builds the page's form for each row (tests/territory/test_import_queries.py says
why); these tests bind the page's own form to the same data and compare its errors with the import's.
"""

import csv
import io

import pytest
from django.core.exceptions import ValidationError

from territory import imports
from territory.forms import ContactForm, OpportunityForm, OrganisationForm, cache_choices
from territory.models import Contact, Opportunity, Organisation
from tests.factories import AreaFactory, ContactFactory, OpportunityFactory, OrganisationFactory, numeric_code


def csv_text(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def import_errors(kind: str, *rows: dict) -> dict[tuple[int, str], str]:
    return {(error.row, error.column): error.message for error in imports.check(kind, csv_text(list(rows))).errors}


def page_errors(form) -> dict[str, str]:
    form.is_valid()
    return {("" if field == "__all__" else field): " ".join(messages) for field, messages in form.errors.items()}


ORGANISATION_CASES = {
    "fiscal code check digit": {"fiscal_code": "00488410011"},
    "person's fiscal code check character": {"fiscal_code": "RSSMRA80A01H501X"},
    "partita IVA check digit": {"vat_number": "12345678901"},
    "latitude without longitude": {"latitude": "45.53"},
    "longitude without latitude": {"longitude": "9.04"},
    "latitude out of range": {"latitude": "95", "longitude": "9.04"},
    "coordinates not numbers": {"latitude": "nord", "longitude": "9,04"},
    "cooperative type of an association": {"cooperative_type": "A"},
    "unknown cooperative type": {"kind": "social_cooperative", "cooperative_type": "Z"},
    "unknown kind": {"kind": "astronave"},
    "no name": {"name": ""},
    "name too long": {"name": "A" * 201},
    "CAP of four digits": {"postcode": "2001"},
    "e-mail": {"email": "non-una-mail"},
    "website": {"website": "sito web dell'associazione"},
    "phone too long": {"phone": "0" * 41},
}


@pytest.mark.parametrize("cells", ORGANISATION_CASES.values(), ids=ORGANISATION_CASES.keys())
def test_organisation_rows_get_the_errors_of_the_organisation_form(db, cells):
    row = {"name": "Auser Rho ODV", "kind": "odv", **cells}

    expected = page_errors(OrganisationForm({**row, "active": "on"}))

    assert expected, "each case breaks a rule of the page"
    assert import_errors("organisations", row) == {(2, column): message for column, message in expected.items()}


def test_a_fiscal_code_taken_by_an_earlier_row_is_refused_as_the_page_refuses_a_taken_one(db):
    taken = OrganisationFactory(fiscal_code=numeric_code(77))
    expected = page_errors(OrganisationForm({"name": "Altra", "kind": "odv", "fiscal_code": taken.fiscal_code}))
    code = numeric_code(78)

    errors = import_errors(
        "organisations",
        {"name": "Auser Rho ODV", "kind": "odv", "fiscal_code": code},
        {"name": "Auser di Rho", "kind": "aps", "fiscal_code": code},
    )

    assert errors == {(3, "fiscal_code"): expected["fiscal_code"]}


def test_two_rows_updating_the_same_organisation_are_refused(db):
    auser = OrganisationFactory(name="Auser Rho ODV")

    errors = import_errors(
        "organisations",
        {"name": "Auser Rho ODV", "kind": "odv", "fiscal_code": auser.fiscal_code},
        {"name": "Auser", "kind": "aps", "fiscal_code": auser.fiscal_code},
    )

    assert errors == {(3, "name, kind"): "Lo stesso record compare due volte nel file."}


def test_a_file_with_a_repeated_fiscal_code_is_never_half_written(db):
    code = numeric_code(79)
    content = csv_text(
        [
            {"name": "Auser Rho ODV", "kind": "odv", "fiscal_code": code},
            {"name": "Auser di Rho", "kind": "aps", "fiscal_code": code},
        ]
    )

    result = imports.apply("organisations", content)

    assert not result.valid
    assert not Organisation.objects.exists()


@pytest.fixture
def auser(db):
    return OrganisationFactory(name="Auser Rho ODV")


OPPORTUNITY_CASES = {
    "end before start": {"start_date": "2026-05-01", "end_date": "2026-01-01"},
    "not a date": {"start_date": "31/02/2026"},
    "negative capacity": {"capacity": "-3"},
    "capacity in words": {"capacity": "tanti"},
    "unknown kind": {"kind": "astronave"},
    "no title": {"title": ""},
    "title too long": {"title": "T" * 201},
}


@pytest.mark.parametrize("cells", OPPORTUNITY_CASES.values(), ids=OPPORTUNITY_CASES.keys())
def test_opportunity_rows_get_the_errors_of_the_opportunity_form(auser, cells):
    row = {"title": "Compagnia telefonica", "kind": "home_care", **cells}

    expected = page_errors(OpportunityForm({**row, "organisation": auser.pk, "active": "on"}))

    assert expected
    errors = import_errors("opportunities", {"organisation": auser.name, **row})
    assert errors == {(2, column): message for column, message in expected.items()}


def test_a_new_opportunity_of_an_inactive_organisation_is_refused_as_on_the_page(db):
    closed = OrganisationFactory(name="Circolo chiuso", active=False)
    row = {"title": "Tombola", "kind": "socialising"}
    expected = page_errors(OpportunityForm({**row, "organisation": closed.pk, "active": "on"}))

    assert import_errors("opportunities", {"organisation": closed.name, **row}) == {
        (2, "organisation"): expected["organisation"]
    }


def test_an_existing_opportunity_of_an_organisation_gone_inactive_can_still_be_updated(db):
    closed = OrganisationFactory(name="Circolo chiuso", active=False)
    tombola = OpportunityFactory(organisation=closed, title="Tombola", kind="socialising")
    assert (
        page_errors(
            OpportunityForm({"organisation": closed.pk, "title": "Tombola", "kind": "socialising"}, instance=tombola)
        )
        == {}
    )

    result = imports.apply(
        "opportunities", csv_text([{"organisation": closed.name, "title": "Tombola", "kind": "other"}])
    )

    assert result.valid
    tombola.refresh_from_db()
    assert tombola.kind == "other"


def test_a_liaison_of_another_organisation_is_reported_as_the_page_reports_it(auser):
    other = ContactFactory(is_liaison=True)
    # Saved past the form, as older data may be: the rule is checked again on each update.
    opportunity = OpportunityFactory(organisation=auser, title="Compagnia", liaison=other)
    data = {"organisation": auser.pk, "title": "Compagnia", "kind": "home_care", "liaison": other.pk}
    expected = page_errors(OpportunityForm(data, instance=opportunity))

    errors = import_errors("opportunities", {"organisation": auser.name, "title": "Compagnia", "kind": "home_care"})

    assert expected == {"liaison": errors[(2, "liaison")]}


def test_the_same_opportunity_named_twice_through_its_organisation_is_refused(auser):
    errors = import_errors(
        "opportunities",
        {"organisation": auser.name, "title": "Orto sociale", "kind": "social_garden"},
        {"organisation": auser.fiscal_code, "title": "orto sociale", "kind": "social_garden"},
    )

    assert (3, "organisation, title, kind") in errors


CONTACT_CASES = {
    "no first name": {"first_name": ""},
    "e-mail": {"email": "g.colombo@"},
    "role too long": {"role": "R" * 121},
}


@pytest.mark.parametrize("cells", CONTACT_CASES.values(), ids=CONTACT_CASES.keys())
def test_contact_rows_get_the_errors_of_the_contact_form(auser, cells):
    row = {"first_name": "Giuseppina", "last_name": "Colombo", **cells}

    expected = page_errors(ContactForm({**row, "active": "on"}, instance=Contact(organisation=auser)))

    assert expected
    errors = import_errors("contacts", {"organisation": auser.name, **row})
    assert errors == {(2, column): message for column, message in expected.items()}


def test_the_same_person_listed_under_the_name_and_the_code_of_their_organisation_is_refused(auser):
    errors = import_errors(
        "contacts",
        {"organisation": auser.name, "first_name": "Giuseppina", "last_name": "Colombo"},
        {"organisation": auser.fiscal_code, "first_name": "giuseppina", "last_name": "COLOMBO"},
    )

    assert (3, "organisation, first_name, last_name") in errors


def test_unknown_areas_target_groups_dimensions_and_comuni_are_named(db):
    AreaFactory(municipality=True, name="Rho", istat_code="015182")
    row = {
        "name": "Auser",
        "kind": "odv",
        "municipality_istat": "999999",
        "areas": "Rho|Atlantide",
        "target_groups": "elderly|marziani",
        "poverty_dimensions": "spirituale",
    }

    errors = imports.check("organisations", csv_text([row])).errors

    by_column = {}
    for error in errors:
        by_column.setdefault((error.row, error.column), []).append(error.message)
    assert set(by_column) == {(2, "areas/municipality_istat"), (2, "target_groups"), (2, "poverty_dimensions")}
    assert "Atlantide" in " ".join(by_column[(2, "areas/municipality_istat")])
    assert "999999" in " ".join(by_column[(2, "areas/municipality_istat")])
    assert "marziani" in " ".join(by_column[(2, "target_groups")])
    assert "spirituale" in " ".join(by_column[(2, "poverty_dimensions")])


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("municipality", "999999"),
        ("municipality", "abc"),
        ("target_groups", ["1", "999999"]),
        ("poverty_dimensions", ["abc"]),
        ("areas_served", "1"),
        ("target_groups", ["1", "2"]),
    ],
)
def test_cached_choices_answer_as_the_page_without_querying(db, name, value, django_assert_num_queries):
    AreaFactory(municipality=True, name="Rho", istat_code="015182")
    page_field = OrganisationForm().fields[name]
    cached_field = cache_choices(OrganisationForm(), [name]).fields[name]

    def outcome(field):
        try:
            return "valid", sorted(obj.pk for obj in field.clean(value)) if isinstance(value, list) else field.clean(
                value
            ).pk
        except ValidationError as error:
            return "invalid", error.messages

    expected = outcome(page_field)
    with django_assert_num_queries(0):
        assert outcome(cached_field) == expected


# The import repeats, against data loaded once, what the forms and models check with a query each. These
# guards fail when a form or model gains such a rule, so that the import is taught it too.


def test_the_forms_have_no_cleaning_the_import_does_not_repeat():
    from django import forms

    mirrored = {OrganisationForm: {"clean_fiscal_code", "clean_vat_number"}, ContactForm: set(), OpportunityForm: set()}
    for form_class, methods in mirrored.items():
        assert {name for name in dir(form_class) if name.startswith("clean_")} == methods
        assert form_class.clean is forms.ModelForm.clean


def test_the_models_have_no_constraint_the_import_does_not_repeat():
    # Each CheckConstraint is said again by the model's clean() (cases above); the fiscal code's
    # uniqueness by the import's fiscal code check; no model has unique fields besides its pk.
    known = {
        Organisation: {
            "organisation_kind_valid",
            "organisation_cooperative_type_only_for_cooperatives",
            "organisation_coordinates_both_or_none",
            "organisation_fiscal_code_unique",
        },
        Contact: set(),
        Opportunity: {"opportunity_kind_valid", "opportunity_end_after_start", "opportunity_ages_in_order"},
    }
    # The public uuid is generated by the model, never read from the file.
    generated = {Organisation: ["id", "uuid"], Contact: ["id"], Opportunity: ["id", "uuid"]}
    for model, names in known.items():
        assert {constraint.name for constraint in model._meta.constraints} == names
        assert [field.name for field in model._meta.fields if field.unique] == generated[model]
        assert not model._meta.unique_together
