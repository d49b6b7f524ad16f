"""RTF: the text with striprtf; title, author and creation time from the `\\info` group."""

from __future__ import annotations

import datetime as dt
import re

from striprtf.striprtf import rtf_to_text

from pipeline.errors import DropError, RejectionReason
from pipeline.extract.docx import archivable
from pipeline.extract.records import Context, Extracted, ExtractResult, tidy
from pipeline.extract.sniff import RTF

_INFO_FIELD = r"\{{\\{name}\s+([^{{}}]*)\}}"
_CREATED = re.compile(r"\{\\creatim((?:\\(?:yr|mo|dy|hr|min|sec)\d+)+)\}")
_CREATED_PART = re.compile(r"\\(yr|mo|dy|hr|min|sec)(\d+)")


def extract_rtf(content: bytes, context: Context) -> list[ExtractResult]:
    # RTF is 7-bit: anything past ASCII is written as escapes, which striprtf decodes.
    source = content.decode("latin-1")
    try:
        body = tidy(rtf_to_text(source, errors="ignore"))
    except Exception as error:  # noqa: BLE001 - striprtf raises whatever its tables hit
        raise DropError(RejectionReason.MALFORMED_FILE, f"the RTF cannot be read: {type(error).__name__}: {error}") from None
    if not body:
        raise DropError(RejectionReason.MISSING_BODY, "the RTF has no text")
    title = _info(source, "title")
    if title and body.startswith(title):
        body = body[len(title) :].strip() or body
    return [
        Extracted(
            body=body,
            media_type=RTF,
            title=title,
            author=_info(source, "author"),
            published_at=_created(source),
        )
    ]


def _info(source: str, name: str) -> str | None:
    match = re.search(_INFO_FIELD.format(name=name), source)
    return match.group(1).strip() or None if match else None


def _created(source: str) -> dt.datetime | None:
    match = _CREATED.search(source)
    if match is None:
        return None
    parts = {key: int(value) for key, value in _CREATED_PART.findall(match.group(1))}
    try:
        moment = dt.datetime(
            parts.get("yr", 0), parts.get("mo", 1), parts.get("dy", 1), parts.get("hr", 0), parts.get("min", 0),
            parts.get("sec", 0),
        )
    except ValueError:
        return None
    return archivable(moment)
