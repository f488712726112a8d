"""What the audit trail records of the partners app (see audit.registry).

The links themselves are not tracked as rows: what matters, each use and each refusal, is recorded
by partners.links with the link's holder and the address it came from. Revocations are tracked.
"""

from audit import registry
from partners.models import PartnerAccount, PartnerLink


def register_audit() -> None:
    # Who answers for which organisation: a grant of access, as roles are.
    registry.register(PartnerAccount, label=registry.TYPE_AND_ID)
    registry.register(
        PartnerLink,
        # A referral's link concerns the person referred.
        subject="referral__case__person_id",
        masked=["address"],
        ignored=["token_hash", "last_used_at", "uses"],
    )
