"""The base of the test doubles that wrap a real store to fail, refuse or count its writes."""

from __future__ import annotations

from pipeline.store import StoreBase


class WrappedStore(StoreBase):
    """Writes at once, as `StoreBase.begin_upsert` does; the wrapped store is closed by its fixture."""

    def close(self) -> None:
        pass
