"""The base of the test doubles that wrap a real store to fail, refuse or count its writes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pipeline.models import Document
from pipeline.store import StoreBase, WriteFailure
from pipeline.store.tantivy import TantivyStore


class WrappedStore(StoreBase):
    """Reads and writes go to the real store; writes end at once, as `StoreBase.begin_upsert`
    has them. The real store is closed by its fixture."""

    def __init__(self, inner: TantivyStore) -> None:
        self.inner = inner

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        return self.inner.existing_ids(ids)

    def upsert(self, documents: Sequence[Document]) -> list[WriteFailure]:
        return self.inner.upsert(documents)

    def close(self) -> None:
        pass
