"""Reminders: what falls due, computed by the apps that know it, made into notifications once each.

An app registers a provider from its AppConfig.ready(): a function of today's date yielding Reminder
rows. The hourly job (notifications.jobs.hourly) runs every provider; the `key` makes each reminder
once only (a provider puts the due date in it, so a moved date reminds again).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import models

from notifications.services import notify


@dataclass(frozen=True)
class Reminder:
    user: object
    kind: str
    key: str
    record: models.Model | None = None
    params: dict = field(default_factory=dict)


Provider = Callable[[date], Iterable[Reminder]]
PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)


def make_reminders(today: date) -> int:
    made = 0
    for provider in PROVIDERS:
        for reminder in provider(today):
            notification = notify(
                user=reminder.user,
                kind=reminder.kind,
                params=reminder.params,
                record=reminder.record,
                dedupe_key=f"reminder:{reminder.key}",
            )
            made += notification is not None
    return made
