"""Extracted record + enrichments -> a validated Document, or the DropError that stopped it.

The one place a Document is assembled: ingest, `dropwire enrich` and re-enrichment all
build documents here, so the three can never disagree on what a document holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

from pydantic import ValidationError

from pipeline import PIPELINE_VERSION
from pipeline.errors import DropError, RejectionReason
from pipeline.extract import Extracted, ExtractResult
from pipeline.models import Actor, Document, Drop, Enrichment, MessageHeaders, Source, document_id

if TYPE_CHECKING:  # importing these at run time would load spaCy for commands that never enrich
    from pipeline.enrich import Enrichments, Text

# Renames a document's actors to the names the archive uses (the registry), or leaves them.
# (the document's actors, the names it read as works, the names a cue showed to be organisations)
# -> the actors under the archive's names.
ActorNaming = Callable[[list[Actor], Sequence[str], Sequence[str]], list[Actor]]


@dataclass(frozen=True, slots=True)
class Record:
    """One document a drop holds, extracted and waiting for enrichment."""

    drop: Drop
    extracted: Extracted
    doc_id: str
    # The container's document id, and the ids of what this one contains (e-mail, archive).
    parent_id: str | None = None
    children: tuple[str, ...] = ()

    @classmethod
    def of(cls, drop: Drop, extracted: Extracted) -> Record:
        return cls(drop, extracted, document_id(extracted.body))

    @property
    def uri(self) -> str:
        """The drop's URI, with the place of this record inside it after `#`."""
        if self.extracted.path is not None:
            return f"{self.drop.uri}#{quote(self.extracted.path, safe='/')}"
        if self.extracted.record is not None:
            return f"{self.drop.uri}#L{self.extracted.record}"
        return self.drop.uri

    @property
    def text(self) -> Text:
        from pipeline.enrich import Text

        return Text(self.extracted.body, self.extracted.title, self.extracted.published_at, self.extracted.language)

    def error(self, reason: RejectionReason, message: str) -> DropError:
        """A failure of this record, carrying what quarantine needs to keep it."""
        return DropError(
            reason, message, record=self.extracted.record, content=self.extracted.content, path=self.extracted.path
        )


def split_results(drop: Drop, results: Sequence[ExtractResult]) -> tuple[list[Record], list[DropError]]:
    """A drop's extracted records, each knowing its parent's id and its children's ids, and
    the records that failed extraction. A child that failed is not listed by its parent: it
    has no text, so no id; its rejection names its path inside the drop."""
    ids = {place: document_id(result.body) for place, result in enumerate(results) if isinstance(result, Extracted)}
    children: dict[int, list[str]] = {}
    for place, result in enumerate(results):
        if isinstance(result, Extracted) and result.parent is not None and place in ids:
            children.setdefault(result.parent, []).append(ids[place])
    records = [
        Record(
            drop,
            result,
            ids[place],
            parent_id=ids.get(result.parent) if result.parent is not None else None,
            children=tuple(dict.fromkeys(children.get(place, []))),
        )
        for place, result in enumerate(results)
        if isinstance(result, Extracted)
    ]
    return records, [result for result in results if isinstance(result, DropError)]


def enrichment_stamp(model: str) -> Enrichment:
    return Enrichment(pipeline_version=PIPELINE_VERSION, model=model, enriched_at=dt.datetime.now(dt.UTC))


def build_document(
    record: Record,
    enrichments: Enrichments | DropError,
    *,
    model: str,
    default_language: str,
    name_actors: ActorNaming | None = None,
    location: str | None = None,
) -> Document | DropError:
    """The record as a validated Document; a failed enrichment or validation comes back as a DropError."""
    if isinstance(enrichments, DropError):
        return record.error(enrichments.reason, enrichments.message)
    extracted, drop = record.extracted, record.drop
    actors = (
        name_actors(enrichments.actors, enrichments.works, enrichments.cued_organisations) if name_actors is not None else enrichments.actors
    )
    try:
        return Document(
            id=record.doc_id,
            title=extracted.title,
            body=extracted.body,
            language=enrichments.language or extracted.language or default_language,
            **_language_fields(enrichments),
            published_at=extracted.published_at,
            received_at=drop.received_at,
            source=Source(
                kind=drop.kind,
                uri=record.uri,
                location=location,
                size_bytes=drop.size_bytes,
                media_type=extracted.media_type,
                etag=drop.etag,
                declared_media_type=extracted.declared_media_type,
            ),
            actors=actors,
            dates=enrichments.dates,
            sentiment=enrichments.sentiment,
            themes=enrichments.themes,
            enrichment=enrichment_stamp(enrichments.model or model),
            author=extracted.author,
            parent_id=record.parent_id if record.parent_id != record.doc_id else None,
            container_path=extracted.path,
            children=[child for child in record.children if child != record.doc_id],
            page_offsets=list(extracted.page_offsets),
            message=MessageHeaders(**extracted.message) if extracted.message is not None else None,
        )
    except ValidationError as error:
        return record.error(RejectionReason.INVALID_DOCUMENT, first_error(error))


def rebuild_document(
    document: Document, enrichments: Enrichments, *, model: str, name_actors: ActorNaming | None = None
) -> Document:
    """The same document (id, text, source) with new enrichments; raises ValidationError."""
    actors = (
        name_actors(enrichments.actors, enrichments.works, enrichments.cued_organisations) if name_actors is not None else enrichments.actors
    )
    return Document.model_validate(
        {
            **document.model_dump(),
            "actors": actors,
            "dates": enrichments.dates,
            "sentiment": enrichments.sentiment,
            "themes": enrichments.themes,
            "enrichment": enrichment_stamp(enrichments.model or model),
            **({"language": enrichments.language} if enrichments.language else {}),
            **_language_fields(enrichments),
        }
    )


def _language_fields(enrichments: Enrichments) -> dict[str, object]:
    """What the enrichment decided about the language, and which analyses it could not do."""
    return {
        "language_detected": enrichments.language_detected,
        "language_confidence": enrichments.language_confidence,
        "language_source": enrichments.language_source,
        "not_analysed": list(enrichments.not_analysed),
    }


def first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"the document failed validation at {where or 'document'}: {first['msg']}"
