"""ODT (OpenDocument text): headings and paragraphs in document order, with odfpy."""

from __future__ import annotations

import io

from odf import dc, meta, teletype
from odf.namespaces import TEXTNS
from odf.opendocument import load

from pipeline.errors import DropError, RejectionReason
from pipeline.extract.docx import archivable
from pipeline.extract.records import Context, Extracted, ExtractResult, tidy
from pipeline.extract.sniff import ODT
from pipeline.extract.text import parse_published

_BLOCKS = ((TEXTNS, "h"), (TEXTNS, "p"))


def extract_odt(content: bytes, context: Context) -> list[ExtractResult]:
    try:
        document = load(io.BytesIO(content))
    except Exception as error:  # noqa: BLE001 - odfpy raises zip, XML and key errors alike
        raise DropError(RejectionReason.MALFORMED_FILE, f"the ODT cannot be read: {type(error).__name__}: {error}") from None
    body = tidy("\n\n".join(text for text in _blocks(document.text) if text.strip()))
    if not body:
        raise DropError(RejectionReason.MISSING_BODY, "the ODT has no text")
    created = _meta_text(document, meta.CreationDate)
    return [
        Extracted(
            body=body,
            media_type=ODT,
            title=_meta_text(document, dc.Title),
            author=_meta_text(document, meta.InitialCreator) or _meta_text(document, dc.Creator),
            published_at=archivable(parse_published(created)) if created else None,
        )
    ]


def _blocks(node: object) -> list[str]:
    """The text of each heading and paragraph below `node`, depth first (tables and lists included)."""
    texts: list[str] = []
    for child in getattr(node, "childNodes", []):
        if getattr(child, "qname", None) in _BLOCKS:
            texts.append(teletype.extractText(child))
        else:
            texts += _blocks(child)
    return texts


def _meta_text(document: object, element: type) -> str | None:
    found = document.meta.getElementsByType(element)  # type: ignore[attr-defined]
    text = teletype.extractText(found[0]).strip() if found else ""
    return text or None
