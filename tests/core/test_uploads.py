"""Uploaded documents are typed by their content, with real bytes of each kind."""

import io
import struct
import zipfile

import filetype
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.pdf import html_to_pdf
from core.uploads import MAX_DOCUMENT_BYTES, document_type, ole_stream_names, validate_document

ODT_MIME = b"application/vnd.oasis.opendocument.text"
DOCX_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
# The first bytes of a Windows program: the DOS header and its "This program cannot be run" stub.
WINDOWS_PROGRAM = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(48) + b"This program cannot be run"
)


def zipped(entries: list[tuple[str, bytes]], compress_first=False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, content) in enumerate(entries):
            stored = index == 0 and not compress_first
            archive.writestr(name, content, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def odt(compress_mimetype=False) -> bytes:
    """An OpenDocument text as LibreOffice writes it: `mimetype` first, stored uncompressed."""
    return zipped(
        [
            ("mimetype", ODT_MIME),
            (
                "content.xml",
                b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
            ),
            ("META-INF/manifest.xml", b"<manifest:manifest/>"),
        ],
        compress_first=compress_mimetype,
    )


def docx(first_entries=()) -> bytes:
    return zipped(
        [
            *first_entries,
            ("[Content_Types].xml", DOCX_CONTENT_TYPES),
            ("_rels/.rels", b"<Relationships/>"),
            ("word/document.xml", b"<w:document/>"),
        ]
    )


ENDOFCHAIN, FREESECT, FATSECT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD


def compound_file(streams: list[str], data_sectors=2, directory_next=ENDOFCHAIN) -> bytes:
    """A minimal OLE2 compound file ([MS-CFB]): sector 0 the FAT, then data, then one directory sector.

    The data sectors come first, so the WordDocument stream does not start right after the header,
    where filetype looks for Word's signature.
    """
    directory_sector = 1 + data_sectors
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)  # versions, byte order, 512-byte sectors
    struct.pack_into("<III", header, 0x2C, 1, directory_sector, 0)  # one FAT sector, directory, transactions
    struct.pack_into("<IIIII", header, 0x38, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)  # no mini FAT, no DIFAT
    struct.pack_into("<109I", header, 0x4C, 0, *[FREESECT] * 108)  # the FAT is sector 0
    fat = [FATSECT] + [ENDOFCHAIN] * data_sectors + [directory_next] + [FREESECT] * (127 - data_sectors - 1)
    entries = [("Root Entry", 5)] + [(name, 2) for name in streams]
    directory = b""
    for name, kind in entries:
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        entry = bytearray(128)
        entry[: len(encoded)] = encoded
        struct.pack_into("<HBB", entry, 64, len(encoded), kind, 1)
        directory += entry
    return bytes(header) + struct.pack("<128I", *fat) + bytes(512) * data_sectors + directory.ljust(512, b"\x00")


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def refusal_code(file) -> str | None:
    try:
        validate_document(file)
    except ValidationError as error:
        return error.error_list[0].code
    return None


@pytest.mark.parametrize(
    ("name", "make", "kind"),
    [
        ("protocollo.pdf", lambda: html_to_pdf("<h1>Protocollo di rete</h1><p>Firmato dai partner.</p>"), "pdf"),
        ("protocollo.odt", odt, "odt"),
        ("protocollo.docx", docx, "docx"),
        ("protocollo.doc", lambda: compound_file(["WordDocument", "1Table", "\x05SummaryInformation"]), "doc"),
    ],
)
def test_real_documents_are_accepted(name, make, kind):
    file = upload(name, make())
    assert document_type(file) == kind
    assert refusal_code(file) is None
    assert file.tell() == 0, "the check must leave the file ready to be stored whole"


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html><html><body><script>document.location='https://evil.example'</script></body></html>",
        WINDOWS_PROGRAM,
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>',
        b"",
        zipped([("payload.exe", WINDOWS_PROGRAM)]),
        # An Excel 97 workbook: an OLE2 file, but no Word document in it.
        compound_file(["Workbook", "\x05SummaryInformation"]),
    ],
    ids=["html", "windows-program", "svg", "empty", "zip", "excel"],
)
def test_other_content_named_pdf_is_refused(content):
    assert refusal_code(upload("protocollo.pdf", content)) == "document_content_not_allowed"


def test_the_refusal_says_what_to_do():
    with pytest.raises(ValidationError) as refused:
        validate_document(upload("protocollo.pdf", b"<html></html>"))
    assert "PDF, ODT" in refused.value.messages[0]


def test_the_name_must_still_be_a_document_name():
    assert refusal_code(upload("protocollo.exe", html_to_pdf("<p>x</p>"))) == "invalid_extension"


def test_a_document_over_the_limit_is_refused():
    assert refusal_code(upload("grande.pdf", b"%PDF-1.4\n" + bytes(MAX_DOCUMENT_BYTES))) == "document_too_large"


# Where filetype 1.2.0 misses a real document, our own check reads the container.


def test_filetype_misses_these_documents_and_our_check_finds_them():
    word_late = compound_file(["WordDocument"])
    docx_late = docx(first_entries=[("customXml/item1.xml", b"<x/>"), ("docProps/thumbnail.jpeg", bytes(9000))])
    odt_deflated = odt(compress_mimetype=True)
    for content, kind in ((word_late, "doc"), (docx_late, "docx"), (odt_deflated, "odt")):
        guessed = filetype.guess(content)
        assert guessed is None or guessed.extension != kind
        assert document_type(io.BytesIO(content)) == kind


def test_the_compound_file_directory_is_followed_through_the_fat():
    # Two directory sectors: the second (sector 4) holds the WordDocument entry.
    first = compound_file(["\x01CompObj", "1Table", "Data"], directory_next=4)
    second = bytearray(512)
    name = "WordDocument".encode("utf-16-le") + b"\x00\x00"
    second[: len(name)] = name
    struct.pack_into("<HBB", second, 64, len(name), 2, 1)
    assert ole_stream_names(first + bytes(second)) == {"\x01CompObj", "1Table", "Data", "WordDocument"}


def test_a_compound_file_whose_directory_loops_is_read_once():
    looping = compound_file(["Workbook"], directory_next=3)  # the directory sector points to itself
    assert ole_stream_names(looping) == {"Workbook"}
    assert document_type(io.BytesIO(looping)) is None


@pytest.mark.parametrize("cut", [10, 100, 600])
def test_truncated_containers_are_refused_not_crashed(cut):
    assert refusal_code(upload("a.docx", docx()[:cut])) == "document_content_not_allowed"
    assert refusal_code(upload("a.doc", compound_file(["WordDocument"])[:cut])) == "document_content_not_allowed"
