import pytest
from django.db import connection
from django.db.models import Q

from cases.models import Person
from territory.models import Organisation

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("queryset", "index"),
    [
        (
            lambda: Organisation.objects.filter(Q(name__icontains="rossi") | Q(address__icontains="rossi")),
            "territory_organisation_name_trgm",
        ),
        (lambda: Person.objects.filter(last_name__icontains="rossi"), "cases_person_last_name_trgm"),
    ],
)
def test_searches_can_use_their_trigram_index(queryset, index):
    # With sequential scans discouraged, the plan shows whether an index can answer the search at all.
    # Unordered: once autovacuum has analysed the table (after other tests filled it and rolled back),
    # the planner may prefer walking the name's b-tree to skip the sort, which says nothing about the search.
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        # Rows inserted by earlier tests and rolled back wait in the GIN index's pending list until a vacuum,
        # and the planner prices that list: past a few thousand it prefers a full scan of another index. Flush
        # it, as autovacuum does in a real database, so the plan depends on the index and not on test order.
        cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
    try:
        assert index in queryset().order_by().explain()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = on")
