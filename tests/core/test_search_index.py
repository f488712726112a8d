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
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
    try:
        assert index in queryset().explain()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = on")
