"""The batch runner: drops from a source -> documents in a store -> originals filed.

Per batch: read each drop (its size checked once, before reading), extract it, skip texts
the store already holds, enrich the rest (here or in worker processes, several batches in
flight), build and validate documents, write them in one store commit, learn the actor
names of what the store kept, then file every original as processed or quarantined.
Originals are filed only after the commit, so a crash or a store outage leaves them in the
inbox for the next run; a document's id is the hash of its text, so a re-run is a no-op.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pydantic import ValidationError

from pipeline import PIPELINE_VERSION
from pipeline.errors import DropError, RejectionReason
from pipeline.extract import ExtractLimits, extract
from pipeline.ingest.documents import Record, build_document, first_error, rebuild_document, split_results
from pipeline.models import Actor, Document, Drop, Rejection
from pipeline.settings import Settings
from pipeline.sources import DropSource
from pipeline.store import Store

if TYPE_CHECKING:  # each loads spaCy: imported where first needed
    from pipeline.enrich import Enricher
    from pipeline.registry import ActorRegistry
    from pipeline.enrich.workers import Enrichment, EnrichResult

log = logging.getLogger(__name__)

ProgressCallback = Callable[[Drop], None]


@dataclass
class IngestSummary:
    """What a run did. Every drop is counted once in `drops`; every document it held lands
    in exactly one of `indexed`, `unchanged` or `quarantined`."""

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

    def as_dict(self) -> dict[str, object]:
        """JSON-able, for an Airflow task's XCom and logs."""
        return {
            "drops": self.drops,
            "indexed": self.indexed,
            "unchanged": self.unchanged,
            "quarantined": self.quarantined,
            "rejections": [rejection.model_dump(mode="json") for rejection in self.rejections],
        }


@dataclass
class _DropOutcome:
    """One drop's fate in a batch: the records it held, and what failed (whole or per record)."""

    drop: Drop
    records: int = 0
    failed: list[DropError] = field(default_factory=list)
    whole_drop_error: DropError | None = None
    stage: str = "extract"


@dataclass
class _Batch:
    outcomes: list[_DropOutcome]
    to_enrich: list[tuple[_DropOutcome, Record]]
    unchanged: int
    enriched: Future[list[EnrichResult]]
    seconds: dict[str, float]


class Ingestor:
    """Runs drops from a source into a store. Build one per process and reuse it; close it
    (or use it as a context manager) to stop its worker processes.

    Given an `enricher`, enrichment runs in this process. Otherwise the model is loaded on
    first need, and runs of more than one batch are enriched in `nlp_processes` worker
    processes (default: one per core).
    """

    def __init__(
        self,
        settings: Settings,
        store: Store,
        *,
        enricher: Enricher | None = None,
        registry: ActorRegistry | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self._enricher = enricher
        self._registry = registry
        self._local: Enrichment | None = None
        self._pool: Enrichment | None = None

    def __enter__(self) -> Ingestor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    @property
    def enricher(self) -> Enricher:
        """The in-process enricher (a missing model is a configuration error, not a bad drop)."""
        if self._enricher is None:
            from pipeline.enrich.workers import EnricherConfig

            self._enricher = EnricherConfig.from_settings(self.settings).load()
        return self._enricher

    @property
    def registry(self) -> ActorRegistry:
        if self._registry is None:
            from pipeline.registry import ActorRegistry

            self._registry = ActorRegistry(self.settings.state_path, pinned=self.enricher.aliases)
        return self._registry

    def _enrichment(self, several_batches: bool) -> Enrichment:
        from pipeline.enrich.workers import EnricherConfig, InProcessEnrichment, WorkerPoolEnrichment, default_processes

        processes = self.settings.nlp_processes or default_processes()
        # A daemonic process (a Celery prefork worker, say) may not start processes of its own.
        can_fork = not multiprocessing.current_process().daemon
        if several_batches and processes > 1 and self._enricher is None and can_fork:
            if self._pool is None:
                self._pool = WorkerPoolEnrichment(EnricherConfig.from_settings(self.settings), processes)
            return self._pool
        if self._local is None:
            self._local = InProcessEnrichment(self.enricher)
        return self._local

    # -- ingest ----------------------------------------------------------------------

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
        size = batch_drops or self.settings.ingest_batch_size
        iterator = iter(drops if drops is not None else source.drops())
        batches = iter(lambda: list(itertools.islice(iterator, size)), [])
        ahead = list(itertools.islice(batches, 2))
        summary = IngestSummary()
        if not ahead:
            return summary
        enrichment = self._enrichment(several_batches=len(ahead) > 1)
        in_flight: deque[_Batch] = deque()
        seen: set[str] = set()
        try:
            for drops_of_batch in itertools.chain(ahead, batches):
                in_flight.append(self._start(source, drops_of_batch, enrichment, seen))
                while len(in_flight) > enrichment.parallel_batches:
                    summary.add(self._finish(source, in_flight.popleft(), enrichment, on_drop))
            while in_flight:
                summary.add(self._finish(source, in_flight.popleft(), enrichment, on_drop))
        finally:
            for batch in in_flight:  # a failed run leaves these drops in the inbox for the next one
                batch.enriched.cancel()
        return summary

    def _start(self, source: DropSource, drops: list[Drop], enrichment: Enrichment, seen: set[str]) -> _Batch:
        """Read and extract a batch, and send what is new to enrichment."""
        clock = _StageClock()
        outcomes: list[_DropOutcome] = []
        records: list[tuple[_DropOutcome, Record]] = []
        for drop in drops:
            outcome, extracted = self._extract(source, drop)
            outcomes.append(outcome)
            records += [(outcome, record) for record in extracted]
        clock.lap("extract")
        stored = self.store.existing_ids(record.doc_id for _, record in records)
        to_enrich: list[tuple[_DropOutcome, Record]] = []
        for outcome, record in records:
            if record.doc_id not in stored and record.doc_id not in seen:
                seen.add(record.doc_id)  # the same text twice in one run is one document
                to_enrich.append((outcome, record))
        clock.lap("lookup")
        enriched = enrichment.submit([record.text for _, record in to_enrich])
        clock.lap("enrich")
        return _Batch(outcomes, to_enrich, len(records) - len(to_enrich), enriched, clock.seconds)

    def _extract(self, source: DropSource, drop: Drop) -> tuple[_DropOutcome, list[Record]]:
        outcome = _DropOutcome(drop=drop)
        limit = self.settings.max_drop_bytes
        try:
            if drop.size_bytes > limit:
                raise DropError(RejectionReason.TOO_LARGE, f"the drop is {drop.size_bytes:,} bytes; the limit is {limit:,}")
            try:
                content = source.read(drop)
            except FileNotFoundError:
                outcome.stage = "read"
                raise DropError(RejectionReason.UNREADABLE, "the drop left the inbox before it could be read") from None
            except OSError as error:
                outcome.stage = "read"
                raise DropError(RejectionReason.UNREADABLE, f"cannot read the drop: {error}") from None
            except DropError:
                outcome.stage = "read"
                raise
            # The listed size may be stale (a file still growing): extract checks the bytes read.
            results = extract(drop.name, content, max_bytes=limit, limits=ExtractLimits.from_settings(self.settings))
        except DropError as error:
            outcome.whole_drop_error = error
            return outcome, []
        records, failed = split_results(drop, results)
        outcome.records = len(results)
        outcome.failed += failed
        return outcome, records

    def _finish(
        self, source: DropSource, batch: _Batch, enrichment: Enrichment, on_drop: ProgressCallback | None
    ) -> IngestSummary:
        """Build the batch's documents, store them in one commit, then file the originals."""
        clock = _StageClock()
        results, model = self._enriched(batch, enrichment)
        clock.lap("enrich")
        documents: dict[str, tuple[_DropOutcome, Record, Document]] = {}
        for (outcome, record), enrichments in zip(batch.to_enrich, results, strict=True):
            built = build_document(
                record,
                enrichments,
                model=model,
                default_language=self.settings.default_language,
                name_actors=self._stage_names,
            )
            if isinstance(built, DropError):
                outcome.failed.append(built)
            else:
                documents[record.doc_id] = (outcome, record, built)
        clock.lap("validate")
        for failure in self.store.upsert([document for _, _, document in documents.values()]):
            outcome, record, _ = documents.pop(failure.doc_id)
            outcome.failed.append(
                record.error(RejectionReason.STORE_REJECTED, f"the store refused the document: {failure.reason}")
            )
        if documents:
            self.registry.learn([actor for _, _, document in documents.values() for actor in document.actors])
        clock.lap("store")
        summary = IngestSummary(indexed=len(documents), unchanged=batch.unchanged, drops=len(batch.outcomes))
        for outcome in batch.outcomes:
            self._file(source, outcome, summary)
            if on_drop is not None:
                on_drop(outcome.drop)
        clock.lap("file")
        summary.seconds = dict(batch.seconds)
        for stage, seconds in clock.seconds.items():
            summary.seconds[stage] = summary.seconds.get(stage, 0.0) + seconds
        return summary

    def _enriched(self, batch: _Batch, enrichment: Enrichment) -> tuple[list[EnrichResult], str]:
        """The batch's enrichments and the model's label. If a worker process died (killed for
        memory, say), the batch is enriched here instead, and so is the rest of the run."""
        if not batch.to_enrich:
            return [], ""
        try:
            return batch.enriched.result(), enrichment.model
        except BrokenProcessPool:
            log.warning("an enrichment worker process died; enriching in this process from now on")
            self.close()
            here = self._enrichment(several_batches=False)
            return here.submit([record.text for _, record in batch.to_enrich]).result(), here.model

    def _stage_names(self, actors: list[Actor]) -> list[Actor]:
        """Registered names for a document's actors; its own new names are used by the rest of
        the batch at once, and written only if the store keeps the document."""
        named = self.registry.canonicalize(actors)
        self.registry.learn(named, persist=False)
        return named

    # -- filing ----------------------------------------------------------------------

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
            content = error.content if error.content is not None else b""
            self._reject(source, drop, error, _stage_of(error), content if error.record is not None else None, summary)
        source.mark_processed(drop)

    def _reject(
        self, source: DropSource, drop: Drop, error: DropError, stage: str, content: bytes | None, summary: IngestSummary
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
        rejection.quarantined_as = source.quarantine(drop, rejection, content)
        log.warning("quarantined %s: %s", drop.name, error)
        summary.quarantined += 1
        summary.rejections.append(rejection)

    # -- re-enrichment -----------------------------------------------------------------

    def is_stale(self, document: Document) -> bool:
        """Made by another pipeline version or model than this one."""
        return (
            document.enrichment.pipeline_version != PIPELINE_VERSION
            or document.enrichment.model != self.enricher.model
        )

    def reenrich(self, documents: Iterable[Document], *, everything: bool = False) -> Iterator[Document]:
        """Documents enriched again with this pipeline and model, batch by batch, same ids.

        Only stale documents are redone, unless `everything`. A document that fails keeps
        its old enrichment (it is logged), so a reindex never loses it. The actor names of
        redone documents are recorded once the caller has stored them (`learn_actor_names`).
        """
        from pipeline.enrich import Text
        from pipeline.enrich.workers import enrich_texts

        iterator = iter(documents)
        while batch := list(itertools.islice(iterator, self.settings.nlp_batch_size * 4)):
            stale = [document for document in batch if everything or self.is_stale(document)]
            texts = [Text(document.body, document.title, document.published_at) for document in stale]
            redone: dict[str, Document] = {}
            for document, enrichments in zip(stale, enrich_texts(self.enricher, texts), strict=True):
                try:
                    if isinstance(enrichments, DropError):
                        raise ValueError(enrichments.message)
                    redone[document.id] = rebuild_document(
                        document, enrichments, model=self.enricher.model, name_actors=self._stage_names
                    )
                except (ValidationError, ValueError) as error:
                    reason = first_error(error) if isinstance(error, ValidationError) else str(error)
                    log.warning("kept the old enrichment of %s: %s", document.id[:12], reason)
            yield from (redone.get(document.id, document) for document in batch)

    def learn_actor_names(self, actors: Iterable[Actor]) -> None:
        """Record the names of actors of documents the store has committed."""
        self.registry.learn(list(actors))


class _StageClock:
    """Wall time per stage of a batch, for summaries and benchmarks."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self._last
        self._last = now


def _stage_of(error: DropError) -> str:
    return {
        RejectionReason.INVALID_DOCUMENT: "validate",
        RejectionReason.ENRICHMENT_FAILED: "enrich",
        RejectionReason.STORE_REJECTED: "store",
    }.get(error.reason, "extract")

