"""What the audit trail records of accounts (see audit.registry): who gained which role, and when.

The domain apps register their models from their own ready(). Accounts and the outbox sit on floors below
audit and may not import it (ARCHITECTURE.md), so audit, which may import them, registers them here.
"""

from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount

from accounts.models import Team, User
from audit import registry
from audit.models import AccessAlert, AuditEvent
from outbox.models import Attachment, Email


def register_audit() -> None:
    # A login touches last_login only: the login event says it, an update would repeat it.
    registry.register(User, masked=["password"], ignored=["last_login"], m2m=["groups", "user_permissions"])
    registry.register(Team)
    # Second factors added and removed, and which identity at the municipality's provider an account is tied
    # to. The app's secret and the recovery codes never enter the trail; their use is the login event's.
    registry.register(Authenticator, masked=["data"], ignored=["last_used_at"])
    registry.register(SocialAccount, ignored=["last_login", "extra_data"])
    for model in (AuditEvent, AccessAlert):
        registry.register_untracked(model, reason="the trail itself, append-only")
    # The outbox sits below audit too. Its rows are the delivery log of what other records caused.
    for model in (Email, Attachment):
        registry.register_untracked(
            model, reason="the e-mail queue, written by the workers at every attempt; shown on its record's page"
        )
