"""Rebuild an archive: fill a new generation, check that nothing went missing, switch at once.

One loop for every store. A store gives three steps: `_new_generation()` (an empty copy that
searches do not see), `_switch_to(generation)` (atomic for readers) and `_discard(generation)`,
and may offer a fourth, `_copy_unchanged(generation)`, a copy made by the server itself when
no document needs transforming (None: the store has none, and the loop copies).

The archive is counted after `_new_generation`, which may stop writes to the current copy
(Elasticsearch does), so the count cannot move while the copy is made.
"""

from __future__ import annotations

import itertools
from typing import Protocol

from pipeline.errors import StoreError
from pipeline.store import WRITE_BATCH_DOCUMENTS, DocumentTransform, Generation, ReindexReport, Store, WriteFailure


class Rebuildable(Store, Protocol):
    def _new_generation(self) -> Generation: ...

    def _switch_to(self, generation: Generation) -> tuple[str, str]:
        """Make `generation` the archive; returns (the one it replaced, where the archive is now)."""

    def _discard(self, generation: Generation) -> None: ...

    def _copy_unchanged(self, generation: Generation) -> list[WriteFailure] | None: ...


def rebuild(store: Rebuildable, transform: DocumentTransform | None = None) -> ReindexReport:
    """Copy every document (through `transform`) into a new generation and switch to it.

    The switch happens only when every document is accounted for: written, or refused by
    the store with a reason. Otherwise the new generation is discarded and the archive is
    left as it was.
    """
    store.ensure_ready()
    generation = store._new_generation()
    failures: list[WriteFailure] = []
    try:
        expected = store.count()
        copied = store._copy_unchanged(generation) if transform is None else None
        if copied is not None:
            failures += copied
        else:
            documents = store.documents() if transform is None else transform(store.documents())
            while batch := list(itertools.islice(documents, WRITE_BATCH_DOCUMENTS)):
                failures += generation.write(batch)
        written = generation.count()
    except BaseException:
        store._discard(generation)
        raise
    if written + len(failures) != expected or (expected and not written):
        store._discard(generation)
        raise StoreError(
            f"reindex wrote {written} of {expected} documents ({len(failures)} refused) into {generation.name}; "
            "nothing was switched"
        )
    source, target = store._switch_to(generation)
    return ReindexReport(source=source, target=target, documents=written, failures=failures)
