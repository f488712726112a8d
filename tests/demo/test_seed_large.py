from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from cases.models import Case, Person, Referral, ReferralTransition
from community.models import CommunityAction, Meeting, Table
from demo.bulk import indexes_built_after, load
from territory.models import Organisation


def test_the_large_data_set_loads_at_a_small_scale(db, debug):
    """The same code that loads 100,000 people on PostgreSQL, at a thousandth of the volume."""
    out, progress = StringIO(), StringIO()
    call_command("seed_demo", "--size", "large", "--scale", "0.001", stdout=out, stderr=progress)

    assert Person.objects.count() == 10 + 100
    assert Case.objects.count() == 10 + 150
    assert Referral.objects.count() == 13 + 300
    assert CommunityAction.objects.count() >= 200
    assert Organisation.objects.count() == 40 + 5
    assert Table.objects.count() == 3 + 2
    assert (
        Meeting.objects.filter(table__name__startswith="Tavolo ")
        .exclude(minutes_status__in=["draft", "in_review", "approved", "sent"])
        .count()
        == 0
    )
    # Every referral past draft has its steps, so the indicators see it.
    sent = Referral.objects.exclude(status="draft")
    assert ReferralTransition.objects.filter(referral__in=sent, to_status="sent").count() == sent.count()
    assert "16/16" in progress.getvalue()
    assert "Large data loaded" in out.getvalue()


def test_the_huge_data_set_is_the_large_one_ten_times(db, debug):
    """Huge is large at ten times the scale, teams included: here a ten-thousandth of it, as large above."""
    out = StringIO()
    call_command("seed_demo", "--size", "huge", "--scale", "0.0001", stdout=out, stderr=StringIO())

    assert Person.objects.count() == 10 + 100
    assert Case.objects.count() == 10 + 150
    assert Referral.objects.count() == 13 + 300
    assert "Huge data loaded" in out.getvalue()


def _schema() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid::regclass::text LIKE ANY(%s) "
            "UNION ALL SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid::regclass::text LIKE ANY(%s)",
            [PREFIXES, PREFIXES],
        )
        return {row[0] for row in cursor.fetchall()}


PREFIXES = ["accounts_%", "territory_%", "cases_%", "community_%"]
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="elsewhere nothing is dropped")


@postgresql_only
def test_the_load_leaves_every_index_and_foreign_key_as_it_found_them(db, debug):
    before = _schema()
    assert any("gin_trgm_ops" in definition for definition in before)
    call_command("seed_demo", "--size", "large", "--scale", "0.001", stdout=StringIO(), stderr=StringIO())
    assert _schema() == before


@postgresql_only
def test_a_row_pointing_nowhere_is_still_refused_when_the_keys_come_back(db):
    through = Organisation.target_groups.through
    with pytest.raises(IntegrityError), transaction.atomic(), indexes_built_after([through._meta.db_table]):
        load(through, ["organisation_id", "targetgroup_id"], [(999999, 1)])
