"""Indicators are read often and change slowly: their figures are kept in the cache every server shares.

A job (indicators.jobs.refresh_figures) rebuilds the rollup and computes the standard sets (the default
period, for the whole region and for each area) into the cache every ten minutes, and half a minute after
their records change (indicators.invalidation), so people read figures computed beforehand. Any other
period or area is computed on the request from the rollup (a few milliseconds) and kept for
INDICATORS_CACHE_SECONDS. The page says when its figures were computed.
"""

from datetime import datetime

from django.conf import settings
from django.core.cache import cache

from indicators.activity import collaboration_summary
from indicators.figures import Filters, dashboard
from indicators.periods import Period
from indicators.rollup import Reader, reader_for
from territory.models import Area

# What each page shows, computed from a set of filters and a reader of the rows.
PAGES = {
    "dashboard": dashboard,
    "collaboration": collaboration_summary,
}


def figures_key(name: str, filters: Filters) -> str:
    area = filters.area.pk if filters.area else "all"
    return f"indicators:{name}:{filters.period.start}:{filters.period.end}:{area}"


def compute(name: str, filters: Filters, reader: Reader | None = None) -> dict:
    return PAGES[name](filters, reader or reader_for(filters.period))


def cached_figures(name: str, filters: Filters) -> dict:
    key = figures_key(name, filters)
    figures = cache.get(key)
    if figures is None:
        figures = compute(name, filters)
        cache.set(key, figures, settings.INDICATORS_CACHE_SECONDS)
    return figures


def standard_filters(today: datetime | None = None) -> list[Filters]:
    """The sets the job keeps ready: the default period, for the whole region and for each area."""
    period = Period.last_year(today)
    return [Filters(period), *(Filters(period, area) for area in Area.objects.order_by("pk"))]


def store_standard_sets(reader: Reader) -> int:
    """Compute every page's standard sets with `reader` and keep them until well after the next refresh."""
    # Three refresh periods: a stopped job queue lets them expire (and pages compute again) rather than go stale.
    timeout = 3 * settings.INDICATORS_CACHE_SECONDS
    stored = {}
    for filters in standard_filters():
        for name in PAGES:
            stored[figures_key(name, filters)] = compute(name, filters, reader)
    cache.set_many(stored, timeout)
    return len(stored)
