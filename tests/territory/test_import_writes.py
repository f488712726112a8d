"""The confirmation writes every row in bulk, all or nothing, audits each record, and loses nothing."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse

from accounts.roles import ADMIN
from audit import registry
from audit.models import Action, AuditEvent
from territory import imports
from territory.models import Contact, Opportunity, Organisation
from tests.factories import (
    AreaFactory,
    ContactFactory,
    OpportunityFactory,
    OrganisationFactory,
    UserFactory,
    numeric_code,
)
from tests.helpers import error_codes
from tests.territory.importing import confirm, upload_file


def csv_text(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(dict.fromkeys(key for row in rows for key in row)), delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


@pytest.fixture
def rho(db):
    return AreaFactory(municipality=True, name="Rho", istat_code="015182")


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(username="amministratrice", team=None, role=ADMIN))
    return client


def import_through_pages(client, kind: str, rows: list[dict]):
    preview = upload_file(client, kind, csv_text(rows))
    assert preview.context["pending"].is_ready, preview.context["pending"].errors
    return confirm(client)


def latest_event(obj, action: str) -> AuditEvent:
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk), action=action).latest(
        "pk"
    )


def test_each_record_written_is_audited_as_a_save_would_have_audited_it(admin_client, rho):
    existing = OrganisationFactory(name="Caritas Rho", kind="caritas", email="vecchia@caritas.it")
    # The same change made by a save(), for comparison: its event comes from audit.changes.
    twin = OrganisationFactory(name="Caritas Rho", kind="caritas", email="vecchia@caritas.it")
    twin.email = "nuova@caritas.it"
    twin.save()

    import_through_pages(
        admin_client,
        "organisations",
        [
            {"name": "Auser Rho ODV", "kind": "odv", "fiscal_code": numeric_code(4242), "municipality_istat": "015182"},
            {
                "name": "Caritas Rho",
                "kind": "caritas",
                "fiscal_code": existing.fiscal_code,
                "email": "nuova@caritas.it",
            },
        ],
    )

    auser = Organisation.objects.get(name="Auser Rho ODV")
    created = latest_event(auser, Action.CREATE)
    assert created.username == "amministratrice"
    assert created.object_repr == registry.label_of(auser)
    assert created.changes["name"] == [None, "Auser Rho ODV"]
    assert created.changes["municipality_id"] == [None, rho.pk]
    # As a save() records it: a body's codice fiscale is public (territory/tracking.py masks none).
    assert created.changes["fiscal_code"] == [None, numeric_code(4242)]
    assert "version" not in created.changes and "updated_at" not in created.changes
    updated = latest_event(existing, Action.UPDATE)
    assert (
        updated.changes
        == latest_event(twin, Action.UPDATE).changes
        == {"email": ["vecchia@caritas.it", "nuova@caritas.it"]}
    )
    assert updated.username == "amministratrice"


def test_importing_the_same_file_again_writes_nothing(db, rho):
    rows = [{"name": "Auser Rho ODV", "kind": "odv", "fiscal_code": numeric_code(4242), "areas": "Rho"}]
    imports.apply("organisations", csv_text(rows))
    auser = Organisation.objects.get()
    events = AuditEvent.objects.count()

    result = imports.apply("organisations", csv_text(rows))

    assert (result.created, result.updated) == (0, 1)
    assert AuditEvent.objects.count() == events
    fresh = Organisation.objects.get()
    assert (fresh.version, fresh.updated_at) == (auser.version, auser.updated_at)
    assert list(fresh.areas_served.all()) == [rho]


def test_an_update_by_import_makes_an_edit_opened_before_it_stale(admin_client, worker, rho):
    worker_client = Client()
    worker_client.force_login(worker)
    auser = OrganisationFactory(name="Auser Rho ODV", email="info@auser.it")
    opened_version = auser.version

    import_through_pages(
        admin_client,
        "organisations",
        [{"name": "Auser Rho ODV", "kind": "odv", "fiscal_code": auser.fiscal_code, "email": "nuova@auser.it"}],
    )
    response = worker_client.post(
        reverse("territory:organisation_update", args=[auser.pk]),
        {"name": "Auser", "kind": "odv", "active": "on", "edited_version": opened_version},
    )

    assert error_codes(response) == {"__all__": ["stale"]}
    auser.refresh_from_db()
    assert (auser.name, auser.email, auser.version) == ("Auser Rho ODV", "nuova@auser.it", opened_version + 1)


def test_an_update_leaves_the_columns_the_file_has_not_as_they_were(db, rho):
    auser = OrganisationFactory(
        name="Auser Rho ODV",
        notes="Sede aperta il martedì.",
        phone="02 9309 1234",
        municipality=rho,
        areas_served=[rho],
        target_groups=["elderly"],
    )
    liaison = ContactFactory(organisation=auser, is_liaison=True, notes="Preferisce essere chiamata al mattino.")
    compagnia = OpportunityFactory(organisation=auser, title="Compagnia telefonica", liaison=liaison)

    imports.apply(
        "organisations",
        csv_text([{"name": "Auser Rho ODV", "kind": "aps", "fiscal_code": auser.fiscal_code, "email": "a@auser.it"}]),
    )
    imports.apply(
        "contacts",
        csv_text(
            [
                {
                    "organisation": auser.name,
                    "first_name": liaison.first_name,
                    "last_name": liaison.last_name,
                    "role": "Presidente",
                }
            ]
        ),
    )
    imports.apply(
        "opportunities",
        csv_text([{"organisation": auser.name, "title": "Compagnia telefonica", "kind": "home_care", "capacity": "8"}]),
    )

    auser.refresh_from_db()
    assert (auser.kind, auser.email) == ("aps", "a@auser.it")
    assert (auser.notes, auser.phone, auser.municipality, auser.active) == (
        "Sede aperta il martedì.",
        "02 9309 1234",
        rho,
        True,
    )
    assert [a.pk for a in auser.areas_served.all()] == [rho.pk]
    assert [g.code for g in auser.target_groups.all()] == ["elderly"]
    liaison.refresh_from_db()
    assert (liaison.role, liaison.notes, liaison.is_liaison) == (
        "Presidente",
        "Preferisce essere chiamata al mattino.",
        True,
    )
    compagnia.refresh_from_db()
    assert (compagnia.capacity, compagnia.liaison) == (8, liaison)


def test_an_empty_cell_clears_and_relations_become_those_of_the_file(db, rho):
    settimo = AreaFactory(municipality=True, name="Settimo Milanese", istat_code="015210")
    baranzate = AreaFactory(municipality=True, name="Baranzate", istat_code="015250")
    auser = OrganisationFactory(
        name="Auser Rho ODV", phone="02 1", areas_served=[rho, settimo], target_groups=["elderly", "families"]
    )

    imports.apply(
        "organisations",
        csv_text(
            [
                {
                    "name": "Auser Rho ODV",
                    "kind": "odv",
                    "fiscal_code": auser.fiscal_code,
                    "phone": "",
                    "areas": "Settimo Milanese|015250",
                    "target_groups": "",
                }
            ]
        ),
    )

    auser.refresh_from_db()
    assert auser.phone == ""
    assert {a.pk for a in auser.areas_served.all()} == {settimo.pk, baranzate.pk}
    assert not auser.target_groups.exists()


def test_a_change_of_relations_only_moves_the_version_too(db, rho):
    settimo = AreaFactory(municipality=True, name="Settimo Milanese", istat_code="015210")
    auser = OrganisationFactory(name="Auser Rho ODV", kind="odv", areas_served=[rho])
    row = {"name": "Auser Rho ODV", "kind": "odv", "fiscal_code": auser.fiscal_code, "areas": "Settimo Milanese"}
    before = AuditEvent.objects.count()

    imports.apply("organisations", csv_text([row]))

    fresh = Organisation.objects.get()
    assert list(fresh.areas_served.all()) == [settimo]
    assert fresh.version == auser.version + 1
    # As the many-to-many signals would: the trail records the relations added and removed, and no field.
    (event,) = AuditEvent.objects.order_by("pk")[before:]
    assert (event.action, event.object_id) == (Action.UPDATE, str(auser.pk))
    assert event.changes == {"areas_served": {"added": [settimo.pk], "removed": [rho.pk]}}


def test_every_column_is_written_with_its_type(db, rho):
    settimo = AreaFactory(municipality=True, name="Settimo Milanese", istat_code="015210")
    auser = OrganisationFactory(name="Auser Rho ODV", kind="odv", municipality=rho, latitude="45.5", longitude="9.0")
    row = {
        "name": "Cooperativa Auser",
        "kind": "social_cooperative",
        "cooperative_type": "AB",
        "runts_number": "12345",
        "fiscal_code": auser.fiscal_code,
        "vat_number": numeric_code(99),
        "address": "Via Madonna 12",
        "postcode": "20017",
        "municipality_istat": "015210",
        "latitude": "45.123456",
        "longitude": "9.654321",
        "email": "coop@auser.it",
        "phone": "02 555",
        "website": "www.auser.it",
        "active": "no",
    }
    opportunity = OpportunityFactory(organisation=auser, title="Orto", capacity=5, start_date=date(2026, 1, 1))

    imports.apply("organisations", csv_text([row]))
    imports.apply(
        "opportunities",
        csv_text(
            [
                {
                    "organisation": auser.fiscal_code,
                    "title": "Orto",
                    "kind": "social_garden",
                    "description": "Coltiviamo insieme.",
                    "capacity": "",
                    "how_to_access": "Il sabato mattina.",
                    "start_date": "2026-03-01",
                    "end_date": "2026-10-31",
                    "active": "0",
                }
            ]
        ),
    )

    auser.refresh_from_db()
    assert (auser.name, auser.kind, auser.cooperative_type, auser.runts_number) == (
        "Cooperativa Auser", "social_cooperative", "AB", "12345"
    )  # fmt: skip
    assert (auser.vat_number, auser.address, auser.postcode, auser.municipality) == (
        numeric_code(99), "Via Madonna 12", "20017", settimo
    )  # fmt: skip
    assert (auser.latitude, auser.longitude) == (Decimal("45.123456"), Decimal("9.654321"))
    assert (auser.email, auser.phone, auser.website, auser.active) == (
        "coop@auser.it", "02 555", "https://www.auser.it", False
    )  # fmt: skip
    opportunity.refresh_from_db()
    assert (opportunity.kind, opportunity.description, opportunity.capacity, opportunity.how_to_access) == (
        "social_garden", "Coltiviamo insieme.", None, "Il sabato mattina."
    )  # fmt: skip
    assert (opportunity.start_date, opportunity.end_date, opportunity.active) == (
        date(2026, 3, 1), date(2026, 10, 31), False
    )  # fmt: skip


def test_nothing_is_written_when_a_record_changed_after_the_check(db, monkeypatch):
    auser = OrganisationFactory(name="Auser Rho ODV", email="info@auser.it")
    check = imports.check

    def check_then_someone_saves(kind, content, progress=None):
        result = check(kind, content, progress)
        Organisation.objects.filter(pk=auser.pk).update(email="paola@auser.it", version=F("version") + 1)
        return result

    monkeypatch.setattr(imports, "check", check_then_someone_saves)
    rows = [
        {"name": "Auser Rho ODV", "kind": "odv", "fiscal_code": auser.fiscal_code, "email": "import@auser.it"},
        {"name": "Caritas Rho", "kind": "caritas"},
    ]

    result = imports.apply("organisations", csv_text(rows))

    assert not result.valid
    assert [(error.row, error.column) for error in result.errors] == [(1, "")]
    auser.refresh_from_db()
    assert auser.email == "paola@auser.it"
    assert not Organisation.objects.filter(name="Caritas Rho").exists()


def test_a_clash_found_at_writing_is_explained_and_nothing_is_written(admin_client, monkeypatch):
    code = numeric_code(4242)
    check = imports.check

    def check_then_someone_adds_the_same_code(kind, content, progress=None):
        result = check(kind, content, progress)
        OrganisationFactory(name="Aggiunta nel frattempo", fiscal_code=code)
        return result

    rows = [{"name": "Auser Rho ODV", "kind": "odv", "fiscal_code": code}, {"name": "Caritas Rho", "kind": "caritas"}]
    upload_file(admin_client, "organisations", csv_text(rows))
    monkeypatch.setattr(imports, "check", check_then_someone_adds_the_same_code)

    response = confirm(admin_client)

    assert response.status_code == 200
    assert response.context["pending"].is_refused
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Aggiunta nel frattempo"]


def test_contacts_and_opportunities_created_in_bulk_are_audited(db, rho):
    auser = OrganisationFactory(name="Auser Rho ODV")

    imports.apply(
        "contacts", csv_text([{"organisation": auser.name, "first_name": "Giuseppina", "last_name": "Colombo"}])
    )
    imports.apply(
        "opportunities",
        csv_text([{"organisation": auser.name, "title": "Orto", "kind": "social_garden", "areas": "Rho"}]),
    )

    contact, opportunity = Contact.objects.get(), Opportunity.objects.get()
    assert latest_event(contact, Action.CREATE).changes["first_name"] == [None, "Giuseppina"]
    assert latest_event(opportunity, Action.CREATE).changes["organisation_id"] == [None, auser.pk]
    assert list(opportunity.areas.all()) == [rho]


def realistic_organisation_rows(count: int) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(imports.COLUMNS["organisations"])
    for n in range(count):
        writer.writerow(
            [
                f"Associazione di volontariato Il Girasole {n}", "odv", "", f"{100000 + n}", numeric_code(n),
                numeric_code(n), f"Via Giuseppe Garibaldi {n % 300}", "20017", "015182", "45.531234", "9.041234",
                "Rho|Settimo Milanese", "elderly|families|adolescents", "relational|material",
                f"segreteria@girasole{n}.example.it", "+39 02 9309 1234", f"https://www.girasole{n}.example.it", "1",
            ]
        )  # fmt: skip
    return buffer.getvalue()


def test_a_file_of_20000_full_rows_fits_the_byte_limit():
    content = realistic_organisation_rows(imports.MAX_ROWS).encode()

    assert 5 * 1024 * 1024 < len(content) < imports.MAX_BYTES
    assert len(imports.read_rows(imports.decode(content), "organisations")) == imports.MAX_ROWS


def test_more_rows_or_bytes_than_the_limits_are_refused():
    with pytest.raises(imports.ImportError_, match="20000"):
        imports.read_rows(realistic_organisation_rows(imports.MAX_ROWS + 1), "organisations")
    with pytest.raises(imports.ImportError_, match="20 MB"):
        imports.decode(b"x" * (imports.MAX_BYTES + 1))
