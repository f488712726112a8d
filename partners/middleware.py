from django.http import Http404

from audit.models import Action
from audit.services import record
from partners.scope import is_partner

# Where a partner's account may go besides its portal and the e-mailed links: signing out, the
# language, the bell, the accessibility statement, the public directory. The home page sends it on to the portal.
OPEN_TO_PARTNERS = {"portal", "links", "notifications", "directory", "hsds"}
OPEN_URL_NAMES = {"home", "login", "logout", "set_language", "accessibility", "favicon"}


class PartnerFenceMiddleware:
    """A partner's account reaches its portal and nothing else: every other page answers 404.

    The pages of the service already give a partner nothing (they hold no view permission, so every
    `visible_to` is empty); the fence also keeps them off pages that would show an empty list or a
    form, and off any page added later. The refusal is in the audit trail, as other refusals are.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.namespace in OPEN_TO_PARTNERS or match.url_name in OPEN_URL_NAMES:
            return None
        if not is_partner(request.user):
            return None
        record(Action.DENIED, allowed=False, changes={"fence": "partner"})
        raise Http404
