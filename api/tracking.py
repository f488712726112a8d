"""What the audit trail records of the staff API (see audit.registry).

A token's creation and revocation are tracked, never its hash; each call made with a token is
recorded by api.auth (the token's id, the method, the address, the answer). Deliveries are a log of
their own, visible on the webhooks page.
"""

from api.models import ApiToken, WebhookDelivery, WebhookSubscription
from audit import registry


def register_audit() -> None:
    registry.register(ApiToken, ignored=["token_hash", "last_used_at"])
    registry.register(WebhookSubscription, masked=["secret"])
    registry.register_untracked(
        WebhookDelivery, reason="a log of its own: what was sent where, shown on the webhooks page"
    )
