from audit.context import Actor, current_actor
from audit.models import Action
from audit.services import record


def client_ip(request) -> str | None:
    # REMOTE_ADDR only: behind a proxy, configure it to set REMOTE_ADDR (X-Forwarded-For is forgeable).
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    """Make the acting user known to the audit trail, and record refused requests."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_actor.set(Actor(user=getattr(request, "user", None), ip=client_ip(request), path=request.path))
        try:
            response = self.get_response(request)
            if response.status_code == 403 and getattr(request, "user", None) and request.user.is_authenticated:
                record(Action.DENIED, allowed=False)
            return response
        finally:
            current_actor.reset(token)
