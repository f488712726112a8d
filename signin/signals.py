"""What sign-in tells the floors above it; the audit trail records them (audit/logins.py)."""

from django.dispatch import Signal

# An admin removed a user's second factors. Arguments: user, count.
second_factor_reset = Signal()
# A user's sessions were ended. Arguments: user, count (how many were still open), reason (EndReason).
sessions_ended = Signal()
# A single sign-on was refused after the identity provider answered. Arguments: request, username (the
# claim, when there was one), reason.
sso_refused = Signal()
