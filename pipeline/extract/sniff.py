"""A drop's type from its bytes (magic numbers), checked against what its name claims.

Binary formats are known by their opening bytes, and those win over the name: a PDF named
`.txt` is read as a PDF, and the name's claim is kept on the document as
`source.declared_media_type` (and logged). Text formats carry no magic, so for them the
name decides. A name that claims a binary format its bytes do not start with is a
malformed file, never guessed at.
"""

from __future__ import annotations

import io
import logging
import posixpath
import zipfile
from pathlib import PurePosixPath

from pipeline.errors import DropError, RejectionReason
from pipeline.extract.text import TEXT_MEDIA_TYPES

log = logging.getLogger(__name__)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
RTF = "application/rtf"
EML = "message/rfc822"
ZIP = "application/zip"
OLE = "application/x-ole-storage"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
GIF = "image/gif"
BMP = "image/bmp"
IMAGES = frozenset({PNG, JPEG, TIFF, GIF, BMP})

BINARY_MEDIA_TYPES: dict[str, str] = {
    ".pdf": PDF,
    ".docx": DOCX,
    ".odt": ODT,
    ".rtf": RTF,
    ".eml": EML,
    ".zip": ZIP,
    ".png": PNG,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".tif": TIFF,
    ".tiff": TIFF,
    ".gif": GIF,
    ".bmp": BMP,
}
MEDIA_TYPES: dict[str, str] = {**TEXT_MEDIA_TYPES, **BINARY_MEDIA_TYPES}

# (opening bytes, media type); a PDF header may sit after some junk, so it is looked for below.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"{\\rtf", RTF),
    (b"PK\x03\x04", ZIP),
    (b"PK\x05\x06", ZIP),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", OLE),
)
_FIRST_BYTES = frozenset(magic[:1] for magic, _ in _MAGIC) | {b"B"}
# Formats whose names alone are enough: e-mail has no magic number.
_NAME_ONLY = frozenset({EML})
# What zipfile raises on a zip it cannot read: besides damage (BadZipFile, EOFError, OSError,
# ValueError), a compression method it lacks (NotImplementedError), an encrypted member read
# without a password (RuntimeError) and a member the directory names but the file lacks (KeyError).
UNREADABLE_ZIP_ERRORS = (zipfile.BadZipFile, OSError, EOFError, KeyError, ValueError, NotImplementedError, RuntimeError)
# Readers accept a PDF header anywhere in the first kilobyte.
_PDF_HEADER_WINDOW = 1024


def media_type_for(name: str) -> str | None:
    """The media type a name claims, by its extension."""
    return MEDIA_TYPES.get(posixpath.splitext(name)[1].lower())


def sniff(content: bytes) -> str | None:
    """The binary format the bytes are, or None for text (or anything unrecognised)."""
    if content.find(b"%PDF-", 0, _PDF_HEADER_WINDOW) >= 0:
        return PDF
    if content[:1] not in _FIRST_BYTES:
        return None  # most drops are text: one look at the first byte settles it
    # "BM" alone opens plenty of English text: a bitmap also has four reserved zero bytes.
    if content.startswith(b"BM") and content[6:10] == b"\x00\x00\x00\x00" and len(content) > 26:
        return BMP
    for magic, media_type in _MAGIC:
        if content.startswith(magic):
            return _zip_flavour(content) if media_type == ZIP else media_type
    return None


def _zip_flavour(content: bytes) -> str:
    """DOCX and ODT are zips: their own parts say which."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return DOCX
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                return ODT
    except UNREADABLE_ZIP_ERRORS:
        return ZIP  # a damaged zip: the zip extractor says what is wrong with it
    return ZIP


def _unsupported(name: str) -> DropError:
    suffix = PurePosixPath(name).suffix or "(none)"
    return DropError(
        RejectionReason.UNSUPPORTED_TYPE,
        f"unsupported file type {suffix}; Dropwire reads {', '.join(sorted(MEDIA_TYPES))}",
    )


def _refuse_unnamed_zip(name: str, claimed: str | None) -> None:
    """Many formats are zips inside (xlsx, pptx, epub, jar): a zip is read as an archive only
    when its name says so, or says a text type it plainly is not."""
    if claimed is None:
        raise _unsupported(name)
    if claimed in (DOCX, ODT):
        raise DropError(
            RejectionReason.MALFORMED_FILE,
            f"{PurePosixPath(name).name} is named as {claimed} but is a zip without that format's parts",
        )


def resolve_media_type(name: str, content: bytes) -> tuple[str, str | None]:
    """The type to read `content` as, and the name's claim when the bytes disagree with it."""
    claimed = media_type_for(name)
    found = sniff(content)
    if found == ZIP and claimed != ZIP:
        _refuse_unnamed_zip(name, claimed)
    if found is not None:
        if claimed is not None and claimed != found:
            log.warning("%s is named as %s but its bytes are %s: read as %s", name, claimed, found, found)
            return found, claimed
        return found, None
    if claimed is None:
        raise _unsupported(name)
    if claimed in BINARY_MEDIA_TYPES.values() and claimed not in _NAME_ONLY:
        raise DropError(
            RejectionReason.MALFORMED_FILE,
            f"{PurePosixPath(name).name} is named as {claimed} but its bytes do not start like one",
        )
    return claimed, None
