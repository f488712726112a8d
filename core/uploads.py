"""Uploaded documents: which types we accept, how large, and the check that decides the type by content.

A file's name says nothing about what it holds: an HTML page or a Windows program renamed `.pdf` would be
stored and later opened by a colleague. The type is read from the bytes with `filetype` (pure Python, so
a fresh machine needs no system library, unlike python-magic and libmagic). Where filetype 1.2.0 falls
short on a real document, a small structural check below reads the container itself:

- DOCX and ODT are ZIP archives. filetype looks at the first few entries' names only (an ODT's
  `mimetype` must be the first entry, stored uncompressed; a DOCX's `word/` part among the first five),
  so it misses valid files written in another order, and takes a truncated archive for a document. For
  every ZIP we open the archive and read the entry that declares the type: ODT's `mimetype`, DOCX's
  `[Content_Types].xml` main document part.
- Word 97-2003 (.doc) is an OLE2 compound file. filetype recognises the layouts it has seen at fixed
  offsets and misses real Word files whose WordDocument stream is not the first sector. When it does,
  we read the compound file's directory and look for the WordDocument stream every Word file has.
"""

import struct
import unicodedata
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# Extension -> MIME type of the documents people attach: signed protocols, agreements, minutes.
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# Documents attached to case and community records: the same, and the scans and photos of signed papers.
ATTACHMENT_TYPES = {**DOCUMENT_TYPES, "jpg": "image/jpeg", "png": "image/png"}
# The default of settings.DOCUMENT_MAX_BYTES (DOCUMENT_MAX_MB in the environment).
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

# filetype reads this many bytes from the start of a file.
_HEAD_BYTES = 8192
_ZIP_SIGNATURE = b"PK\x03\x04"
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Reading the naming entries of an archive: enough for any real one, and a bound for a ZIP bomb.
_ZIP_ENTRY_LIMIT = 64 * 1024
_DOCX_MAIN_PART = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _read_all(file) -> bytes:
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


def _zip_document_type(file) -> str | None:
    """ODT or DOCX, read from the archive's own declaration of its type."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    if entry.read(_ZIP_ENTRY_LIMIT).strip() == DOCUMENT_TYPES["odt"].encode():
                        return "odt"
            if "[Content_Types].xml" in names:
                with archive.open("[Content_Types].xml") as entry:
                    if _DOCX_MAIN_PART in entry.read(_ZIP_ENTRY_LIMIT):
                        return "docx"
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError):
        return None
    finally:
        file.seek(0)
    return None


_OLE_END = 0xFFFFFFFA  # sector numbers from here up are markers: end of chain, free sector, FAT sector...
_OLE_STREAM = 2


def ole_stream_names(data: bytes) -> set[str]:
    """The stream names in an OLE2 compound file's directory ([MS-CFB] sections 2.2 to 2.6).

    The directory is a chain of sectors linked by the FAT, whose own sectors are listed in the header
    (the first 109) and then in the DIFAT chain. Every walk is bounded by the number of sectors the file
    can hold, so a damaged or hostile file (loops, huge numbers) ends it quickly.
    """
    if not data.startswith(_OLE_SIGNATURE) or len(data) < 512:
        return set()
    shift = int.from_bytes(data[0x1E:0x20], "little")
    if shift not in (9, 12):
        return set()
    size = 1 << shift
    sectors_in_file = len(data) // size

    def numbers(number: int) -> tuple[int, ...]:
        chunk = data[(number + 1) * size : (number + 2) * size]
        return struct.unpack(f"<{len(chunk) // 4}I", chunk[: len(chunk) // 4 * 4])

    fat_sectors = list(struct.unpack("<109I", data[0x4C:0x200]))
    difat = int.from_bytes(data[0x44:0x48], "little")
    for _step in range(sectors_in_file):
        if difat >= _OLE_END or len(fat_sectors) > sectors_in_file:
            break
        *listed, difat = numbers(difat) or (_OLE_END,)
        fat_sectors += listed

    def next_sector(number: int) -> int:
        index, slot = divmod(number, size // 4)
        if index >= len(fat_sectors) or fat_sectors[index] >= _OLE_END:
            return _OLE_END
        entries = numbers(fat_sectors[index])
        return entries[slot] if slot < len(entries) else _OLE_END

    names: set[str] = set()
    current = int.from_bytes(data[0x30:0x34], "little")
    for _step in range(sectors_in_file):
        if current >= _OLE_END:
            break
        chunk = data[(current + 1) * size : (current + 2) * size]
        for offset in range(0, len(chunk) - 127, 128):
            entry = chunk[offset : offset + 128]
            name_bytes = int.from_bytes(entry[64:66], "little")  # UTF-16, terminator included
            if entry[66] == _OLE_STREAM and 2 <= name_bytes <= 64:
                names.add(entry[: name_bytes - 2].decode("utf-16-le", "replace"))
        current = next_sector(current)
    return names


def document_type(file, allowed=DOCUMENT_TYPES) -> str | None:
    """The extension matching what the file holds among `allowed`, or None. Leaves it at its start."""
    file.seek(0)
    head = file.read(_HEAD_BYTES)
    file.seek(0)
    if head.startswith(_ZIP_SIGNATURE):
        # Whatever filetype guesses from the first entries, the archive must open and declare its type:
        # a truncated or forged archive with a DOCX's first bytes is not a document anyone can open.
        found = _zip_document_type(file)
        return found if found in allowed else None
    kind = filetype.guess(head)
    if kind is not None and kind.extension in allowed:
        return kind.extension
    if "doc" in allowed and head.startswith(_OLE_SIGNATURE) and "WordDocument" in ole_stream_names(_read_all(file)):
        return "doc"
    return None


def max_document_bytes() -> int:
    return getattr(settings, "DOCUMENT_MAX_BYTES", MAX_DOCUMENT_BYTES)


def check_size(value) -> None:
    limit = max_document_bytes()
    if value.size > limit:
        raise ValidationError(
            _("The document is larger than %(size)s, the most the service accepts."),
            code="document_too_large",
            params={"size": filesizeformat(limit)},
        )


# Characters that show nothing or change how the rest is shown: controls, and format characters such as the
# right-to-left override that makes "fattura\u202efdp.exe" read as "fatturaexe.pdf".
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp"})
_NAME_LENGTH = 150


def display_name(name: str, extension: str) -> str:
    """The name a document is listed and downloaded under: the user's own, with the extension of its content.

    Never a name on disk (stored names are random). A name that hides characters or carries a folder
    path is refused rather than cleaned, so that what the user sees is what they chose.
    """
    if any(unicodedata.category(char) in _HIDDEN_CATEGORIES for char in name):
        raise ValidationError(
            _(
                "The file name contains invisible characters that can disguise what the file is: "
                "rename the file and choose it again."
            ),
            code="file_name_hidden_characters",
        )
    if "/" in name or "\\" in name or name.strip() in ("", ".", ".."):
        raise ValidationError(
            _("The file name must be a plain name, without folders: rename the file and choose it again."),
            code="file_name_path",
        )
    stem = unicodedata.normalize("NFC", name).strip()
    if "." in stem:
        stem = stem.rsplit(".", 1)[0]
    stem = stem.strip(" .")[:_NAME_LENGTH] or "documento"
    return f"{stem}.{extension}"


def check_attachment(upload) -> tuple[str, str]:
    """(extension, display name) of an upload to attach to a record, or ValidationError saying what is wrong.

    The name first (a crafted name is refused whatever the content), then the size, then the content.
    """
    display_name(upload.name or "", "bin")
    check_size(upload)
    extension = document_type(upload, ATTACHMENT_TYPES)
    if extension is None:
        raise ValidationError(
            _(
                "This file is not a PDF, ODT or Word document nor a JPEG or PNG image, whatever its name says. "
                "Attach the document itself, or a scan of it."
            ),
            code="document_content_not_allowed",
        )
    return extension, display_name(upload.name, extension)


def validate_document(value) -> None:
    """Model field validator for an uploaded document: name, size and, for a new upload, content.

    A file already stored was checked when it was uploaded: saving the record again must not read it
    back, nor refuse an edit of other fields because of a file uploaded before this check existed.
    """
    FileExtensionValidator(list(DOCUMENT_TYPES))(value)
    check_size(value)
    if getattr(value, "_committed", False):
        return
    if document_type(value) is None:
        raise ValidationError(
            _(
                "This file is not a PDF, ODT or Word document, whatever its name says. "
                "Attach the document itself, saved as PDF, ODT, DOC or DOCX."
            ),
            code="document_content_not_allowed",
        )
