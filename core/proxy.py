"""The client's address behind the reverse proxy (deploy/nginx/rete.conf), for the audit trail and the lockout.

The app reads the client from REMOTE_ADDR only (audit.middleware.client_ip), and behind nginx that is the
proxy's address. When the request comes from one of TRUSTED_PROXIES, the last address in X-Forwarded-For
(the one that proxy appended: nginx's $proxy_add_x_forwarded_for) becomes REMOTE_ADDR. Addresses earlier in
the header were written by the client and are never trusted; from any other peer the header is ignored.
"""

from ipaddress import ip_address

from django.conf import settings


def forwarded_client(remote_addr: str, forwarded_for: str, trusted: list[str]) -> str:
    if remote_addr not in trusted or not forwarded_for:
        return remote_addr
    last = forwarded_for.split(",")[-1].strip()
    try:
        return str(ip_address(last))
    except ValueError:
        return remote_addr


class TrustedProxyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.TRUSTED_PROXIES:
            request.META["REMOTE_ADDR"] = forwarded_client(
                request.META.get("REMOTE_ADDR", ""),
                request.META.get("HTTP_X_FORWARDED_FOR", ""),
                settings.TRUSTED_PROXIES,
            )
        return self.get_response(request)
