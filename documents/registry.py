"""Which records may carry documents, declared by each app from its AppConfig.ready().

The documents app sits below the domain apps and imports none of them: as the audit trail does, it
learns from the apps which of their models take attachments, who may attach to them, and which person in
charge a record concerns. A document is seen by whoever may see its record (the record's own
`objects.visible_to`), so it follows the record wherever it goes, a case moved to another team included.
"""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models


@dataclass(frozen=True)
class Attachable:
    model: type[models.Model]
    # The permission that lets a user attach documents to the record and remove them.
    change_permission: str
    # The lookup from the record to the id of the person in charge it concerns (as audit.registry's
    # subjects): their documents are in their data export and go at anonymisation. None: nobody's record.
    subject: str | None

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    def subject_of(self, record: models.Model) -> int | None:
        if self.subject is None:
            return None
        return self.model._base_manager.filter(pk=record.pk).values_list(self.subject, flat=True).first()


_attachables: dict[str, Attachable] = {}


def register(model: type[models.Model], *, change_permission: str, subject: str | None = None) -> None:
    if not hasattr(model._default_manager, "visible_to"):
        raise ImproperlyConfigured(f"{model._meta.label} has no visible_to(user): documents follow their record's.")
    if not hasattr(model, "get_absolute_url"):
        raise ImproperlyConfigured(f"{model._meta.label} has no get_absolute_url: its documents are listed there.")
    entry = Attachable(model=model, change_permission=change_permission, subject=subject)
    _attachables[entry.key] = entry


def attachable(key: str) -> Attachable | None:
    return _attachables.get(key)


def attachable_for(record: models.Model) -> Attachable:
    entry = attachable(record._meta.label_lower)
    if entry is None:
        raise ImproperlyConfigured(f"{record._meta.label} takes no documents (documents.registry.register).")
    return entry


def attachables() -> list[Attachable]:
    return list(_attachables.values())
