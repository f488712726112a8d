"""A list counts its rows only as far as it needs to (core/pages.py): exactly below COUNTED_ROWS, "more than"
past it, and the pages still go on to the last row."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import pages
from territory.models import Organisation
from tests.factories import OrganisationFactory


@pytest.fixture
def organisations(db):
    return [OrganisationFactory(name=f"Associazione {number:02}") for number in range(7)]


def test_below_the_limit_the_count_is_exact(organisations):
    page = pages.page_of(Organisation.objects.order_by("name"), 1, size=2)
    assert not page.paginator.capped
    assert page.paginator.count == 7 and page.paginator.num_pages == 4
    assert [organisation.name for organisation in page.object_list] == ["Associazione 00", "Associazione 01"]


def test_past_the_limit_it_stops_counting_and_the_pages_go_on(organisations, monkeypatch):
    monkeypatch.setattr(pages, "COUNTED_ROWS", 4)
    queryset = Organisation.objects.order_by("name")
    with CaptureQueriesContext(connection) as queries:
        first = pages.page_of(queryset, 1, size=2)
    count = next(query["sql"] for query in queries if "COUNT(" in query["sql"].upper())
    assert "LIMIT 5" in count.upper() and "ORDER BY" not in count.upper()  # four rows and one more, in no order
    assert first.paginator.capped and first.paginator.counted == 4 and first.paginator.counted_pages == 2
    assert first.has_next()
    # A page past the counted ones counts as far as itself: the last rows are still reached.
    fourth = pages.page_of(queryset, 4, size=2)
    assert not fourth.paginator.capped
    assert [organisation.name for organisation in fourth.object_list] == ["Associazione 06"]
    assert not fourth.has_next()
    # Nonsense or out of range numbers give the first or the last page, as Django's get_page does.
    assert pages.page_of(queryset, "x", size=2).number == 1
    assert pages.page_of(queryset, 99, size=2).number == 4


def test_the_list_says_more_than_and_pages_on(worker_client, monkeypatch):
    OrganisationFactory.create_batch(26)
    monkeypatch.setattr(pages, "COUNTED_ROWS", 25)
    url = reverse("territory:organisation_list")
    worker_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    first = worker_client.get(url).content.decode()
    assert "More than 25 organisations" in first and "Page 1 of more than 1" in first
    assert "?page=2" in first
    second = worker_client.get(url + "?page=2").content.decode()
    assert "26 organisations" in second and "Page 2 of 2" in second


def test_the_italian_list_says_it_in_italian(worker_client, monkeypatch):
    OrganisationFactory.create_batch(26)
    monkeypatch.setattr(pages, "COUNTED_ROWS", 25)
    html = worker_client.get(reverse("territory:organisation_list")).content.decode()
    assert "Più di 25 organizzazioni" in html and "Pagina 1 di più di 1" in html
