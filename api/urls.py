"""/api/v1/: the staff API (api.endpoints), called with a bearer token and audited call by call.

The site asks for a signed-in session everywhere (LoginRequiredMiddleware); the API's operations
authenticate by token instead, so they are marked login-free here, and each call made with a known
token is recorded in the audit trail with the token's id and the answer. The schema and its docs page
stay behind the sign-in, for the staff who write the tools.
"""

from functools import wraps

from api.endpoints import api
from api.services import record_call

DOCS = {"openapi-json", "openapi-view"}


def audited(view):
    @wraps(view)
    def call(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        token = getattr(request, "api_token", None)
        if token is not None:
            record_call(
                token=token, method=request.method, status=response.status_code, allowed=response.status_code < 400
            )
        return response

    call.login_required = False
    return call


patterns, _app_name, app_name = api.urls  # the namespace ninja reverses in: "api"
for pattern in patterns:
    if pattern.name not in DOCS:
        pattern.callback = audited(pattern.callback)

urlpatterns = patterns
