"""A list's page, read in the view rather than by the template's first `{% if %}`, counted only as far as needed.

COUNT(*) reads every matching row: over the two million actions of a community log, or fifty thousand
organisations, it costs more than the rest of the page and grows with the data. A list counts its rows up to
COUNTED_ROWS (or up to the page asked for, if further) and one more: below that it shows the exact number,
as before; past it "more than 5,000", and the pages go on for as long as there are rows.
"""

from collections.abc import Callable
from functools import cached_property

from django.core.paginator import Page, Paginator

PAGE_SIZE = 25
# Past this many rows a list says "more than" rather than counting them all: a number no one reads to the unit.
# Counting 5,000 rows from an index takes about 0.4 ms, a twentieth of drawing the page; counting the 200,000
# actions of the large volume took 8 ms, and the count grows with the rows (bench/RESULTS.md).
COUNTED_ROWS = 5_000


class CountedUpTo(Paginator):
    """A Paginator whose count stops one row past `reach`: `capped` says it stopped, `counted` how far it went."""

    def __init__(self, object_list, per_page: int, reach: int):
        super().__init__(object_list, per_page)
        self.reach = reach

    @cached_property
    def count(self) -> int:
        # SELECT COUNT(*) FROM (SELECT ... LIMIT reach + 1), in no order: the database stops reading there.
        return self.object_list.order_by()[: self.reach + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.reach

    @property
    def counted(self) -> int:
        """The rows known to exist when capped ("more than counted")."""
        return self.reach

    @property
    def counted_pages(self) -> int:
        """The full pages known to exist when capped ("page 3 of more than 200")."""
        return self.reach // self.per_page


def page_number(number) -> int:
    try:
        return max(int(number), 1)
    except (TypeError, ValueError):
        return 1


def page_of(queryset, number, rows: Callable[[list], list] = list, size: int = PAGE_SIZE) -> Page:
    """The page asked for (the last one past the end), its records handed to `rows`: the plain rows a list
    draws (cases/lists.py, territory/lists.py, community/lists.py), or the records themselves."""
    reach = max(COUNTED_ROWS, page_number(number) * size)
    page = CountedUpTo(queryset, size, reach).get_page(number)
    page.object_list = rows(list(page.object_list))
    return page
