"""The table of binary extractors: media type (found from the bytes) -> the function that reads it.

Each module reads one format and raises `DropError` with its own reason; containers read
their children through `pipeline.extract.tree`. These all run in the extraction worker
process (`isolation`), so a parser that hangs or crashes costs one drop, not the batch.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.errors import DropError, RejectionReason
from pipeline.extract import sniff
from pipeline.extract.archive import extract_zip
from pipeline.extract.docx import extract_docx
from pipeline.extract.image import extract_image
from pipeline.extract.mail import extract_eml
from pipeline.extract.odt import extract_odt
from pipeline.extract.pdf import extract_pdf
from pipeline.extract.records import Context, ExtractResult
from pipeline.extract.rtf import extract_rtf

BinaryExtractor = Callable[[bytes, Context], list[ExtractResult]]


def _refuse_ole(content: bytes, context: Context) -> list[ExtractResult]:
    # Office files with a password are OLE containers holding an "EncryptedPackage" stream.
    if "EncryptedPackage".encode("utf-16-le") in content:
        raise DropError(RejectionReason.ENCRYPTED, "the Office file is encrypted with a password")
    raise DropError(
        RejectionReason.UNSUPPORTED_TYPE,
        "a legacy Office file (.doc, .xls, .ppt or Outlook .msg); save it as .docx, .odt, .pdf or .eml",
    )


BINARY_EXTRACTORS: dict[str, BinaryExtractor] = {
    sniff.PDF: extract_pdf,
    sniff.DOCX: extract_docx,
    sniff.ODT: extract_odt,
    sniff.RTF: extract_rtf,
    sniff.EML: extract_eml,
    sniff.ZIP: extract_zip,
    sniff.OLE: _refuse_ole,
    **{media_type: extract_image for media_type in sniff.IMAGES},
}
