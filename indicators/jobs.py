"""The Indicators' jobs: the rollup and the standard figure sets, refreshed outside any request."""

import logging

from django.core.cache import cache

from indicators import rollup
from indicators.cache import store_standard_sets
from indicators.invalidation import DIRTY_KEY

logger = logging.getLogger(__name__)


def refresh_figures() -> None:
    """Rebuild the rollup, then compute the standard sets into the shared cache (every ten minutes, and
    after the records change). Idempotent: running it twice gives the same figures."""
    # Cleared first: a change committed while the rollup is rebuilt asks for another refresh.
    cache.delete(DIRTY_KEY)
    rows = rollup.rebuild()
    reader = rollup.Reader(True, rollup.built_at())
    sets = store_standard_sets(reader)
    logger.info("Indicators: rollup of %s rows rebuilt, %s figure sets cached", rows, sets)
