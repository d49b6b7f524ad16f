"""`watch_folder` in this process: no file that lands goes unnoticed, whatever the events do."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import pipeline.watch as watch_module
from pipeline.ingest import Ingestor, IngestSummary
from pipeline.sources.local import LocalFolder
from pipeline.watch import SETTLE_SECONDS, unannounced, watch_folder

ARTICLE = "Harbour cranes idle in Valdora\nDock workers in Valdora stopped the cranes on Monday over unpaid overtime.\n"


def _landed(staging: Path, inbox: Path, name: str, text: str = ARTICLE) -> Path:
    """Write elsewhere, then move in, as a file manager does."""
    staged = staging / name
    staged.write_text(text)
    target = inbox / name
    os.replace(staged, target)
    return target


def _processed(inbox: Path, name: str, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if (inbox / "processed" / name).exists():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    staging, inbox = tmp_path / "staging", tmp_path / "inbox"
    staging.mkdir()
    inbox.mkdir()
    return staging, inbox


def _watch_while(scenario: Callable[[], None], folder: LocalFolder, ingestor: Ingestor, **options: object) -> None:
    """Watch in this thread (the store's connections belong to it) while `scenario` runs in
    another; stop when it ends and raise what it raised."""
    stop = threading.Event()
    failures: list[BaseException] = []

    def play() -> None:
        try:
            scenario()
        except BaseException as failure:  # re-raised below, in the test's own thread
            failures.append(failure)
        finally:
            stop.set()

    player = threading.Thread(target=play, daemon=True)
    player.start()
    watch_folder(folder, ingestor, stop=stop, **options)
    player.join(timeout=30)
    if failures:
        raise failures[0]


def test_a_file_landing_while_the_first_listing_is_ingested_is_ingested_too(
    folders: tuple[Path, Path], ingestor: Ingestor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The start-up race behind a latency run that waited 300 s for its second drop: the folder
    is listed and ingested before the watch starts, so a file landing in between raises no
    event. Before the sweep it sat in the inbox for good."""
    staging, inbox = folders
    _landed(staging, inbox, "first.txt")
    real_ingest = ingestor.ingest
    calls = 0

    def ingest_then_land(*args: object, **kwargs: object) -> IngestSummary:
        nonlocal calls
        calls += 1
        summary = real_ingest(*args, **kwargs)
        if calls == 1:
            _landed(staging, inbox, "second.txt", ARTICLE.replace("Monday", "Tuesday"))
        return summary

    monkeypatch.setattr(ingestor, "ingest", ingest_then_land)

    def scenario() -> None:
        assert _processed(inbox, "first.txt", within=60)
        assert _processed(inbox, "second.txt", within=20), "the file that landed during the first listing was never ingested"

    _watch_while(scenario, LocalFolder(inbox), ingestor, sweep_ms=200)


def test_a_file_whose_event_is_lost_is_found_by_the_idle_sweep(
    folders: tuple[Path, Path], ingestor: Ingestor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """watchfiles drops an event that arrives as its wait times out, and inotify's queue can
    overflow: here every change is lost, and the sweep alone must find the file."""
    staging, inbox = folders
    real_watch = watch_module.watch

    def watch_losing_every_event(*args: object, **kwargs: object) -> Iterator[set[object]]:
        for _ in real_watch(*args, **kwargs):
            yield set()

    monkeypatch.setattr(watch_module, "watch", watch_losing_every_event)
    batches: list[IngestSummary] = []

    def scenario() -> None:
        time.sleep(1)  # past the first listing, which would find it otherwise
        _landed(staging, inbox, "unannounced.txt")
        assert _processed(inbox, "unannounced.txt", within=30), "a file no event announced stayed in the inbox"
        time.sleep(1)  # further sweeps must not hand it in again

    _watch_while(scenario, LocalFolder(inbox), ingestor, on_batch=batches.append, sweep_ms=200)
    assert [name for batch in batches for name in batch.processed] == ["unannounced.txt"]


def test_a_sweep_takes_settled_files_it_has_not_handed_in_as_they_are() -> None:
    now = 1_000_000.0
    old, fresh = int((now - 10) * 1e9), int((now - SETTLE_SECONDS / 2) * 1e9)
    present = {
        Path("/inbox/new.txt"): (10, old),
        Path("/inbox/half-written.txt"): (10, fresh),
        Path("/inbox/handed.txt"): (10, old),
        Path("/inbox/rewritten.txt"): (12, old),
    }
    handed = {Path("/inbox/handed.txt"): (10, old), Path("/inbox/rewritten.txt"): (10, old - 5)}
    assert unannounced(present, handed, now=now) == [Path("/inbox/new.txt"), Path("/inbox/rewritten.txt")]
