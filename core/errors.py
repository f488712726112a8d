"""The server error page: a 500 with a reference to quote to support (the request id), or a 503 when the database is down.

Why a handler500 and not a middleware catching database errors: Django wraps every middleware and the
view in convert_exception_to_response, so an exception raised anywhere (loading the session in
IdleTimeoutMiddleware, looking up the user in LoginRequiredMiddleware, a query in a view) is turned into
a response by the layer right around it, which calls handler500 while the exception is still being
handled. A middleware further out only ever sees the finished 500 response. So this handler reads the
exception from sys.exc_info() and tells an outage (OperationalError, InterfaceError: the database cannot
be reached or the connection broke) from a bug.

The handler needs nothing the outage may have taken away: no database, no session, no user, no static
files. The templates are self-contained and rendered without the request's context processors.
"""

import logging
import sys

from django.contrib.auth.models import AnonymousUser
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext

from core.logs import request_id_of
from core.middleware import chosen_language

# The logger Django itself reports server errors to, so that handlers configured for it still apply.
logger = logging.getLogger("django.request")

# Long enough for PostgreSQL to restart or fail over, short enough for someone waiting at a desk.
RETRY_AFTER_SECONDS = 30


def is_database_outage(exception: BaseException | None) -> bool:
    """True if the exception, or one it was raised from, says the database cannot be reached."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        if isinstance(exception, OperationalError | InterfaceError):
            return True
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return False


def wants_json(request: HttpRequest) -> bool:
    """JSON downloads (the HSDS export) and clients asking for JSON first get a JSON error body."""
    if request.path.endswith(".json"):
        return True
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    exception = sys.exc_info()[1]
    outage = is_database_outage(exception)
    status = 503 if outage else 500
    # The request id (core.logs): the one in the log records, the response header and the proxy's log.
    reference = request_id_of(request)
    if outage:
        # The middleware further out still runs on this response, and SecurityHeadersMiddleware asks
        # whether the user is signed in. When that lookup is what failed, asking again would fail again
        # (a second error, a second reference, another wait on the database): nobody is known now.
        request.user = AnonymousUser()
    # The language middleware may not have run yet (the session is loaded before it): choose here.
    with translation.override(chosen_language(request)):
        if wants_json(request):
            message = gettext("The service is temporarily unavailable.") if outage else gettext("Server error.")
            response = JsonResponse(
                {
                    "error": "service_unavailable" if outage else "server_error",
                    "message": message,
                    "reference": reference,
                },
                status=status,
            )
        else:
            page = loader.render_to_string("503.html" if outage else template_name, {"reference": reference})
            response = HttpResponse(page, status=status)
        response["Content-Language"] = translation.get_language()
    if outage:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    patch_vary_headers(response, ("Cookie", "Accept"))
    logger.error(
        "%s: %s (reference %s)",
        response.reason_phrase,
        request.path,
        reference,
        exc_info=exception,
        extra={"status_code": status, "request": request},
    )
    # Django logs the response again once this handler returns (django.utils.log.log_response) unless
    # it is marked as logged: one record per error, the one carrying the reference.
    response._has_been_logged = True
    return response
