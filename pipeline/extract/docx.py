"""DOCX (Word 2007+): paragraphs and tables in the order they stand, with python-docx."""

from __future__ import annotations

import datetime as dt
import io

import docx
from docx.table import Table

from pipeline.errors import DropError, RejectionReason
from pipeline.extract.records import Context, Extracted, ExtractResult, tidy
from pipeline.extract.sniff import DOCX
from pipeline.models import date_range_problem


def extract_docx(content: bytes, context: Context) -> list[ExtractResult]:
    try:
        document = docx.Document(io.BytesIO(content))
    except Exception as error:  # noqa: BLE001 - python-docx raises zip, XML and key errors alike
        raise DropError(RejectionReason.MALFORMED_FILE, f"the DOCX cannot be read: {type(error).__name__}: {error}") from None
    blocks = [_block_text(block) for block in document.iter_inner_content()]
    body = tidy("\n\n".join(block for block in blocks if block.strip()))
    if not body:
        raise DropError(RejectionReason.MISSING_BODY, "the DOCX has no text")
    properties = document.core_properties
    return [
        Extracted(
            body=body,
            media_type=DOCX,
            title=(properties.title or "").strip() or None,
            author=(properties.author or "").strip() or None,
            published_at=archivable(properties.created),
        )
    ]


def _block_text(block: object) -> str:
    if isinstance(block, Table):
        return "\n".join("\t".join(cell.text.strip() for cell in row.cells) for row in block.rows)
    return getattr(block, "text", "")


def archivable(moment: dt.datetime | None) -> dt.datetime | None:
    """A file's own date as an aware instant (naive means UTC), or None if the archive cannot hold it."""
    if moment is None:
        return None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return None if date_range_problem(moment) else moment
