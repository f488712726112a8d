"""Indicators are read often and change slowly: each set of figures is kept for a few minutes.

At a region's volume the grouped queries take about a second; coordinators read the same figures
again and again. The page says when its figures were computed.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


def cached_figures(name: str, filters, compute: Callable[[], dict]) -> dict:
    area = filters.area.pk if filters.area else "all"
    key = f"indicators:{name}:{filters.period.start}:{filters.period.end}:{area}"
    figures = cache.get(key)
    if figures is None:
        figures = {**compute(), "computed_at": timezone.now()}
        cache.set(key, figures, settings.INDICATORS_CACHE_SECONDS)
    return figures
