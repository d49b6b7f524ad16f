"""The embedded store indexes documents handed over while a commit ran once that commit ends,
and nothing it prepares is durable before the write that names it."""

from __future__ import annotations

import threading
from pathlib import Path

from conftest import corpus
from pipeline.store.tantivy import TantivyStore


def hold_commits(store: TantivyStore) -> threading.Event:
    """Make the store's commits wait until the returned event is set."""
    release = threading.Event()
    commit = store._commit

    def held(writer):
        assert release.wait(timeout=30), "the test never let the commit end"
        return commit(writer)

    store._commit = held
    return release


def test_documents_handed_over_during_a_commit_are_indexed_once_it_ends(tmp_path: Path) -> None:
    first, second, third, fourth = corpus()
    store = TantivyStore(tmp_path / "index")
    release = hold_commits(store)
    running = store.begin_upsert([first])
    store.prepare_upsert([second])  # the writer is busy: it waits, and the caller does not
    assert not running.done() and store._prepared == {}
    release.set()
    assert running.result() == []
    store.prepare_upsert([third])
    # The one that waited is in the writer now, beside the next: the next commit need not index it.
    assert set(store._prepared) == {second.id, third.id}
    assert store.begin_upsert([second, third, fourth]).result() == []
    assert store.existing_ids([d.id for d in corpus()]) == {first.id, second.id, third.id, fourth.id}
    assert store.count() == 4 and store.get(second.id) == second
    store.close()


def test_a_run_that_stops_between_commits_keeps_the_committed_ones_and_nothing_prepared(tmp_path: Path) -> None:
    first, second, third, _ = corpus()
    store = TantivyStore(tmp_path / "index")
    release = hold_commits(store)
    running = store.begin_upsert([first])
    store.prepare_upsert([second])
    release.set()
    running.result()
    store.prepare_upsert([third])
    store.close()  # stopped before the write that would name second and third
    reopened = TantivyStore(tmp_path / "index")
    assert reopened.existing_ids([d.id for d in corpus()]) == {first.id}
    assert reopened.count() == 1
    reopened.close()


def test_a_write_that_names_only_some_waiting_documents_keeps_only_those(tmp_path: Path) -> None:
    first, second, third, _ = corpus()
    store = TantivyStore(tmp_path / "index")
    release = hold_commits(store)
    running = store.begin_upsert([first])
    store.prepare_upsert([second, third])
    release.set()
    running.result()
    assert store.begin_upsert([third]).result() == []
    assert store.existing_ids([d.id for d in corpus()]) == {first.id, third.id}
    store.close()
