"""Writes of documents: attaching a file to a record, removing it, and removing a person's at retention.

Files are written through Django's storage API (settings.STORAGES["documents"]), never by path. A file is
removed from the storage only once the database has committed the row's deletion, so a rollback never
leaves a row without its file.
"""

from django.db import models, transaction

from core.uploads import ATTACHMENT_TYPES, check_attachment
from documents import registry
from documents.models import Document


def _remove_file_after_commit(document: Document) -> None:
    storage, name = document.file.storage, document.file.name
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def attach_document(*, record: models.Model, actor, upload, title: str = "") -> Document:
    """Store `upload` under a random name and attach it to `record`, or refuse it saying why (nothing is written)."""
    entry = registry.attachable_for(record)
    extension, name = check_attachment(upload)
    document = Document(
        record_type=entry.key,
        record_id=record.pk,
        subject_person_id=entry.subject_of(record),
        title=title.strip() or name.rsplit(".", 1)[0],
        original_name=name,
        media_type=ATTACHMENT_TYPES[extension],
        size=upload.size,
        uploaded_by=actor,
    )
    document.full_clean(exclude=["file"])
    upload.seek(0)
    document.file.save(name, upload, save=False)
    try:
        document.save()
    except Exception:
        document.file.storage.delete(document.file.name)
        raise
    return document


@transaction.atomic
def remove_document(*, document: Document, actor) -> None:
    """Remove a document and its file; the audit trail keeps that it existed and who removed it."""
    _remove_file_after_commit(document)
    document.delete()


@transaction.atomic
def remove_documents_about(*, person_id: int) -> int:
    """Every document about one person in charge, with its file (retention: cases.gdpr.anonymise)."""
    documents = list(Document.objects.filter(subject_person_id=person_id))
    for document in documents:
        _remove_file_after_commit(document)
        document.delete()
    return len(documents)
