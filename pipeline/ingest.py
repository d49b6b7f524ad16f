"""The one path every drop takes: read -> extract -> enrich -> validate -> store -> file.

Originals are filed (processed/ or quarantine/) only after the store has confirmed the
batch, so a crash or a store outage leaves them pending, and a re-run finds them again.
Ingest is idempotent: a document's id is the hash of its text, and a text already in the
store is counted `unchanged` without being enriched again.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from pydantic import ValidationError

from pipeline import PIPELINE_VERSION
from pipeline.enrich import Enricher, Enrichments, Text, get_enricher
from pipeline.errors import DropError, RejectionReason, StoreError
from pipeline.extract import Extracted, ExtractResult, extract, media_type_for
from pipeline.models import Actor, Document, Drop, Enrichment, Rejection, Source, document_id
from pipeline.registry import ActorRegistry
from pipeline.settings import Settings
from pipeline.sources import DropSource
from pipeline.store import Store

log = logging.getLogger(__name__)


@dataclass
class IngestSummary:
    """What a run did. Every record of every drop lands in exactly one count."""

    indexed: int = 0
    unchanged: int = 0
    quarantined: int = 0
    drops: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict, repr=False)

    def add(self, other: IngestSummary) -> None:
        self.indexed += other.indexed
        self.unchanged += other.unchanged
        self.quarantined += other.quarantined
        self.drops += other.drops
        self.rejections += other.rejections
        for stage, seconds in other.seconds.items():
            self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds


@dataclass
class _DropOutcome:
    drop: Drop
    records: int = 0
    lines: list[bytes] = field(default_factory=list)
    failed: list[DropError] = field(default_factory=list)
    whole_drop_error: DropError | None = None
    stage: str = "extract"

    def line(self, record: int | None) -> bytes | None:
        """The bytes of one JSONL record, kept so a bad record is quarantined as it came."""
        if record is None:
            return None
        return self.lines[record - 1] if record <= len(self.lines) else b""


@dataclass
class _Pending:
    """One extracted record waiting for enrichment and the store."""

    outcome: _DropOutcome
    extracted: Extracted
    doc_id: str
    document: Document | None = None


ProgressCallback = Callable[[Drop], None]


class Ingestor:
    """Runs drops from a source into a store. Build one per process and reuse it."""

    def __init__(
        self,
        settings: Settings,
        store: Store | None,
        *,
        enricher: Enricher | None = None,
        registry: ActorRegistry | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self._enricher = enricher
        self._registry = registry

    @property
    def registry(self) -> ActorRegistry:
        if self._registry is None:
            self._registry = ActorRegistry(self.settings.state_path, pinned=self.enricher.aliases)
        return self._registry

    def _actors(self, actors: list[Actor]) -> list[Actor]:
        """The document's actors under the names the archive already uses for them.

        Without a store (`dropwire enrich`) nothing is read or written: names are as enriched."""
        if self.store is None and self._registry is None:
            return actors
        named = self.registry.canonicalize(actors)
        self.registry.learn(named)
        return named

    @property
    def enricher(self) -> Enricher:
        if self._enricher is None:
            self._enricher = get_enricher(
                self.settings.spacy_model,
                self.settings.taxonomy_file,
                self.settings.aliases_file,
                self.settings.nlp_batch_size,
                self.settings.nlp_processes,
            )
        return self._enricher

    def ingest(
        self,
        source: DropSource,
        drops: Iterable[Drop] | None = None,
        *,
        batch_drops: int | None = None,
        on_drop: ProgressCallback | None = None,
    ) -> IngestSummary:
        """Ingest `drops` (default: every drop the source lists), `batch_drops` at a time
        (default: the `ingest_batch_size` setting); each batch is one store commit."""
        if self.store is None:
            raise StoreError("this Ingestor was built without a store; it can only build documents")
        summary = IngestSummary()
        iterator = iter(drops if drops is not None else source.drops())
        size = batch_drops or self.settings.ingest_batch_size
        while batch := list(itertools.islice(iterator, size)):
            summary.add(self._ingest_batch(source, batch, on_drop))
        return summary

    def _ingest_batch(self, source: DropSource, drops: list[Drop], on_drop: ProgressCallback | None) -> IngestSummary:
        clock = _StageClock()
        outcomes: list[_DropOutcome] = []
        pending: list[_Pending] = []
        for drop in drops:
            outcome, records = self._extract(source, drop)
            outcomes.append(outcome)
            pending += records
        clock.lap("extract")

        assert self.store is not None
        stored = self.store.existing_ids(record.doc_id for record in pending)
        to_enrich: list[_Pending] = []
        unchanged = 0
        for record in pending:
            if record.doc_id in stored:
                unchanged += 1
            else:
                stored.add(record.doc_id)  # the same text twice in one batch is one document
                to_enrich.append(record)

        clock.lap("lookup")
        self._build(to_enrich)
        clock.lap("enrich")
        documents = self._write(to_enrich)
        clock.lap("store")

        summary = IngestSummary(indexed=len(documents), unchanged=unchanged, drops=len(drops))
        for outcome in outcomes:
            self._file(source, outcome, summary)
            if on_drop is not None:
                on_drop(outcome.drop)
        clock.lap("file")
        summary.seconds = clock.seconds
        return summary

    def documents_for(self, drop: Drop, results: list[ExtractResult]) -> Iterator[Document | DropError]:
        """Documents (or the errors that stopped them) for one drop's extracted records, unstored."""
        outcome = _DropOutcome(drop=drop)
        records = [
            _Pending(outcome=outcome, extracted=result, doc_id=document_id(result.body))
            for result in results
            if isinstance(result, Extracted)
        ]
        self._build(records)
        yield from (result for result in results if isinstance(result, DropError))
        yield from outcome.failed
        yield from (record.document for record in records if record.document is not None)

    def reenrich(self, documents: Iterable[Document], *, everything: bool = False) -> Iterator[Document]:
        """Documents enriched again with this pipeline and model, batch by batch, same ids.

        Only documents from another pipeline version or model are redone, unless `everything`.
        A document that fails keeps its old enrichment (it is logged), so a reindex never loses it.
        """
        iterator = iter(documents)
        while batch := list(itertools.islice(iterator, self.settings.nlp_batch_size * 4)):
            stale = [d for d in batch if everything or self.is_stale(d)]
            redone: dict[str, Document] = {}
            for enrichments, document in self.enricher.enrich_many(
                (Text(d.body, d.title, d.published_at), d) for d in stale
            ):
                try:
                    redone[document.id] = self._reenriched(document, enrichments)
                except ValidationError as error:
                    log.warning("kept the old enrichment of %s: %s", document.id[:12], _first_error(error))
            yield from (redone.get(document.id, document) for document in batch)

    def is_stale(self, document: Document) -> bool:
        return (
            document.enrichment.pipeline_version != PIPELINE_VERSION
            or document.enrichment.model != self.enricher.model
        )

    def _reenriched(self, document: Document, enrichments: Enrichments) -> Document:
        return Document.model_validate(
            {
                **document.model_dump(),
                "actors": self._actors(enrichments.actors),
                "dates": enrichments.dates,
                "sentiment": enrichments.sentiment,
                "themes": enrichments.themes,
                "enrichment": Enrichment(
                    pipeline_version=PIPELINE_VERSION, model=self.enricher.model, enriched_at=dt.datetime.now(dt.UTC)
                ),
            }
        )

    def _build(self, records: list[_Pending]) -> None:
        """Enrich and validate records in one nlp.pipe pass; failures go to their drop's outcome.

        Should the batch pass fail, the records it had not reached are redone one by one,
        so one text that breaks the model is quarantined and the others go on.
        """
        if not records:
            return
        enricher = self.enricher  # a missing model is a configuration error, not a bad drop
        done = 0
        try:
            for enrichments, record in enricher.enrich_many((_text_of(r), r) for r in records):
                self._validate(record, enrichments)
                done += 1
        except Exception:  # noqa: BLE001 - the one-by-one pass below reports each failure
            log.exception("batch enrichment failed; enriching the rest one by one")
            for record in records[done:]:
                try:
                    enrichments = next(enricher.enrich_many([(_text_of(record), None)]))[0]
                except Exception as error:  # noqa: BLE001 - any failure quarantines this text only
                    record.outcome.failed.append(
                        DropError(
                            RejectionReason.ENRICHMENT_FAILED,
                            f"enrichment failed: {type(error).__name__}: {error}",
                            record=record.extracted.record,
                        )
                    )
                    continue
                self._validate(record, enrichments)

    def _validate(self, record: _Pending, enrichments: Enrichments) -> None:
        try:
            record.document = self._document(record, enrichments)
        except ValidationError as error:
            record.outcome.failed.append(
                DropError(RejectionReason.INVALID_DOCUMENT, _first_error(error), record=record.extracted.record)
            )

    def _extract(self, source: DropSource, drop: Drop) -> tuple[_DropOutcome, list[_Pending]]:
        outcome = _DropOutcome(drop=drop)
        try:
            if drop.size_bytes > self.settings.max_drop_bytes:
                raise DropError(
                    RejectionReason.TOO_LARGE,
                    f"the drop is {drop.size_bytes:,} bytes; the limit is {self.settings.max_drop_bytes:,}",
                )
            try:
                content = source.read(drop)
            except OSError as error:
                outcome.stage = "read"
                raise DropError(RejectionReason.UNREADABLE, f"cannot read the drop: {error}") from None
            results = extract(drop.name, content, max_bytes=self.settings.max_drop_bytes)
        except DropError as error:
            outcome.whole_drop_error = error
            return outcome, []
        if media_type_for(drop.name) == "application/x-ndjson":
            outcome.lines = content.split(b"\n")
        records: list[_Pending] = []
        for result in results:
            outcome.records += 1
            if isinstance(result, DropError):
                outcome.failed.append(result)
            else:
                records.append(_Pending(outcome=outcome, extracted=result, doc_id=document_id(result.body)))
        return outcome, records

    def _document(self, record: _Pending, enrichments: Enrichments) -> Document:
        extracted, drop = record.extracted, record.outcome.drop
        uri = drop.uri if extracted.record is None else f"{drop.uri}#L{extracted.record}"
        return Document(
            id=record.doc_id,
            title=extracted.title,
            body=extracted.body,
            language=extracted.language or self.settings.default_language,
            published_at=extracted.published_at,
            received_at=drop.received_at,
            source=Source(
                kind=drop.kind,
                uri=uri,
                size_bytes=drop.size_bytes,
                media_type=extracted.media_type,
                etag=drop.etag,
            ),
            actors=self._actors(enrichments.actors),
            dates=enrichments.dates,
            sentiment=enrichments.sentiment,
            themes=enrichments.themes,
            enrichment=Enrichment(
                pipeline_version=PIPELINE_VERSION,
                model=self.enricher.model,
                enriched_at=dt.datetime.now(dt.UTC),
            ),
        )

    def _write(self, records: list[_Pending]) -> list[Document]:
        """Store the batch; a document the store refuses is quarantined with the store's reason."""
        assert self.store is not None
        documents = {record.doc_id: record for record in records if record.document is not None}
        failures = self.store.upsert([record.document for record in documents.values() if record.document])
        for failure in failures:
            record = documents.pop(failure.doc_id)
            record.outcome.failed.append(
                DropError(
                    RejectionReason.STORE_REJECTED,
                    f"the store refused the document: {failure.reason}",
                    record=record.extracted.record,
                )
            )
        return [record.document for record in documents.values() if record.document is not None]

    def _file(self, source: DropSource, outcome: _DropOutcome, summary: IngestSummary) -> None:
        drop = outcome.drop
        if outcome.whole_drop_error is not None:
            self._reject(source, drop, outcome.whole_drop_error, outcome.stage, None, summary)
            return
        if outcome.failed and len(outcome.failed) == outcome.records:
            first = outcome.failed[0]
            if outcome.records == 1:
                whole = DropError(first.reason, first.message)
            else:
                whole = DropError(first.reason, f"none of its {outcome.records} records could be used; first: {first}")
            self._reject(source, drop, whole, _stage_of(first), None, summary)
            return
        for error in outcome.failed:
            self._reject(source, drop, error, _stage_of(error), outcome.line(error.record), summary)
        source.mark_processed(drop)

    def _reject(
        self,
        source: DropSource,
        drop: Drop,
        error: DropError,
        stage: str,
        content: bytes | None,
        summary: IngestSummary,
    ) -> None:
        rejection = Rejection(
            drop_uri=drop.uri,
            record=error.record,
            reason=error.reason,
            message=error.message,
            stage=stage,
            rejected_at=dt.datetime.now(dt.UTC),
            size_bytes=drop.size_bytes,
        )
        where = source.quarantine(drop, rejection, content)
        rejection.quarantined_as = where
        log.warning("quarantined %s: %s", drop.name, error)
        summary.quarantined += 1
        summary.rejections.append(rejection)


class _StageClock:
    """Wall time per stage of a batch, for summaries and benchmarks."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self._last
        self._last = now


def _text_of(record: _Pending) -> Text:
    return Text(record.extracted.body, record.extracted.title, record.extracted.published_at)


def _stage_of(error: DropError) -> str:
    return {
        RejectionReason.INVALID_DOCUMENT: "validate",
        RejectionReason.ENRICHMENT_FAILED: "enrich",
        RejectionReason.STORE_REJECTED: "store",
    }.get(error.reason, "extract")


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"the document failed validation at {where or 'document'}: {first['msg']}"

