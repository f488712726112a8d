import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.uploads import ATTACHMENT_TYPES
from documents import registry
from documents.storage import document_storage

EXTENSION_OF = {media_type: extension for extension, media_type in ATTACHMENT_TYPES.items()}


def stored_name(document: "Document", _filename: str) -> str:
    """A random name under the month of upload: the user's file name never reaches the disk or the bucket."""
    extension = EXTENSION_OF.get(document.media_type, "bin")
    return f"documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A document is seen by whoever sees its record, through the record's own access rule."""
        seen = Q(pk__in=[])
        for entry in registry.attachables():
            records = entry.model._default_manager.visible_to(user).values("pk")
            seen |= Q(record_type=entry.key, record_id__in=records)
        return self.filter(seen)

    def of(self, record: models.Model):
        return self.filter(record_type=record._meta.label_lower, record_id=record.pk)

    def of_many(self, records) -> dict[int, list["Document"]]:
        """The documents of several records of one model, by record id, in one query."""
        records = list(records)
        by_record: dict[int, list[Document]] = {record.pk: [] for record in records}
        if records:
            found = self.filter(record_type=records[0]._meta.label_lower, record_id__in=list(by_record))
            for document in found.select_related("uploaded_by"):
                by_record[document.record_id].append(document)
        return by_record


class Document(models.Model):
    """A file attached to a record: a signed consent, a sign-in sheet, a partner's report."""

    # The record it belongs to, by its model's label and id (documents.registry knows the models).
    record_type = models.CharField(_("record type"), max_length=100)
    record_id = models.PositiveBigIntegerField(_("record id"))
    # The person in charge the record concerns, if any: their export lists the document, retention removes it.
    subject_person_id = models.PositiveBigIntegerField(_("person concerned"), null=True, blank=True, db_index=True)
    title = models.CharField(_("description"), max_length=200, help_text=_("What the document is."))
    file = models.FileField(_("file"), storage=document_storage, upload_to=stored_name, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    media_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("attached by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("attached at"), auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["record_type", "record_id"], name="document_record")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:download", args=[self.pk])

    @property
    def extension(self) -> str:
        return PurePosixPath(self.original_name).suffix.lstrip(".").upper()

    @property
    def record(self) -> models.Model:
        return registry.attachable(self.record_type).model._base_manager.get(pk=self.record_id)
