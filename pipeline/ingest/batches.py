"""The batch runner: drops from a source -> documents in a store -> originals filed.

Per batch: read each drop (its size checked once, before reading), extract it, skip texts
the store already holds, enrich the rest (here or in worker processes, several batches in
flight), build and validate documents, write them in a store commit, learn the actor
names of what the store kept, then file every original as processed or quarantined.
Consecutive batches share a commit of up to `ingest_commit_documents` documents (a commit
costs a segment and several fsyncs whatever its size); a commit runs on while the next batch
is enriched (`Store.begin_upsert`). Originals are filed only after the commit that holds all
their documents, so a crash or a store outage leaves them in the inbox for the
next run; a document's id is the hash of its text, so a re-run is a no-op.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import multiprocessing
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from pipeline import PIPELINE_VERSION
from pipeline.archive import matching_documents
from pipeline.errors import DropError, RejectionReason
from pipeline.extract import Extracted, ExtractLimits, extract
from pipeline.extract.text import drop_metadata
from pipeline.ledger import StoredLedger
from pipeline.ingest.documents import Record, build_document, first_error, rebuild_document, split_results
from pipeline.models import Actor, Document, Drop, LanguageSource, Rejection
from pipeline.search import SearchQuery
from pipeline.settings import Settings
from pipeline.sources import DropSource
from pipeline.store import Store, WriteFailure

if TYPE_CHECKING:  # each loads spaCy: imported where first needed
    from pipeline.actors.aliases import AliasTable
    from pipeline.enrich import Enricher
    from pipeline.registry import ActorRegistry, StagedNames
    from pipeline.store.actor_registry import NameRow
    from pipeline.enrich.workers import Enrichment, EnrichResult

log = logging.getLogger(__name__)

ProgressCallback = Callable[[Drop], None]
# Documents enriched together, at most: bounds memory for a drop holding many.
CHUNK_DOCUMENTS = 256


@dataclass
class IngestSummary:
    """What a run did, counted two ways that each add up.

    Drops (files or objects): each is filed once, as processed (`processed`, by name) or
    quarantined whole (`drops_quarantined`); `drops` is their sum. Documents (records) in the
    processed drops: each is `indexed`, `unchanged` (already archived) or a quarantined
    record. `quarantined` counts every rejection: whole drops and single records."""

    indexed: int = 0
    unchanged: int = 0
    quarantined: int = 0
    # Documents stored before whose actors took a full name the run learnt after them.
    renamed: int = 0
    drops: int = 0
    drops_quarantined: int = 0
    processed: list[str] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict, repr=False)

    @property
    def records_quarantined(self) -> int:
        return self.quarantined - self.drops_quarantined

    @property
    def documents(self) -> int:
        """Documents found in the processed drops."""
        return self.indexed + self.unchanged + self.records_quarantined

    def add(self, other: IngestSummary) -> None:
        self.indexed += other.indexed
        self.unchanged += other.unchanged
        self.quarantined += other.quarantined
        self.renamed += other.renamed
        self.drops += other.drops
        self.drops_quarantined += other.drops_quarantined
        self.processed += other.processed
        self.rejections += other.rejections
        for stage, seconds in other.seconds.items():
            self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds

    def as_dict(self) -> dict[str, object]:
        """JSON-able, for an Airflow task's XCom and logs."""
        return {
            "drops": self.drops,
            "drops_quarantined": self.drops_quarantined,
            "documents": self.documents,
            "indexed": self.indexed,
            "unchanged": self.unchanged,
            "quarantined": self.quarantined,
            "renamed": self.renamed,
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
    # Its documents the store has committed.
    stored: int = 0


@dataclass
class _Chunk:
    """Records enriched and stored together: a batch's documents, cut so that a drop holding
    many (a long JSONL file) keeps memory bounded and shows progress as it goes."""

    records: list[tuple[_DropOutcome, Record]]
    enriched: Future[list[EnrichResult]] | None = None


@dataclass
class _Batch:
    outcomes: list[_DropOutcome]
    chunks: list[_Chunk]
    unchanged: int
    seconds: dict[str, float]

    def cancel(self) -> None:
        for chunk in self.chunks:
            if chunk.enriched is not None:
                chunk.enriched.cancel()


# Claims a chunk makes at most: each round that loses a name to another worker names the
# documents again, and their new names are claimed in the next.
_CLAIM_ROUNDS = 3


@dataclass
class _Unstored:
    """Documents built and validated but not yet committed, the actor names they taught the
    registry, and the batches whose originals wait for that commit."""

    documents: dict[str, tuple[_DropOutcome, Record, Document]] = field(default_factory=dict)
    staged: dict[str, StagedNames] = field(default_factory=dict)
    # The names each document claimed in the registry: taken back if the store refuses it.
    claimed: dict[str, list[NameRow]] = field(default_factory=dict)
    batches: list[_Batch] = field(default_factory=list)


@dataclass
class _Committing:
    """A commit the store runs while the next chunk is enriched: what it holds waits for it."""

    write: Future[list[WriteFailure]]
    waiting: _Unstored
    # Documents stored before, written again in this commit under names learnt since, by id;
    # and the late surnames that found them (the registry's again if the commit fails).
    renamed: dict[str, Document] = field(default_factory=dict)
    late: list[str] = field(default_factory=list)


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
        self._ledger: StoredLedger | None = None
        # Alias keys of actors curated since the last reindex: documents naming them are stale.
        self._curated: frozenset[str] | None = None
        # Actor names staged by `reenrich`, by document id, until the caller has stored them,
        # and the names each of them claimed.
        self._redone: dict[str, StagedNames] = {}
        self._redone_claims: dict[str, list[NameRow]] = {}
        self._redone_names: dict[str, set[str]] = {}
        # Documents built by this ingestor and not refused, by each actor name they carry: a
        # refused document's claim on a name another document carries is not taken back.
        self._names_in_use: Counter[str] = Counter()
        # Where this run's texts are enriched: the pool, or this process once the pool failed.
        self._active: Enrichment | Any = None
        self._local: Enrichment | None = None
        self._pool: Enrichment | None = None
        self._committing: _Committing | None = None

    def __enter__(self) -> Ingestor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        for enrichment in (self._pool, self._local):
            if enrichment is not None:
                enrichment.close()
        self._pool = self._local = None
        if self._ledger is not None:
            self._ledger.close()
            self._ledger = None

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

            # The archive's own registry, shared by every worker; a store that has none (a
            # test double wrapping a store, say) gets a table in this machine's state file.
            opener = getattr(self.store, "actor_registry", None)
            backend = opener() if opener is not None else self.settings.state_path
            self._registry = ActorRegistry(backend, pinned=self._alias_table())
        return self._registry

    def _alias_table(self) -> AliasTable:
        """The enricher's, or, while enrichment runs in worker processes, the same table read
        here without loading a model: this process only names and stores what they send."""
        if self._enricher is not None:
            return self._enricher.aliases
        from pipeline.actors.aliases import load_alias_table

        return load_alias_table(self.settings.effective_aliases_file)

    @property
    def ledger(self) -> StoredLedger:
        if self._ledger is None:
            self._ledger = StoredLedger(self.settings.state_path)
        return self._ledger

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
        on_documents: Callable[[int], None] | None = None,
    ) -> IngestSummary:
        """Ingest `drops` (default: every drop the source lists), `batch_drops` at a time
        (default: the `ingest_batch_size` setting). A batch's documents are stored in
        commits of at most `ingest_commit_documents` (shared with the batches before it); its originals
        are filed once all are stored.
        `on_drop` is called for each drop filed, `on_documents` with each chunk's size."""
        size = batch_drops or self.settings.ingest_batch_size
        iterator = iter(drops if drops is not None else source.drops())
        batches = iter(lambda: list(itertools.islice(iterator, size)), [])
        ahead = list(itertools.islice(batches, 2))
        summary = IngestSummary()
        if not ahead:
            return summary
        self._active = self._enrichment(several_batches=len(ahead) > 1)
        in_flight: deque[_Batch] = deque()
        seen: set[str] = set()
        unstored = _Unstored()
        try:
            for drops_of_batch, last in _marking_last(itertools.chain(ahead, batches)):
                in_flight.append(self._start(source, drops_of_batch, seen, last=last))
                while len(in_flight) > self._active.parallel_batches:
                    summary.add(self._finish(source, in_flight.popleft(), unstored, on_drop, on_documents))
            while in_flight:
                summary.add(self._finish(source, in_flight.popleft(), unstored, on_drop, on_documents))
            summary.add(self._commit(source, unstored, on_drop))
            summary.add(self._settle(source, on_drop))
        finally:
            for batch in in_flight:  # a failed run leaves these drops in the inbox for the next one
                batch.cancel()
            if self._committing is not None:  # stored or not, its drops stay for the next run
                wait([self._committing.write])
                self._committing = None
        return summary

    def _start(self, source: DropSource, drops: list[Drop], seen: set[str], *, last: bool = False) -> _Batch:
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
        workers = self._active.parallel_batches
        # Nothing comes after the last batch: shared among the workers, it keeps them all busy
        # to the end, where as one chunk it would leave the others idle for its whole length.
        shared = last and workers > 1
        size = min(CHUNK_DOCUMENTS, max(1, -(-len(to_enrich) // workers))) if shared else CHUNK_DOCUMENTS
        chunks = [_Chunk(to_enrich[start : start + size]) for start in range(0, len(to_enrich), size)]
        # The first goes to enrichment now, the rest as the batch is finished; a shared batch all now.
        for chunk in chunks if shared else chunks[:1]:
            chunk.enriched = self._submit(chunk)
        clock.lap("enrich")
        return _Batch(outcomes, chunks, len(records) - len(to_enrich), clock.seconds)

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
        try:
            said = drop_metadata(source.metadata(drop), "its metadata")
        except DropError as error:
            outcome.whole_drop_error = error
            return outcome, []
        if said:  # the drop's own metadata says what its file does not (or better)
            results = [
                replace(result, **said) if isinstance(result, Extracted) and result.parent is None else result
                for result in results
            ]
        records, failed = split_results(drop, results)
        outcome.records = len(results)
        outcome.failed += failed
        return outcome, records

    def _finish(
        self,
        source: DropSource,
        batch: _Batch,
        unstored: _Unstored,
        on_drop: ProgressCallback | None,
        on_documents: Callable[[int], None] | None = None,
    ) -> IngestSummary:
        """Enrich, build and validate the batch's documents chunk by chunk, committing them
        (with those of the batches before) whenever a commit would pass `ingest_commit_documents`;
        the originals of every batch whose documents are all committed are filed."""
        clock = _StageClock()
        summary = IngestSummary()
        for number, chunk in enumerate(batch.chunks):
            for following in batch.chunks[number + 1 : number + 1 + max(1, self._active.parallel_batches)]:
                if following.enriched is None:
                    following.enriched = self._submit(following)
            results, model = self._enriched(chunk)
            clock.lap("enrich")
            # A tantivy commit waits on several fsyncs whatever its size (192 documents: 0.5 to
            # 2.2 s wall for 0.07 to 0.28 s of CPU on this shared machine): by default 600 drops
            # in batches of 96 take 2 commits, not 7.
            limit = self.settings.ingest_commit_documents
            if unstored.documents and len(unstored.documents) + len(chunk.records) > limit:
                summary.add(self._commit(source, unstored, on_drop))
                clock.restart()  # the commit timed itself
            self._build_chunk(source, chunk, results, model, unstored)
            clock.lap("validate")
            if on_documents is not None:
                on_documents(len(chunk.records))
        unstored.batches.append(batch)
        clock.add_to(batch.seconds)
        if not unstored.documents:  # nothing of it waits for a commit: its originals go now
            summary.add(self._commit(source, unstored, on_drop))
        return summary

    def _build_chunk(
        self, source: DropSource, chunk: _Chunk, results: list[EnrichResult], model: str, unstored: _Unstored
    ) -> None:
        """Build and validate a chunk's documents; failures go to their drop's outcome."""
        if self._registry is not None:  # names other workers recorded since the last chunk
            self._registry.refresh()
        staged = unstored.staged
        inputs = {
            record.doc_id: (outcome, record, enrichments)
            for (outcome, record), enrichments in zip(chunk.records, results, strict=True)
        }

        def build(doc_id: str) -> Document | DropError:
            _, record, enrichments = inputs[doc_id]
            return build_document(
                record,
                enrichments,
                model=model,
                default_language=self.settings.default_language,
                name_actors=lambda actors, works, cued: self._stage_names(actors, works, cued, doc_id, staged),
                location=source.processed_location(record.drop),
            )

        built: dict[str, Document] = {}
        for doc_id, (outcome, _, _) in inputs.items():
            document = build(doc_id)
            if isinstance(document, DropError):
                outcome.failed.append(document)
            else:
                built[doc_id] = document
        for doc_id, error in self._claim_names(built, staged, build, unstored.claimed).items():
            inputs[doc_id][0].failed.append(error)
        for doc_id, document in built.items():
            outcome, record, _ = inputs[doc_id]
            unstored.documents[doc_id] = (outcome, record, document)
            self._names_in_use.update(_names_of(document))
        # The store may index them now, beside the next chunk's enrichment, ahead of the commit.
        self.store.prepare_upsert(list(built.values()))

    def _claim_names(
        self,
        documents: dict[str, Document],
        staged: dict[str, StagedNames],
        build: Callable[[str], Document | DropError],
        claimed: dict[str, list[NameRow]],
    ) -> dict[str, DropError]:
        """Claim in the archive the names these documents taught the registry, before the store
        sees them (each document's claims are noted in `claimed`). Where another worker named a
        key first, the documents that used our name are built again under theirs (`documents`
        and `staged` are updated), so two workers never store one actor under two names.
        Returns the documents that failed to build again; their claims are taken back."""
        failed: dict[str, DropError] = {}
        for _ in range(_CLAIM_ROUNDS):
            claiming = [doc_id for doc_id in documents if doc_id in staged and staged[doc_id].names]
            lost = self.registry.claim(staged[doc_id] for doc_id in claiming)
            for doc_id in claiming:
                claimed.setdefault(doc_id, []).extend(staged[doc_id].names)
                staged[doc_id] = staged[doc_id].without_names()
            if not lost:
                break
            renamed = [doc_id for doc_id, document in documents.items() if any(actor.name in lost for actor in document.actors)]
            for doc_id in renamed:
                self.registry.forget(staged.pop(doc_id))
                document = build(doc_id)
                if isinstance(document, DropError):
                    failed[doc_id] = document
                    del documents[doc_id]
                    staged.pop(doc_id, None)
                    self._release_names(claimed.pop(doc_id, []))
                else:
                    documents[doc_id] = document
        # Past the last round (workers racing on one name again and again), what is still
        # staged is written with the votes, as before claims: a split at worst, never a loss.
        return failed

    def _release_names(self, claims: Iterable[NameRow], refused: Iterable[set[str]] = ()) -> None:
        """Take back the claims of documents the store will not hold (`refused`: the actor names
        of those counted in `_names_in_use`), except on names another document still carries."""
        for names in refused:
            self._names_in_use.subtract(names)
        unused = [row for row in claims if self._names_in_use[row[1]] <= 0]
        if unused:
            self.registry.release(unused)

    def _commit(self, source: DropSource, unstored: _Unstored, on_drop: ProgressCallback | None) -> IngestSummary:
        """Settle the commit before, then hand the waiting documents to the store in one
        commit that runs on while the next chunk is enriched (`_settle` ends it). Batches with
        no document waiting are filed at once."""
        summary = self._settle(source, on_drop)
        clock = _StageClock()
        if unstored.documents:
            late, renamed = self._named_again(unstored)
            documents = [document for _, _, document in unstored.documents.values()] + list(renamed.values())
            try:
                write = self.store.begin_upsert(documents)
            except BaseException:
                self._give_back_late_names(late)
                raise
            self._committing = _Committing(write, replace(unstored), renamed, late)
            unstored.documents, unstored.staged, unstored.claimed, unstored.batches = {}, {}, {}, []
            clock.lap("store")
        else:
            for batch in unstored.batches:
                summary.add(self._file_batch(source, batch, on_drop))
            unstored.batches = []
        clock.add_to(summary.seconds)
        return summary

    def _settle(self, source: DropSource, on_drop: ProgressCallback | None) -> IngestSummary:
        """Wait for the commit in flight; learn the actor names of the documents the store
        kept, then file the originals of the batches waiting for it."""
        summary = IngestSummary()
        if self._committing is None:
            return summary
        clock = _StageClock()
        committing, self._committing = self._committing, None
        documents, staged = committing.waiting.documents, committing.waiting.staged
        refused: list[Document] = []
        try:
            failures = committing.write.result()
        except BaseException:
            self._give_back_late_names(committing.late)
            raise
        summary.renamed = len(committing.renamed)
        for failure in failures:
            if (kept_as_it_was := committing.renamed.get(failure.doc_id)) is not None:
                log.warning("could not name %s's actors again: %s", failure.doc_id, failure.reason)
                self._names_in_use.subtract(_names_of(kept_as_it_was))
                summary.renamed -= 1
                continue
            outcome, record, document = documents.pop(failure.doc_id)
            outcome.failed.append(
                record.error(RejectionReason.STORE_REJECTED, f"the store refused the document: {failure.reason}")
            )
            refused.append(document)
        if refused:
            claimed = committing.waiting.claimed
            self._release_names([row for document in refused for row in claimed.get(document.id, [])], map(_names_of, refused))
        if documents:
            self.registry.record(staged[doc_id] for doc_id in documents)
            self.ledger.record(documents)
        for outcome, _, _ in documents.values():
            outcome.stored += 1
        clock.lap("store")
        # A batch still building (its chunks not all done) is not among them yet.
        for batch in committing.waiting.batches:
            summary.add(self._file_batch(source, batch, on_drop))
        clock.add_to(summary.seconds)
        return summary

    def _named_again(self, unstored: _Unstored) -> tuple[list[str], dict[str, Document]]:
        """Give the documents before this commit the full names its documents taught the
        registry: an article that wrote "President Venn" alone, before one wrote "President
        Harold J Venn", is named as if it came second (`ActorRegistry.take_late_names`). Those
        waiting for the commit are renamed in place; those stored are returned by id, to be
        written again in it (no commit of their own), with the late surnames that found them."""
        if self._registry is None:
            return [], {}
        late = self._registry.take_late_names()
        renamed: dict[str, Document] = {}
        for name in late:
            for doc_id, (outcome, record, document) in unstored.documents.items():
                actors = self._registry.renamed_stored(document.actors, name)
                if actors is not None:
                    named = document.model_copy(update={"actors": actors})
                    unstored.documents[doc_id] = (outcome, record, named)
                    self._names_in_use.subtract(_names_of(document))  # what a refusal takes back
                    self._names_in_use.update(_names_of(named))
            for stored in matching_documents(self.store, SearchQuery(actors=[name])):
                if stored.id in unstored.documents:
                    continue
                document = renamed.get(stored.id, stored)  # one stored document may hold two late names
                actors = self._registry.renamed_stored(document.actors, name)
                if actors is not None:
                    renamed[stored.id] = document.model_copy(update={"actors": actors})
        for document in renamed.values():  # their names are in use: no refusal may take them back
            self._names_in_use.update(_names_of(document))
        if renamed:
            log.info("naming %d stored documents' actors by full names learnt after them", len(renamed))
        return late, renamed

    def _give_back_late_names(self, late: list[str]) -> None:
        if self._registry is not None:
            self._registry.give_back_late_names(late)

    def _file_batch(self, source: DropSource, batch: _Batch, on_drop: ProgressCallback | None) -> IngestSummary:
        clock = _StageClock()
        summary = IngestSummary(
            indexed=sum(outcome.stored for outcome in batch.outcomes), unchanged=batch.unchanged, drops=len(batch.outcomes)
        )
        for outcome in batch.outcomes:
            self._file(source, outcome, summary)
            if on_drop is not None:
                on_drop(outcome.drop)
        clock.lap("file")
        summary.seconds = dict(batch.seconds)
        clock.add_to(summary.seconds)
        return summary

    def _submit(self, chunk: _Chunk) -> Future[list[EnrichResult]]:
        texts = [record.text for _, record in chunk.records]
        try:
            return self._active.submit(texts)
        except (BrokenProcessPool, RuntimeError):  # a pool that broke, or was shut down as it broke
            self._fall_back()
            return self._active.submit(texts)

    def _enriched(self, chunk: _Chunk) -> tuple[list[EnrichResult], str]:
        """The chunk's enrichments and the model's label. If a worker process died (killed for
        memory, say), the chunk is enriched here instead, and so is the rest of the run."""
        assert chunk.enriched is not None
        try:
            return chunk.enriched.result(), self._active.model
        except BrokenProcessPool:
            self._fall_back()
            return self._active.submit([record.text for _, record in chunk.records]).result(), self._active.model

    def _fall_back(self) -> None:
        if self._pool is not None:
            log.warning("an enrichment worker process died; enriching in this process from now on")
            self._pool.close()
            self._pool = None
        self._active = self._enrichment(several_batches=False)

    def _stage_names(
        self, actors: list[Actor], works: Sequence[str], cued: Sequence[str], doc_id: str, staged: dict[str, StagedNames]
    ) -> list[Actor]:
        """Registered names for a document's actors; its own new names (and the names it read
        as works, and those a cue showed to be organisations) are used by the rest of the batch
        at once, and written only if the store keeps the document."""
        named = self.registry.canonicalize(actors)
        staged[doc_id] = self.registry.stage(named, works, cued)
        return named

    # -- filing ----------------------------------------------------------------------

    def _file(self, source: DropSource, outcome: _DropOutcome, summary: IngestSummary) -> None:
        drop = outcome.drop
        if outcome.whole_drop_error is not None:
            self._reject(source, drop, outcome.whole_drop_error, outcome.stage, None, summary)
            summary.drops_quarantined += 1
            return
        if outcome.failed and len(outcome.failed) == outcome.records:
            first = outcome.failed[0]
            if outcome.records == 1:
                whole = DropError(first.reason, first.message)
            else:
                whole = DropError(first.reason, f"none of its {outcome.records} records could be used; first: {first}")
            self._reject(source, drop, whole, _stage_of(first), None, summary)
            summary.drops_quarantined += 1
            return
        for error in outcome.failed:
            content = error.content if error.content is not None else b""
            self._reject(source, drop, error, _stage_of(error), content if error.record is not None else None, summary)
        source.mark_processed(drop)
        summary.processed.append(drop.name)

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
            path=error.path,
        )
        rejection.quarantined_as = source.quarantine(drop, rejection, content)
        log.warning("quarantined %s: %s", drop.name, error)
        summary.quarantined += 1
        summary.rejections.append(rejection)

    # -- re-enrichment -----------------------------------------------------------------

    def is_stale(self, document: Document) -> bool:
        """Made by another pipeline version or model than this one, or naming an actor a
        curation decision (`dropwire actors merge|split|rename`) has touched since."""
        return (
            document.enrichment.pipeline_version != PIPELINE_VERSION
            # Enriched before languages were detected: it may have been read by the wrong model.
            or document.language_source is None
            or document.enrichment.model != self.enricher.model_for(document.language)
            or self._names_curated_actor(document)
        )

    def settle_curated(self) -> None:
        """The curated actors this run re-enriched are done: a later reindex need not redo them."""
        if self._curated:
            from pipeline.actors.curation import clear_curated

            clear_curated(self.settings.state_path, self._curated)

    def _names_curated_actor(self, document: Document) -> bool:
        if self._curated is None:
            from pipeline.actors.curation import curated_keys

            self._curated = curated_keys(self.settings.state_path)
        if not self._curated:
            return False
        from pipeline.actors.keys import alias_key

        return any(
            alias_key(name) in self._curated for actor in document.actors for name in (actor.name, *actor.aliases)
        )

    def reenrich(self, documents: Iterable[Document], *, everything: bool = False) -> Iterator[Document]:
        """Documents enriched again with this pipeline and model, batch by batch, same ids.

        Only stale documents are redone, unless `everything`. A document that fails keeps
        its old enrichment (it is logged), so a reindex never loses it. The actor names of
        redone documents are recorded once the caller has stored them (`record_actor_names`).
        """
        from pipeline.enrich import Text
        from pipeline.enrich.workers import enrich_texts

        iterator = iter(documents)
        while batch := list(itertools.islice(iterator, self.settings.nlp_batch_size * 4)):
            stale = [document for document in batch if everything or self.is_stale(document)]
            # The stored language counts as metadata unless it was detected (the text decides again).
            texts = [
                Text(
                    document.body,
                    document.title,
                    document.published_at,
                    document.language if document.language_source is not LanguageSource.TEXT else None,
                )
                for document in stale
            ]
            enriched = zip(stale, enrich_texts(self.enricher, texts), strict=True)
            inputs = {document.id: (document, enrichments) for document, enrichments in enriched}

            def rebuild(doc_id: str) -> Document | DropError:
                document, enrichments = inputs[doc_id]
                if isinstance(enrichments, DropError):
                    return enrichments
                try:
                    return rebuild_document(
                        document,
                        enrichments,
                        model=self.enricher.model,
                        name_actors=lambda actors, works, cued: self._stage_names(actors, works, cued, doc_id, self._redone),
                    )
                except ValidationError as error:
                    return DropError(RejectionReason.INVALID_DOCUMENT, first_error(error))

            redone: dict[str, Document] = {}
            for doc_id in inputs:
                rebuilt = rebuild(doc_id)
                if isinstance(rebuilt, DropError):
                    log.warning("kept the old enrichment of %s: %s", doc_id[:12], rebuilt)
                else:
                    redone[doc_id] = rebuilt
            for doc_id, error in self._claim_names(redone, self._redone, rebuild, self._redone_claims).items():
                log.warning("kept the old enrichment of %s: %s", doc_id[:12], error)
            for document in redone.values():
                self._redone_names[document.id] = names = _names_of(document)
                self._names_in_use.update(names)
            yield from (redone.get(document.id, document) for document in batch)

    def record_actor_names(self, stored: Iterable[str], refused: Iterable[str] = ()) -> None:
        """Record the actor names `reenrich` staged, for the documents the store has committed;
        take back the names claimed for the `refused` ones (or for all of a reindex that failed)."""
        stored, refused = list(stored), [doc_id for doc_id in refused if doc_id in self._redone_names]
        self.registry.record(staged for doc_id in stored if (staged := self._redone.pop(doc_id, None)) is not None)
        if refused:
            claims = [row for doc_id in refused for row in self._redone_claims.get(doc_id, [])]
            self._release_names(claims, [self._redone_names[doc_id] for doc_id in refused])
        for doc_id in [*stored, *refused]:
            self._redone.pop(doc_id, None)
            self._redone_claims.pop(doc_id, None)
            self._redone_names.pop(doc_id, None)


def _names_of(document: Document) -> set[str]:
    return {actor.name for actor in document.actors}


class _StageClock:
    """Wall time per stage of a batch, for summaries and benchmarks."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self._last
        self._last = now

    def restart(self) -> None:
        """Count nothing since the last lap (a step that timed itself)."""
        self._last = time.perf_counter()

    def add_to(self, seconds: dict[str, float]) -> None:
        """Add this clock's stages to a summary's or a batch's."""
        for stage, lapped in self.seconds.items():
            seconds[stage] = seconds.get(stage, 0.0) + lapped


def _stage_of(error: DropError) -> str:
    return {
        RejectionReason.INVALID_DOCUMENT: "validate",
        RejectionReason.ENRICHMENT_FAILED: "enrich",
        RejectionReason.STORE_REJECTED: "store",
    }.get(error.reason, "extract")


def _marking_last(batches: Iterable[list[Drop]]) -> Iterator[tuple[list[Drop], bool]]:
    """Each batch, and whether it is the last."""
    iterator = iter(batches)
    current = next(iterator, None)
    while current is not None:
        following = next(iterator, None)
        yield current, following is None
        current = following
