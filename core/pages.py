"""A list's page, read in the view rather than by the template's first `{% if %}`."""

from collections.abc import Callable

from django.core.paginator import Page, Paginator

PAGE_SIZE = 25


def page_of(queryset, number, rows: Callable[[list], list] = list, size: int = PAGE_SIZE) -> Page:
    """The page asked for (the last one past the end), its records handed to `rows`: the plain rows a list
    draws (cases/lists.py, territory/lists.py, community/lists.py), or the records themselves."""
    page = Paginator(queryset, size).get_page(number)
    page.object_list = rows(list(page.object_list))
    return page
