"""Two workers that meet one actor in two spellings at the same moment store it under one name.

Two Ingestors stand for two workers: each has its own index, and both share the archive's
registry table. A registry double runs the other worker's whole ingest at the worst moment
for the first: after it has named its documents, before its claim reaches the archive.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.actors.keys import alias_key
from pipeline.ingest import Ingestor
from pipeline.models import ActorKind
from pipeline.settings import Settings
from pipeline.sources.local import LocalFolder
from pipeline.store.actor_registry import SqliteActorTable
from pipeline.store.tantivy import TantivyStore
from tests.store_doubles import WrappedStore

HYPHENATED, SPACED = "Marit Okonkwo-Lindqvist", "Marit Okonkwo Lindqvist"


class InterruptedTable:
    """The shared registry table, except that `interrupt` runs once, just before this
    worker's first write of names."""

    def __init__(self, inner: SqliteActorTable, interrupt: Callable[[], None]) -> None:
        self.inner = inner
        self._interrupt: Callable[[], None] | None = interrupt
        self.writes: list[list[tuple[str, str, str]]] = []

    def add_names(self, names, **options):
        if self._interrupt is not None:
            interrupt, self._interrupt = self._interrupt, None
            interrupt()
        self.writes.append(list(names))
        return self.inner.add_names(names, **options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class WorkerStore(WrappedStore):
    """A worker's own index, over the registry table the workers share."""

    def __init__(self, inner: TantivyStore, table: SqliteActorTable | InterruptedTable) -> None:
        super().__init__(inner)
        self.table = table

    def actor_registry(self):
        return self.table


def inbox_of(root: Path, spelling: str, count: int) -> Path:
    root.mkdir(parents=True)
    towns = ["Tromso", "Bodo", "Narvik", "Alta"]
    for number in range(count):
        (root / f"wire-{number}.txt").write_text(
            f"Harbour wire {root.name} {number}\nFisheries minister {spelling} told reporters in {towns[number]} on Tuesday"
            f" that port fees would rise. {spelling} spoke for an hour.\n"
        )
    return root


def names_for(store: TantivyStore, spelling: str) -> list[str]:
    """The name each stored document gives the actor written `spelling`."""
    wanted = alias_key(spelling)
    found = []
    for document in store.documents():
        matching = [actor for actor in document.actors if wanted in {alias_key(s) for s in (actor.name, *actor.aliases)}]
        assert len(matching) == 1, (document.title, document.actors)
        assert matching[0].kind is ActorKind.PERSON
        found.append(matching[0].name)
    return found


def test_a_worker_that_loses_a_name_to_another_names_its_documents_again_before_storing_them(
    settings: Settings, enricher, tmp_path: Path
) -> None:
    shared = tmp_path / "archive-registry.sqlite3"
    other_settings = settings.model_copy(update={"data_dir": tmp_path / "other"})
    first_index = TantivyStore(tmp_path / "first-index", writer_heap_bytes=20_000_000)
    other_index = TantivyStore(tmp_path / "other-index", writer_heap_bytes=20_000_000)
    other_table = SqliteActorTable(shared)

    def other_worker_ingests() -> None:
        other = Ingestor(other_settings, WorkerStore(other_index, other_table), enricher=enricher)
        assert other.ingest(LocalFolder(inbox_of(tmp_path / "other-inbox", HYPHENATED, 2))).indexed == 2

    first_table = InterruptedTable(SqliteActorTable(shared), other_worker_ingests)
    try:
        first = Ingestor(settings, WorkerStore(first_index, first_table), enricher=enricher)
        summary = first.ingest(LocalFolder(inbox_of(tmp_path / "first-inbox", SPACED, 3)), batch_drops=3)
        assert (summary.indexed, summary.quarantined) == (3, 0)
        assert first_table.writes and SPACED in {name for _, name, _ in first_table.writes[0]}, "it had claimed its own spelling"
        # The other worker claimed the key first: the first names its three documents again with
        # that name, and casts no kind vote for the spelling that lost.
        assert names_for(other_index, HYPHENATED) == [HYPHENATED] * 2
        assert names_for(first_index, SPACED) == [HYPHENATED] * 3
        votes = {(name, kind): count for name, kind, count in SqliteActorTable(shared).changes(None).votes}
        assert votes[(HYPHENATED, "person")] == 5
        assert not [vote for vote in votes if vote[0] == SPACED]
    finally:
        first_index.close()
        other_index.close()
        other_table.close()


def test_a_worker_that_claimed_a_name_first_gives_it_to_the_other(settings: Settings, enricher, tmp_path: Path) -> None:
    shared = tmp_path / "archive-registry.sqlite3"
    first_index = TantivyStore(tmp_path / "first-index", writer_heap_bytes=20_000_000)
    other_index = TantivyStore(tmp_path / "other-index", writer_heap_bytes=20_000_000)
    first_table, other_table = SqliteActorTable(shared), SqliteActorTable(shared)

    class InterruptedStore(WorkerStore):
        """Runs the other worker's ingest once this worker's first documents are built and
        named, before any of them is stored."""

        def prepare_upsert(self, documents) -> None:
            if not getattr(self, "interrupted", False):
                self.interrupted = True
                other = Ingestor(
                    settings.model_copy(update={"data_dir": tmp_path / "other"}),
                    WorkerStore(other_index, other_table),
                    enricher=enricher,
                )
                assert other.ingest(LocalFolder(inbox_of(tmp_path / "other-inbox", HYPHENATED, 2))).indexed == 2

    try:
        first = Ingestor(settings, InterruptedStore(first_index, first_table), enricher=enricher)
        assert first.ingest(LocalFolder(inbox_of(tmp_path / "first-inbox", SPACED, 3)), batch_drops=3).indexed == 3
        assert names_for(first_index, SPACED) == [SPACED] * 3
        assert names_for(other_index, HYPHENATED) == [SPACED] * 2
    finally:
        first_index.close()
        other_index.close()
        first_table.close()
        other_table.close()
