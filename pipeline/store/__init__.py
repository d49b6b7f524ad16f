"""Stores hold the archive behind one small interface; `open_store` picks one from settings."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from pipeline.models import Document
from pipeline.search import SearchQuery, SearchResults
from pipeline.settings import Settings


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


# Re-enrichment hook for reindex: documents in, (re-enriched) documents out, in batches.
DocumentTransform = Callable[[Iterable[Document]], Iterator[Document]]


@runtime_checkable
class Store(Protocol):
    """What every backend answers. Writes are durable and searchable when `upsert` returns."""

    def upsert(self, documents: Sequence[Document]) -> list[WriteFailure]:
        """Add or replace documents by id; returns the ones the store refused.

        A store that cannot be reached raises StoreError after its own retries."""

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        """The subset of `ids` already stored."""

    def get(self, doc_id: str) -> Document | None: ...

    def delete(self, doc_id: str) -> bool:
        """Remove one document; False when it was not there."""

    def count(self) -> int: ...

    def search(self, query: SearchQuery) -> SearchResults: ...

    def documents(self) -> Iterator[Document]:
        """Every stored document, in no particular order."""

    def reindex(self, transform: DocumentTransform | None = None) -> ReindexReport:
        """Rebuild the archive into a new index (through `transform`), then switch to it at once."""

    def close(self) -> None: ...


def open_store(settings: Settings) -> Store:
    if settings.store == "tantivy":
        from pipeline.store.tantivy import TantivyStore

        return TantivyStore(settings.index_dir, writer_heap_bytes=settings.index_writer_heap_bytes)
    if settings.store == "elasticsearch":
        from pipeline.store.elasticsearch import ElasticsearchStore

        return ElasticsearchStore.from_settings(settings)
    raise ValueError(f"unknown store {settings.store!r}")
