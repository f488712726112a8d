"""What apps above cases do when a referral moves, without cases importing them.

The partners app sits on a higher floor (ARCHITECTURE.md): when a referral is sent it e-mails the
receiving organisation a link to answer. It registers a listener here from its AppConfig.ready(), as
the apps register reminders with notifications. Listeners run inside the transaction that moves the
referral, so what they queue (an e-mail) goes out only if the move is saved.
"""

from collections.abc import Callable

ReferralListener = Callable[..., None]
_referral_listeners: list[ReferralListener] = []


def on_referral_moved(listener: ReferralListener) -> None:
    """`listener(referral=..., previous=..., actor=..., contact=...)` runs after every step of every referral."""
    if listener not in _referral_listeners:
        _referral_listeners.append(listener)


def referral_moved(*, referral, previous: str, actor, contact) -> None:
    for listener in _referral_listeners:
        listener(referral=referral, previous=previous, actor=actor, contact=contact)
