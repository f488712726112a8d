"""What the audit trail records of documents (see audit.registry).

A document's description and file name may say what the person lives through ("certificato SERT"):
recorded by field name only. Creations and removals are recorded with the person concerned, so the trail
keeps that a removed document existed, who removed it and when.
"""

from audit import registry
from documents.models import Document


def register_audit() -> None:
    registry.register(Document, subject="subject_person_id", special=["title", "original_name", "file"])
