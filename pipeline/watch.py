"""Ingest each file as it lands in a folder (new or moved in), until told to stop."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from watchfiles import Change, watch

from pipeline.ingest import Ingestor, IngestSummary
from pipeline.sources.local import LocalFolder, is_candidate

# Low enough that a drop is searchable within a second, high enough to batch a burst.
DEBOUNCE_MS = 150
STEP_MS = 25
# How often an idle watcher looks over the folder for files no event announced. watchfiles
# drops an event that arrives as its wait times out, and inotify's queue overflows in a large
# burst: a sweep finds such a file within a second or two instead of never.
SWEEP_MS = 1000
# A file written this recently is left to its own event or the next sweep: it may be half-written.
SETTLE_SECONDS = 1.0

Signature = tuple[int, int]


def watch_folder(
    folder: LocalFolder,
    ingestor: Ingestor,
    *,
    stop: threading.Event | None = None,
    on_batch: Callable[[IngestSummary], None] | None = None,
    sweep_ms: int = SWEEP_MS,
) -> IngestSummary:
    """Ingest what is already there, then every file that appears; returns the totals on stop.

    A file that lands while the first listing is ingested, before the watch starts, raises
    no event: the first idle sweep finds it."""
    total = IngestSummary()
    stop = stop or threading.Event()
    folder.root.mkdir(parents=True, exist_ok=True)
    handed: dict[Path, Signature] = {}

    def run(paths: list[Path]) -> None:
        handed.update(signatures(paths))
        summary = ingestor.ingest(folder, folder.drops_for(paths))
        total.add(summary)
        if on_batch is not None and summary.drops:
            on_batch(summary)

    run(list(folder.files()))
    ignored = (folder.processed_dir, folder.quarantine_dir)
    for changes in watch(
        folder.root,
        stop_event=stop,
        debounce=DEBOUNCE_MS,
        step=STEP_MS,
        watch_filter=lambda change, path: change is not Change.deleted and _wanted(Path(path), ignored),
        rust_timeout=sweep_ms,
        yield_on_timeout=True,
    ):
        if changes:
            landed = sorted({file for _, path in changes for file in _files_at(Path(path), ignored)})
        else:
            present = signatures(folder.files())
            landed = unannounced(present, handed, now=time.time())
            handed = {path: signature for path, signature in handed.items() if path in present}
        if landed:
            run(landed)
    return total


def signatures(paths: Iterable[Path]) -> dict[Path, Signature]:
    """Size and modification time (ns) of each path that still exists."""
    found: dict[Path, Signature] = {}
    for path in paths:
        try:
            stat = path.lstat()
        except OSError:
            continue
        found[path] = (stat.st_size, stat.st_mtime_ns)
    return found


def unannounced(present: dict[Path, Signature], handed: dict[Path, Signature], *, now: float) -> list[Path]:
    """The files a sweep should ingest: not handed in as they are now, and settled."""
    return sorted(
        path
        for path, signature in present.items()
        if handed.get(path) != signature and now - signature[1] / 1e9 >= SETTLE_SECONDS
    )


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
