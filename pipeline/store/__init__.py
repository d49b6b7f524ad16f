"""Stores hold the archive behind one small interface; `open_store` picks one from settings.

Every store is a context manager (`with open_store(settings) as store: ...` closes it) and
answers `ensure_ready`, which creates what it needs before the first write. Rebuilding an
archive (fill a new generation, check its count, switch to it) is written once, in
`pipeline.store.rebuild`, over three small steps each store provides.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from types import TracebackType
from typing import Protocol, runtime_checkable

from pipeline.errors import DropwireError
from pipeline.models import Document
from pipeline.search import Facets, SearchHit, SearchQuery, SearchResults
from pipeline.settings import Settings
from pipeline.store.actor_registry import RegistryBackend

# Documents per write while rebuilding, and characters of a hit's snippet: one value for every store.
WRITE_BATCH_DOCUMENTS = 500
SNIPPET_CHARS = 240
# Spellings of one actor an actor page lists, at most.
ACTOR_ALIASES = 1000


@dataclass(frozen=True, slots=True)
class ActorMonth:
    """One month of an actor: documents naming it, its mentions there, the sum of its tone
    over the documents whose tone was analysed (`toned` of them)."""

    month: str
    documents: int
    mentions: int
    tone_sum: float
    toned: int


@dataclass(frozen=True, slots=True)
class ActorOverview:
    """One actor over the whole archive, as its page shows it, from aggregations: the
    documents naming it (the first hits, their actors and themes), and what those documents
    say of the actor itself: documents per kind it was given, per spelling, per month."""

    documents: int
    hits: list[SearchHit]
    facets: Facets
    kinds: dict[str, int]
    aliases: dict[str, int]
    months: list[ActorMonth]


@dataclass(frozen=True, slots=True)
class WriteFailure:
    """One document the store refused (a mapping conflict, say): it goes to quarantine."""

    doc_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class ReindexReport:
    source: str
    target: str
    documents: int
    failures: list[WriteFailure]

    def as_dict(self) -> dict[str, object]:
        """JSON-able, for an Airflow task's XCom and logs."""
        return {
            "source": self.source,
            "target": self.target,
            "documents": self.documents,
            "failures": [{"id": failure.doc_id, "reason": failure.reason} for failure in self.failures],
        }


# Re-enrichment hook for reindex: documents in, (re-enriched) documents out, in batches.
DocumentTransform = Callable[[Iterable[Document]], Iterator[Document]]


class Generation(Protocol):
    """A new, still invisible copy of the archive that a rebuild fills before switching to it."""

    name: str

    def write(self, documents: Sequence[Document]) -> list[WriteFailure]: ...

    def count(self) -> int:
        """Documents written so far, once they are durable."""


@runtime_checkable
class Store(Protocol):
    """What every backend answers. Writes are durable and searchable when `upsert` returns."""

    def ensure_ready(self) -> None:
        """Create what the store needs before the first write (idempotent)."""

    def upsert(self, documents: Sequence[Document]) -> list[WriteFailure]:
        """Add or replace documents by id; returns the ones the store refused.

        A store that cannot be reached raises StoreError after its own retries."""

    def begin_upsert(self, documents: Sequence[Document]) -> Future[list[WriteFailure]]:
        """`upsert`, whose wait for the documents to be durable is the caller's: the future
        gives what `upsert` returns (or raises what it raises) once they are durable and
        searchable. A store whose commit runs outside Python (tantivy's) lets the caller go on
        meanwhile, and its next write waits for that commit; others write at once."""

    def prepare_upsert(self, documents: Sequence[Document]) -> None:
        """Hand over documents a later `begin_upsert` will write, so a store that indexes
        them in threads of its own (tantivy) does so while the caller goes on. Nothing
        prepared is visible or durable before that write, and only what it names is kept.
        Never raises: a document the store cannot take now is taken, or refused, by the write."""

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        """The subset of `ids` already stored."""

    def get(self, doc_id: str) -> Document | None: ...

    def ids_starting_with(self, prefix: str, *, limit: int) -> list[str]:
        """Up to `limit` stored document ids that start with `prefix` (lowercase hex), in no
        particular order: how a short id is read (pipeline.document_ids)."""

    def delete(self, doc_id: str) -> bool:
        """Remove one document; False when it was not there."""

    def count(self) -> int: ...

    def search(self, query: SearchQuery) -> SearchResults: ...

    def documents(self) -> Iterator[Document]:
        """Every stored document, in no particular order."""

    def reindex(self, transform: DocumentTransform | None = None) -> ReindexReport:
        """Rebuild the archive into a new index (through `transform`), then switch to it at once."""

    def actor_overview(self, name: str, *, hits: int = 20) -> ActorOverview:
        """One actor (by canonical name) from aggregations: no document is read beyond the
        `hits` shown, so an actor page costs about the same at any archive size. Facets:
        the 20 most frequent actors and themes of the documents naming it."""

    def actor_registry(self) -> RegistryBackend:
        """Where the archive keeps its canonical actor names (pipeline.registry), shared by
        every process writing to it; opened on first use, closed with the store. A rebuild
        leaves it as it is."""

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc_info: object) -> None: ...


class StoreBase(ABC):
    """What every store shares: closing as a context manager, nothing to prepare by default,
    and the one rebuild loop over `_new_generation`, `_switch_to` and `_discard`."""

    def __enter__(self) -> StoreBase:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def ensure_ready(self) -> None:
        """Nothing to prepare unless a store says otherwise."""

    @abstractmethod
    def upsert(self, documents: Sequence[Document]) -> list[WriteFailure]: ...

    def begin_upsert(self, documents: Sequence[Document]) -> Future[list[WriteFailure]]:
        """Writes at once unless a store says otherwise: the future is already done."""
        return finished_write(self.upsert(documents))

    def prepare_upsert(self, documents: Sequence[Document]) -> None:
        """Nothing to do ahead of the write unless a store says otherwise."""

    def _copy_unchanged(self, generation: Generation) -> list[WriteFailure] | None:
        """No server-side copy unless a store has one: the rebuild loop copies document by document."""
        return None

    @abstractmethod
    def close(self) -> None:
        """Release the store's resources (an index writer, a client)."""

    def reindex(self, transform: DocumentTransform | None = None) -> ReindexReport:
        from pipeline.store.rebuild import rebuild

        return rebuild(self, transform)  # type: ignore[arg-type]


def finished_write(failures: list[WriteFailure]) -> Future[list[WriteFailure]]:
    """A write that is already durable, as `begin_upsert` answers it."""
    future: Future[list[WriteFailure]] = Future()
    future.set_result(failures)
    return future


class ArchiveNotFound(DropwireError):
    """A command that only reads was pointed at an archive that does not exist yet."""


def open_store(settings: Settings, *, create: bool = True, existing: bool = False) -> Store:
    """The store the settings name. With `create=False` (commands that only read), or with
    `existing` (commands that rewrite what is there), an embedded archive that does not exist
    yet is an ArchiveNotFound error instead of a new empty one."""
    if settings.store == "tantivy":
        from pipeline.store.tantivy import TantivyStore

        if (existing or not create) and not (settings.index_dir / "meta.json").exists():
            raise ArchiveNotFound(
                f"there is no archive in {settings.data_dir} yet: fill it with `dropwire ingest PATH` "
                "(or try `dropwire demo`), or point --data-dir / DROPWIRE_DATA_DIR at an existing one"
            )
        from pipeline.store.tantivy import recorded_languages

        # A command that only reads takes the index as it was built (no language table to
        # read, and a changed table never rewrites the index under a search).
        languages = recorded_languages(settings.index_dir) if not create else None
        if languages is None:
            from pipeline.languages import languages_table

            analyzers = languages_table(settings.languages_file).search_analyzers()
            languages = {code: analyzer.tantivy for code, analyzer in analyzers.items()}
        return TantivyStore(
            settings.index_dir,
            writer_heap_bytes=settings.index_writer_heap_bytes,
            languages=languages,
            registry_path=settings.state_path,
        )
    if settings.store == "elasticsearch":
        from pipeline.store.elasticsearch import ElasticsearchStore

        return ElasticsearchStore.from_settings(settings)
    raise ValueError(f"unknown store {settings.store!r}")
