from django.conf import settings

from core.fragments import permission_fingerprint


def site(request):
    """Who runs this Rete, for the header and the footer of every page (settings only, no query)."""
    return {"site": {"entity": settings.ENTITY_NAME, "entity_url": settings.ENTITY_URL}}


def fragments(request):
    """What templates key their cached fragments on (core/fragments.py); the fingerprint is computed only
    when a template asks for it, once per request."""

    def chrome_key():
        if not hasattr(request, "_chrome_key"):
            request._chrome_key = permission_fingerprint(request.user) if hasattr(request, "user") else "anonymous"
        return request._chrome_key

    return {"fragment_seconds": settings.FRAGMENT_CACHE_SECONDS, "chrome_key": chrome_key}
