"""HTTP hardening that Django 5.2 does not provide by itself."""

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.utils.cache import add_never_cache_headers

ALLOWED_METHODS = ("GET", "HEAD", "POST")


class SecurityHeadersMiddleware:
    """Strict Content-Security-Policy, no caching of signed-in pages, and only the methods we use.

    - The policy has no 'unsafe-inline': pages carry no inline script or style; data for charts and
      maps travels in <script type="application/json"> blocks, which browsers do not execute.
    - Pages seen by a signed-in user may show personal data: browsers and proxies must not keep them.
    - TRACE, PUT, DELETE and the rest are refused before any view runs.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        tiles = settings.MAP_TILE_URL
        tile_origin = "/".join(tiles.split("/")[:3]) if tiles.startswith("https://") else ""
        self.policy = "; ".join(
            [
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                f"img-src 'self' data: {tile_origin}".strip(),
                "font-src 'self'",
                "connect-src 'self'",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'",
            ]
        )

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith("/" + settings.STATIC_URL.lstrip("/"))
        ):
            add_never_cache_headers(response)
        return response
