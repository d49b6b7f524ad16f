"""Drop bytes -> text and metadata, one `Extracted` per document the drop holds.

One small module per format, chosen by the drop's bytes (`sniff`), not only its name:
text formats (txt, md, html, json, jsonl) are read here in-process; binary formats (PDF,
DOCX, ODT, RTF, e-mail, zip, images) are read in a worker process that a time limit can
kill (`isolation`). A container yields itself, then its children, in one flat list
(`Extracted.parent` is an index into it). A whole-drop failure raises `DropError`; a
failed record or child comes back as its own `DropError` among the good ones.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.errors import DropError, RejectionReason
from pipeline.extract.isolation import run_isolated
from pipeline.extract.records import Extracted, ExtractLimits, ExtractResult, LimitExceeded
from pipeline.extract.sniff import MEDIA_TYPES, media_type_for, resolve_media_type
from pipeline.extract.text import (
    TEXT_EXTRACTORS,
    extract_text_format,
    language_from,
    parse_published,
    published_from,
)

__all__ = [
    "MEDIA_TYPES",
    "ExtractLimits",
    "ExtractResult",
    "Extracted",
    "LimitExceeded",
    "extract",
    "language_from",
    "media_type_for",
    "parse_published",
    "published_from",
]


def extract(name: str, content: bytes, *, max_bytes: int, limits: ExtractLimits | None = None) -> list[ExtractResult]:
    """Extract every document of a drop named `name`. Raises DropError when none can be.

    `max_bytes` overrides `limits.max_bytes`; the other limits default to `ExtractLimits()`."""
    if len(content) > max_bytes:
        raise DropError(
            RejectionReason.TOO_LARGE, f"the drop is {len(content):,} bytes; the limit is {max_bytes:,}"
        )
    media_type, _ = resolve_media_type(name, content)
    if media_type in TEXT_EXTRACTORS:
        return extract_text_format(media_type, content)
    # Made here, where they are read: a text drop never needs them (a copy per drop otherwise).
    limits = replace(limits or ExtractLimits(), max_bytes=max_bytes)
    return number_children(run_isolated(name, content, limits))


def number_children(results: list[ExtractResult]) -> list[ExtractResult]:
    """Each child of a container gets its place in the drop (1-based) as its record number,
    which names its quarantined copy; a failed child's message says where it sat."""
    numbered: list[ExtractResult] = []
    for place, result in enumerate(results, start=1):
        if isinstance(result, Extracted):
            numbered.append(replace(result, record=place) if result.path is not None else result)
        else:
            where = f"{result.path}: " if result.path else ""
            numbered.append(
                DropError(result.reason, where + result.message, record=place, content=result.content, path=result.path)
            )
    return numbered
