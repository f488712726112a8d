"""Links in the e-mails to the members of a table, made by the app that keeps them.

A member confirms the minutes or asks for a correction, and closes their action items, from links in
the e-mails they receive. The links' tokens are kept by the partners app, which sits on a floor above
community (ARCHITECTURE.md): it registers its maker here from its AppConfig.ready(), and the e-mails
ask for links through this module. Without a maker the e-mails go out without links.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class LinkMaker:
    # (version of the minutes, member, address) -> the URL the member answers the minutes at
    minutes: Callable[..., str]
    # (action item, member, address) -> the URL the member closes the item at
    action_item: Callable[..., str]


_makers: list[LinkMaker] = []


def register(maker: LinkMaker) -> None:
    _makers[:] = [maker]


def minutes_link(*, version, member, address: str) -> str:
    if not _makers or version is None:
        return ""
    return _makers[0].minutes(version=version, member=member, address=address)


def action_item_link(*, item, member, address: str) -> str:
    return _makers[0].action_item(item=item, member=member, address=address) if _makers else ""
