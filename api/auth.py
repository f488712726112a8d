"""Who calls the staff API: `Authorization: Bearer <token>`, a personal token (api.models.ApiToken).

The token acts as its owner: the owner's role permissions and every model's `visible_to` apply as on
the pages. A read-only token may only read. An unknown or revoked token, or one whose owner can no
longer sign in, answers 401; each call with a known token is in the audit trail (api.urls).
"""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer

from api import services
from audit.context import Actor, current_actor

READ_METHODS = {"GET", "HEAD", "OPTIONS"}


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        found = services.token_for(token)
        if found is None:
            return None
        # Known tokens are audited, refused or not (api.urls.audited): the trail shows a revoked token tried.
        request.api_token = found
        if found.is_revoked or not found.owner.is_active:
            return None
        request.user = found.owner
        actor = current_actor.get()
        current_actor.set(Actor(user=found.owner, ip=actor.ip if actor else None, path=request.path))
        services.touch(found)
        if request.method not in READ_METHODS and not found.can_write:
            raise HttpError(403, _("This token may only read."))
        return found
