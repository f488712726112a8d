"""The import as Italian offices write it (issue 16): Italian headers and labels, the example row, the columns page."""

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.roles import ADMIN
from territory import imports
from territory.models import Organisation
from tests.factories import AreaFactory, UserFactory
from tests.territory.importing import confirm, upload_file


@pytest.fixture
def rho(db):
    return AreaFactory(municipality=True, name="Rho", istat_code="015182")


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(username="amministratrice", team=None, role=ADMIN))
    return client


def test_italian_labels_are_accepted_for_codes_whatever_the_case_and_accents(rho):
    text = (
        "Nome;Tipo;Tipo di cooperativa;Destinatari;Dimensioni della povertà;Codice ISTAT del comune\n"
        "Il Melograno;Cooperativa sociale;Tipo B: inserimento lavorativo di persone svantaggiate;"
        "Adolescenti|ANZIANI;Economico-lavorativa|educativa;015182\n"
        "Oratorio San Luigi;parrocchia / oratorio;;adolescents;relazionale;015182\n"
    )
    with translation.override("it"):
        result = imports.check("organisations", text.encode())
    assert result.errors == []
    first = result.rows[0]
    assert (first.record.kind, first.record.cooperative_type) == ("social_cooperative", "B")
    assert {g.code for g in first.relations["target_groups"]} == {"adolescents", "elderly"}
    assert {d.code for d in first.relations["poverty_dimensions"]} == {"economic_work", "educational"}
    assert result.rows[1].record.kind == "parish"


def test_english_headers_and_labels_are_accepted_too(rho):
    text = "name;Kind;target groups\nAuser Rho;Voluntary organisation (ODV);Elderly people\nAPS Rho;aps;Families\n"
    result = imports.check("organisations", text.encode())
    assert result.errors == []
    assert [row.record.kind for row in result.rows] == ["odv", "aps"]


def test_an_unknown_target_group_is_one_error_on_its_own_column(rho):
    text = "name;kind;target_groups;poverty_dimensions\nAuser;odv;Marziani;materiale\n"
    errors = imports.check("organisations", text.encode()).errors
    assert [(error.row, error.column) for error in errors] == [(2, "target_groups")]
    assert "Marziani" in errors[0].message


def test_an_unknown_kind_names_the_kind_column(rho):
    errors = imports.check("organisations", b"nome;tipo\nAuser;Astronave\n").errors
    assert [(error.row, error.column) for error in errors] == [(2, "kind")]


def test_the_template_has_italian_headers_and_an_example_row_which_is_skipped(admin_client, rho):
    response = admin_client.get(reverse("territory:import_template", args=["organisations"]))
    template = response.content.decode("utf-8-sig")
    header, example = template.splitlines()
    assert header.startswith("Nome;Tipo;Tipo di cooperativa")
    assert "Codice ISTAT del comune" in header
    assert example.startswith("Auser Rho ODV;odv;")
    # The template as downloaded, with one real row added, imports only the real row.
    page = upload_file(admin_client, "organisations", (template + "Caritas Rho;caritas" + ";" * 16 + "\n").encode())
    assert page.context["pending"].errors == []
    confirm(admin_client)
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Caritas Rho"]


def test_the_columns_page_lists_the_allowed_values_and_is_linked_from_the_import(admin_client):
    start = admin_client.get(reverse("territory:import_start")).content.decode()
    assert reverse("territory:import_columns") in start
    page = admin_client.get(reverse("territory:import_columns")).content.decode()
    assert "<code>social_cooperative</code> · Cooperativa sociale" in page
    assert "<code>adolescents</code> · Adolescenti" in page
    assert "<code>municipality_istat</code>" in page


def test_the_columns_page_is_for_those_who_import(worker_client):
    assert worker_client.get(reverse("territory:import_columns")).status_code == 403
