"""A per-address limit on the public link pages: a fixed window counted in the cache.

Tokens have 256 bits, so nobody guesses one; the limit keeps a scanner from filling the logs and the
audit trail, and a leaked link from being hammered. Twenty lines on Django's cache rather than a
dependency: the cache is shared by every server (CACHE_URL: the database's cache table or Redis), so the
limit is per service. Either way it is a brake, not an exact quota.
"""

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from audit.middleware import client_ip


def over_limit(request, scope: str, *, limit: int | None = None, window: int | None = None) -> bool:
    """True once the address has made more than `limit` requests in this `window` of seconds (by default
    the partner links' setting); the public directory passes its own."""
    limit = limit or settings.PARTNER_LINK_RATE_LIMIT
    window = window or settings.PARTNER_LINK_RATE_WINDOW
    key = f"ratelimit:{scope}:{client_ip(request) or 'unknown'}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit


def rate_limited(scope: str):
    """Answer 429 to an address past the limit, before the view looks anything up."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if over_limit(request, scope):
                response = render(request, "partners/too_many_requests.html", status=429)
                response["Retry-After"] = str(settings.PARTNER_LINK_RATE_WINDOW)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
