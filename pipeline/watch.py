"""Ingest each file as it lands in a folder (new or moved in), until told to stop."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from watchfiles import Change, watch

from pipeline.ingest import Ingestor, IngestSummary
from pipeline.sources.local import LocalFolder, is_candidate

# Low enough that a drop is searchable within a second, high enough to batch a burst.
DEBOUNCE_MS = 150
STEP_MS = 25


def watch_folder(
    folder: LocalFolder,
    ingestor: Ingestor,
    *,
    stop: threading.Event | None = None,
    on_batch: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Ingest what is already there, then every file that appears; returns the totals on stop."""
    total = IngestSummary()
    stop = stop or threading.Event()
    folder.root.mkdir(parents=True, exist_ok=True)

    def run(drops: list[Path] | None) -> None:
        summary = ingestor.ingest(folder, None if drops is None else folder.drops_for(drops))
        total.add(summary)
        if on_batch is not None and summary.drops:
            on_batch(summary)

    run(None)
    ignored = (folder.processed_dir, folder.quarantine_dir)
    for changes in watch(
        folder.root,
        stop_event=stop,
        debounce=DEBOUNCE_MS,
        step=STEP_MS,
        watch_filter=lambda change, path: change is not Change.deleted and _wanted(Path(path), ignored),
        rust_timeout=200,
        yield_on_timeout=False,
    ):
        landed = sorted({file for _, path in changes for file in _files_at(Path(path), ignored)})
        if landed:
            run(landed)
    return total


def _files_at(path: Path, ignored: tuple[Path, ...]) -> list[Path]:
    """A landed file, or every file in a landed folder: files written into a new folder
    before the watch on it starts raise no event of their own."""
    if path.is_file():
        return [path]
    if path.is_dir():
        return [file for file in sorted(path.rglob("*")) if file.is_file() and _wanted(file, ignored)]
    return []


def _wanted(path: Path, ignored: tuple[Path, ...]) -> bool:
    return is_candidate(path) and not any(path.is_relative_to(directory) for directory in ignored)
