"""An import reads what its rows refer to once per file: the queries do not grow with the rows (issue 10).

Each file mixes rows that update existing records (with their relations and liaison figures, which
the old import read again row by row) and rows that create new ones, every column filled in.
"""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase
from django.urls import reverse

from accounts.roles import ADMIN
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
from tests.jobs import run_queued_jobs

# What check() reads, whatever the file's length: target groups, dimensions, areas, organisations,
# the records of the file's kind, and the page form's choices filled by some column.
CHECK_QUERIES = {"organisations": 8, "contacts": 5, "opportunities": 9}
# The confirmation checks again, then claims the records to update and writes each kind of row (records,
# updates, stamps, the three relations, the audit) in a statement per batch of rows. A relation reads its
# links, then deletes the ones removed and adds the new ones: the long organisations file also removes target
# groups, one statement more (SQLite's smaller batches hid it under the batches allowance).
APPLY_QUERIES = {"organisations": 25, "contacts": 14, "opportunities": 26}
# The pages add the session, the user and their permissions.
PAGE_QUERIES = 17
# A job adds taking its task from the queue and acknowledging it, claiming the import, telling its
# progress and keeping its outcome (and, for the writing, the uploader's role for the audit trail and
# the notification).
JOB_QUERIES = 18


def batches_allowance(count: int) -> int:
    """PostgreSQL writes up to a thousand rows a statement; SQLite takes at most 999 parameters a
    statement, so there a bulk statement carries some twenty to fifty rows: still never one per row."""
    return 0 if connection.vendor == "postgresql" else count // 20


def csv_text(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


@pytest.fixture
def places(db):
    rho = AreaFactory(municipality=True, name="Rho", istat_code="015182")
    return rho, AreaFactory(name="Terrazzano", kind="neighbourhood", parent=rho)


def organisation_rows(count: int, places) -> list[dict]:
    """Half the rows update organisations of the database (matched by codice fiscale), half create."""
    rho, terrazzano = places
    existing = [
        OrganisationFactory(fiscal_code=numeric_code(5000 + n), areas_served=[rho], target_groups=["elderly"])
        for n in range(count // 2)
    ]
    return [
        {
            "name": f"Associazione {n}",
            "kind": "social_cooperative" if n % 2 else "odv",
            "cooperative_type": "B" if n % 2 else "",
            "runts_number": f"{1000 + n}",
            "fiscal_code": existing[n].fiscal_code if n < len(existing) else numeric_code(9000 + n),
            "vat_number": numeric_code(9000 + n),
            "address": f"Via Roma {n}",
            "postcode": "20017",
            "municipality_istat": "015182",
            "latitude": "45.53",
            "longitude": "9.04",
            "areas": "Terrazzano|015182",
            "target_groups": "families|children",
            "poverty_dimensions": "educational",
            "email": f"info{n}@example.it",
            "phone": "02 123456",
            "website": f"www.associazione{n}.it",
            "active": "1",
        }
        for n in range(count)
    ]


def contact_rows(count: int, places) -> list[dict]:
    organisation = OrganisationFactory(name="Auser Rho ODV")
    existing = ContactFactory.create_batch(count // 2, organisation=organisation)
    return [
        {
            "organisation": organisation.fiscal_code if n % 2 else organisation.name,
            "first_name": existing[n].first_name if n < len(existing) else "Giuseppina",
            "last_name": existing[n].last_name if n < len(existing) else f"Colombo {n}",
            "role": "Volontaria",
            "email": f"g{n}@example.it",
            "phone": "02 123456",
            "is_liaison": "1",
            "active": "si",
        }
        for n in range(count)
    ]


def opportunity_rows(count: int, places) -> list[dict]:
    rho, terrazzano = places
    organisation = OrganisationFactory(name="Auser Rho ODV")
    liaison = ContactFactory(organisation=organisation, is_liaison=True)
    existing = [
        OpportunityFactory(organisation=organisation, liaison=liaison, areas=[rho], target_groups=["elderly"])
        for _ in range(count // 2)
    ]
    return [
        {
            "organisation": organisation.fiscal_code,
            "title": existing[n].title if n < len(existing) else f"Orto sociale {n}",
            "kind": "social_garden",
            "description": "Coltiviamo insieme.",
            "areas": "Terrazzano",
            "target_groups": "families",
            "poverty_dimensions": "relational|material",
            "capacity": "12",
            "how_to_access": "Su invio del servizio sociale.",
            "start_date": "2026-03-01",
            "end_date": "2026-10-31",
            "active": "1",
        }
        for n in range(count)
    ]


ROWS = {"organisations": organisation_rows, "contacts": contact_rows, "opportunities": opportunity_rows}
MODELS = {"organisations": Organisation, "contacts": Contact, "opportunities": Opportunity}


@pytest.mark.parametrize("count", [1, 300])
@pytest.mark.parametrize("kind", ["organisations", "contacts", "opportunities"])
def test_checking_a_file_reads_the_database_a_fixed_number_of_times(
    db, places, kind, count, django_assert_max_num_queries
):
    content = csv_text(ROWS[kind](count, places))

    with django_assert_max_num_queries(CHECK_QUERIES[kind]):
        result = imports.check(kind, content)

    assert result.valid, result.errors[:3]
    assert len(result.rows) == count
    assert sum(updates for _row, _label, updates in result.preview) == count // 2


@pytest.mark.parametrize("count", [1, 300])
@pytest.mark.parametrize("kind", ["organisations", "contacts", "opportunities"])
def test_confirming_a_file_writes_in_bulk(db, places, kind, count, django_assert_max_num_queries):
    content = csv_text(ROWS[kind](count, places))
    records_before = MODELS[kind].objects.count()

    with django_assert_max_num_queries(APPLY_QUERIES[kind] + batches_allowance(count)):
        result = imports.apply(kind, content)

    assert result.valid, result.errors[:3]
    assert (result.created, result.updated) == (count - count // 2, count // 2)
    assert MODELS[kind].objects.count() == records_before + result.created


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(username="amministratrice", team=None, role=ADMIN))
    return client


@pytest.mark.parametrize("count", [1, 300])
def test_the_pages_and_the_jobs_keep_their_query_count(admin_client, places, count, django_assert_max_num_queries):
    """The pages only store the file and show the outcome; the jobs do the work, in a fixed number of queries."""
    content = csv_text(organisation_rows(count, places))
    upload = SimpleUploadedFile("mappatura.csv", content, content_type="text/csv")

    with django_assert_max_num_queries(PAGE_QUERIES), TestCase.captureOnCommitCallbacks(execute=True):
        uploaded = admin_client.post(reverse("territory:import_start"), {"kind": "organisations", "file": upload})
    with django_assert_max_num_queries(CHECK_QUERIES["organisations"] + JOB_QUERIES):
        run_queued_jobs()
    with django_assert_max_num_queries(PAGE_QUERIES):
        preview = admin_client.get(uploaded.url)
    pending = preview.context["pending"]
    with django_assert_max_num_queries(PAGE_QUERIES), TestCase.captureOnCommitCallbacks(execute=True):
        confirmed = admin_client.post(reverse("territory:import_confirm", args=[pending.pk]))
    with django_assert_max_num_queries(APPLY_QUERIES["organisations"] + JOB_QUERIES + batches_allowance(count)):
        run_queued_jobs()

    assert pending.is_ready
    assert confirmed.status_code == 302
    assert Organisation.objects.filter(name=f"Associazione {count - 1}").exists()
