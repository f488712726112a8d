"""Where documents are kept: the storage named "documents" in settings.STORAGES, looked up when used.

A FileField fixes its storage when the model is loaded; this proxy resolves the configured storage on
first use and again whenever STORAGES changes (tests, or a management command that overrides it), so the
backend really is a setting: a private folder by default, an S3-compatible bucket through django-storages.
"""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class DocumentStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["documents"]


_storage = DocumentStorage()


def document_storage() -> DocumentStorage:
    """The FileField's storage callable (a function, so that migrations refer to it by name)."""
    return _storage


@receiver(setting_changed)
def _forget_storage(*, setting, **kwargs) -> None:
    if setting == "STORAGES":
        _storage._wrapped = empty
