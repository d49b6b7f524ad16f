"""Stores hold the archive behind one small interface; `open_store` picks one from settings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

from pipeline.models import Document
from pipeline.search import SearchQuery, SearchResults
from pipeline.settings import Settings


@runtime_checkable
class Store(Protocol):
    """What every backend answers. Writes are durable when `upsert` returns."""

    def upsert(self, documents: Sequence[Document]) -> None:
        """Add or replace documents by id, and make them durable and searchable."""

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        """The subset of `ids` already stored."""

    def get(self, doc_id: str) -> Document | None: ...

    def delete(self, doc_id: str) -> bool:
        """Remove one document; False when it was not there."""

    def count(self) -> int: ...

    def search(self, query: SearchQuery) -> SearchResults: ...

    def close(self) -> None: ...


def open_store(settings: Settings) -> Store:
    if settings.store == "tantivy":
        from pipeline.store.tantivy import TantivyStore

        return TantivyStore(settings.index_dir, writer_heap_bytes=settings.index_writer_heap_bytes)
    raise ValueError(f"unknown store {settings.store!r}")
