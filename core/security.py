"""HTTP hardening that Django 5.2 does not provide by itself."""

from functools import lru_cache

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.utils.cache import add_never_cache_headers

ALLOWED_METHODS = ("GET", "HEAD", "POST")


class SecurityHeadersMiddleware:
    """Strict Content-Security-Policy, no caching of signed-in pages, and only the methods we use.

    - The policy has no 'unsafe-inline': pages carry no inline script or style; data for charts and
      maps travels in <script type="application/json"> blocks, which browsers do not execute.
    - Pages seen by a signed-in user may show personal data: browsers and proxies must not keep them (but for
      the public directory's, settings.PUBLIC_PATH_PREFIXES, the same for everybody).
    - TRACE, PUT, DELETE and the rest are refused before any view runs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", policy(settings.MAP_TILE_URL, settings.OIDC_ISSUER))
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith("/" + settings.STATIC_URL.lstrip("/"))
            # The public directory shows nothing of the signed-in user: cacheable for everybody alike.
            and not request.path.startswith(tuple(settings.PUBLIC_PATH_PREFIXES))
        ):
            add_never_cache_headers(response)
        return response


@lru_cache(maxsize=4)
def policy(tiles: str, identity_provider: str) -> str:
    """The Content-Security-Policy, from the two outside origins the settings may name (read per request, so
    a changed setting applies at once; built once per value)."""
    tile_origin = _origin(tiles) if tiles.startswith("https://") else ""
    # The single sign-on button posts to Rete, which redirects to the identity provider: browsers check
    # form-action on that redirect too.
    provider_origin = _origin(identity_provider)
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src 'self' data: {tile_origin}".strip(),
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            f"form-action 'self' {provider_origin}".strip(),
            "frame-ancestors 'none'",
        ]
    )


def _origin(url: str) -> str:
    return "/".join(url.split("/")[:3]) if url.startswith(("https://", "http://")) else ""
