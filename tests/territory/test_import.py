import contextlib

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.roles import ADMIN
from territory import imports
from territory.models import Contact, Opportunity, Organisation
from tests.factories import AreaFactory, OrganisationFactory, UserFactory
from tests.territory.importing import confirm, row_errors, upload_file

HEADER = "name;kind;fiscal_code;municipality_istat;target_groups;poverty_dimensions;areas;email;active\n"


@pytest.fixture
def rho(db):
    return AreaFactory(municipality=True, name="Rho", istat_code="015182")


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(username="amministratrice", team=None, role=ADMIN))
    return client


def upload(client, kind, text, encoding="utf-8"):
    return upload_file(client, kind, text.encode(encoding) if isinstance(text, str) else text)


VALID = (
    HEADER
    + "Auser Rho ODV;odv;97100000009;015182;elderly|families;relational;Rho;info@auser.it;1\n"
    + "Caritas Rho;caritas;;015182;adults_in_hardship;material|economic_work;;;si\n"
)


def test_a_valid_file_is_previewed_then_imported_and_reimport_updates(admin_client, rho):
    preview = upload(admin_client, "organisations", VALID.replace("97100000009", imports_code()))
    assert preview.context["pending"].is_ready
    assert not Organisation.objects.exists()

    confirm(admin_client)
    auser = Organisation.objects.get(name="Auser Rho ODV")
    assert Organisation.objects.count() == 2
    assert sorted(g.code for g in auser.target_groups.all()) == ["elderly", "families"]
    assert auser.municipality == rho

    upload(
        admin_client,
        "organisations",
        VALID.replace("info@auser.it", "nuova@auser.it").replace("97100000009", imports_code()),
    )
    confirm(admin_client)
    assert Organisation.objects.count() == 2
    assert Organisation.objects.get(name="Auser Rho ODV").email == "nuova@auser.it"


def imports_code():
    from tests.factories import numeric_code

    return numeric_code(4242)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_excel_encodings_are_read(admin_client, rho, encoding):
    text = HEADER + "Società di mutuo soccorso Però;mutual_aid;;;;;;;1\n"
    upload(admin_client, "organisations", text, encoding)
    confirm(admin_client)
    assert Organisation.objects.get().name == "Società di mutuo soccorso Però"


def test_errors_are_reported_per_row_and_column_and_nothing_is_written(admin_client, rho):
    text = (
        HEADER
        + "Buona;odv;;;;;;;1\n"
        + "Codice sbagliato;odv;00488410011;;;;;;1\n"
        + ";aps;;999999;nonsense;;;non-una-mail;1\n"
    )
    response = upload(admin_client, "organisations", text)
    errors = row_errors(response)
    assert (3, "fiscal_code") in errors
    assert (4, "name") in errors
    assert (4, "email") in errors
    assert (4, "areas/municipality_istat") in errors
    assert (4, "target_groups") in errors
    assert "Nulla è stato importato" in response.content.decode()
    assert not Organisation.objects.exists()
    # Nothing was kept for confirmation either.
    confirm(admin_client)
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("kind;email\nodv;a@b.it\n", "Colonne mancanti"),
        ("name;kind;colore\nX;odv;blu\n", "Colonne sconosciute"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "non è un file CSV"),
        ("name;kind\n", "nessuna riga"),
    ],
)
def test_malformed_files_are_explained(admin_client, content, message):
    response = upload(admin_client, "organisations", content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Organisation.objects.exists()


def test_contacts_and_opportunities_refer_to_organisations(admin_client, rho):
    auser = OrganisationFactory(name="Auser Rho ODV")
    upload(
        admin_client,
        "contacts",
        "organisation;first_name;last_name;email;is_liaison\nAuser Rho ODV;Giuseppina;Colombo;g@auser.it;1\n",
    )
    confirm(admin_client)
    assert Contact.objects.get().is_liaison
    text = (
        "organisation;title;kind;areas;target_groups;start_date;end_date\n"
        f"{auser.fiscal_code};Compagnia telefonica;home_care;015182;elderly;2026-01-01;2026-12-31\n"
    )
    upload(admin_client, "opportunities", text)
    confirm(admin_client)
    opportunity = Opportunity.objects.get()
    assert (opportunity.organisation, list(opportunity.areas.all())) == (auser, [rho])


def test_an_opportunity_ending_before_it_starts_is_a_row_error(admin_client):
    OrganisationFactory(name="Auser")
    response = upload(
        admin_client,
        "opportunities",
        "organisation;title;kind;start_date;end_date\nAuser;X;other;2026-05-01;2026-01-01\n",
    )
    assert "end_date" in {column for _row, column in row_errors(response)}


def test_only_admins_import(worker_client):
    assert worker_client.get(reverse("territory:import_start")).status_code == 403
    assert worker_client.post(reverse("territory:import_confirm", args=[1])).status_code == 403


def test_the_template_lists_the_columns(admin_client):
    response = admin_client.get(reverse("territory:import_template", args=["contacts"]))
    header, example = response.content.decode("utf-8-sig").splitlines()
    assert header.startswith("Organizzazione;Nome;Cognome;Ruolo")
    assert example.startswith("Auser Rho ODV;Carla;Fontana")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=400))
def test_any_bytes_are_refused_or_reported_never_crash(db, content):
    try:
        result = imports.check("organisations", content)
    except imports.ImportError_:
        return
    assert result.valid or result.errors
    assert not Organisation.objects.exists()


cell = st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(cell, cell, cell, cell), min_size=1, max_size=5))
def test_any_text_rows_are_checked_without_writing(db, rows):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["name", "kind", "fiscal_code", "latitude"])
    writer.writerows(rows)
    with contextlib.suppress(imports.ImportError_):
        imports.check("organisations", buffer.getvalue().encode())
    assert not Organisation.objects.exists()


def test_hsds_export_shape(worker_client, rho):
    org = OrganisationFactory(name="Auser", latitude="45.5", longitude="9.0", municipality=rho)
    from tests.factories import OpportunityFactory

    OpportunityFactory(organisation=org, title="Compagnia")
    data = worker_client.get(reverse("territory:hsds_export")).json()
    (organization,) = data["organizations"]
    (service,) = data["services"]
    (location,) = data["locations"]
    assert service["organization_id"] == organization["id"] == location["organization_id"]
    assert location["addresses"][0]["country"] == "IT"
    assert len(organization["id"]) == 36
    assert worker_client.get(reverse("territory:hsds_export")).json()["organizations"][0]["id"] == organization["id"]
