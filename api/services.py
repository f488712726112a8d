"""Creating, revoking and using personal API tokens; creating webhooks."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from api.models import ApiToken, WebhookSubscription
from audit.models import Action
from audit.services import record
from partners.tokens import digest, new_token, well_formed


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, on the page that created it; never stored


@transaction.atomic
def create_token(*, owner, name: str, scope: str) -> NewToken:
    """A new token for `owner`: the database keeps its hash, the caller shows the secret once."""
    secret = new_token()
    token = ApiToken(owner=owner, name=name, scope=scope, token_hash=digest(secret))
    token.full_clean()
    token.save()
    return NewToken(token, secret)


@transaction.atomic
def revoke_token(*, token: ApiToken) -> ApiToken:
    """Revoke a token for good; a revoked token answers 401 from then on."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_for(secret: str) -> ApiToken | None:
    """The token a caller presents, with its owner, or None if there is no such token (one query)."""
    if not well_formed(secret):
        return None
    return ApiToken.objects.select_related("owner").filter(token_hash=digest(secret)).first()


def record_call(*, token: ApiToken, method: str, status: int, allowed: bool = True) -> None:
    """One audit event per API call, naming the token by its id; the address comes from the request."""
    record(
        Action.API_CALL,
        model=ApiToken,
        object_id=str(token.pk),
        changes={"method": method, "status": status, "scope": token.scope},
        allowed=allowed,
    )


def touch(token: ApiToken) -> None:
    """When the token was last used, shown to its owner: one UPDATE, no signal, nothing audited."""
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


@transaction.atomic
def create_webhook(*, url: str, secret: str, created_by) -> WebhookSubscription:
    subscription = WebhookSubscription(url=url, secret=secret, created_by=created_by)
    subscription.full_clean()
    subscription.save()
    return subscription


@transaction.atomic
def set_webhook_active(*, subscription: WebhookSubscription, active: bool) -> WebhookSubscription:
    subscription.active = active
    subscription.save(update_fields=["active"])
    return subscription
