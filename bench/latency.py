"""Drop-to-searchable latency of `dropwire watch`, p50 and p95.

    python bench/latency.py [--drops 100]

Starts `dropwire watch` on a fresh inbox, moves drops in one at a time (as a file manager
does) and times each until a reader in this process finds it. The baseline, in the same
process, ingests one drop directly with `pipeline.ingest` (no watcher): the ratio shows
what watching adds. Ends with `p95_drop_to_searchable_s: X (target <= 1.0)`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import load  # noqa: E402
from pipeline.ingest import Ingestor  # noqa: E402
from pipeline.search import SearchQuery  # noqa: E402
from pipeline.settings import Settings  # noqa: E402
from pipeline.sources.local import LocalFolder  # noqa: E402
from pipeline.store.tantivy import TantivyStore  # noqa: E402

TARGET = 1.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def found(store: TantivyStore, marker: str) -> bool:
    store.index.reload()
    return store.search(SearchQuery(text=marker, limit=0)).total > 0


def _tail(log: Path) -> str:
    """The end of what the watcher wrote to its standard error."""
    return log.read_text("utf-8", errors="replace")[-2000:]


def _whereabouts(inbox: Path, name: str) -> str:
    """Where a drop the watcher never indexed has gone: still waiting, filed or quarantined."""
    places = [str(path.relative_to(inbox)) for path in sorted(inbox.rglob(f"{Path(name).stem}*"))]
    return f"{name} is at {', '.join(places)}" if places else f"{name} is nowhere under the inbox"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--drops", type=int, default=100)
    arguments = parser.parse_args()
    articles, source = load(arguments.drops + 5)
    workdir = Path(tempfile.mkdtemp(prefix="dropwire-latency-"))
    staging, inbox, data = workdir / "staging", workdir / "inbox", workdir / "data"
    for folder in (staging, inbox):
        folder.mkdir()

    def drop(number: int) -> tuple[Path, str]:
        article = articles[number]
        marker = f"zqmarker{number:05d}"
        path = staging / f"{number:05d}.txt"
        path.write_text(f"{article.title}\n{article.body}\n{marker}\n")
        return path, marker

    # Baseline: one drop straight through pipeline.ingest, in this process.
    settings = Settings(_env_file=None, data_dir=workdir / "baseline")
    store = TantivyStore(settings.index_dir)
    ingestor = Ingestor(settings, store)
    direct_inbox = workdir / "direct"
    direct_inbox.mkdir()
    direct: list[float] = []
    for number in range(5):
        path, marker = drop(arguments.drops + number)
        target = direct_inbox / path.name
        started = time.perf_counter()
        os.replace(path, target)
        ingestor.ingest(LocalFolder(direct_inbox))
        assert found(store, marker)
        direct.append(time.perf_counter() - started)
    store.close()

    environment = {**os.environ, "DROPWIRE_DATA_DIR": str(data)}
    dropwire = str(Path(sys.executable).with_name("dropwire"))
    # Its standard error goes to a file: a pipe nobody reads while it runs could fill and stall it.
    watcher_log = workdir / "watch.log"
    log_handle = watcher_log.open("w")
    watcher = subprocess.Popen([dropwire, "watch", str(inbox)], env=environment, stderr=log_handle, stdout=subprocess.DEVNULL, text=True)
    try:
        warm_path, warm_marker = drop(0)
        os.replace(warm_path, inbox / warm_path.name)  # the first drop also waits for the model to load
        deadline = time.monotonic() + 120
        while not (data / "index").exists() or not found(TantivyStore(data / "index"), warm_marker):
            if watcher.poll() is not None:
                raise SystemExit(f"the watcher exited ({watcher.returncode}) before the first drop was searchable: {_tail(watcher_log)}")
            if time.monotonic() > deadline:
                raise SystemExit("the watcher never indexed the first drop")
            time.sleep(0.05)
        reader = TantivyStore(data / "index")
        latencies: list[float] = []
        for number in range(1, arguments.drops + 1):
            path, marker = drop(number)
            started = time.perf_counter()
            os.replace(path, inbox / path.name)
            while not found(reader, marker):
                # A guard against a watcher that stopped, not a speed check (the printed p50 and
                # p95 are): on a shared machine at load 14 a drop took more than 30 s (2026-11-26).
                if watcher.poll() is not None:
                    raise SystemExit(f"the watcher exited ({watcher.returncode}) before drop {number} was searchable: {_tail(watcher_log)}")
                if time.perf_counter() - started > 300:
                    raise SystemExit(
                        f"drop {number} not searchable after 300 s, the watcher still running; "
                        f"{_whereabouts(inbox, path.name)}; its log ends: {_tail(watcher_log)}"
                    )
                time.sleep(0.01)
            latencies.append(time.perf_counter() - started)
    finally:
        watcher.terminate()
        watcher.wait(timeout=30)
        log_handle.close()
        shutil.rmtree(workdir, ignore_errors=True)

    p50, p95 = statistics.median(latencies), percentile(latencies, 0.95)
    baseline = statistics.median(direct)
    print(f"corpus: {source}; {len(latencies)} drops, one at a time")
    print(f"direct pipeline.ingest of one drop (baseline): p50 {baseline * 1000:.0f} ms")
    print(f"dropwire watch, drop-to-searchable: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms")
    print(f"watch/direct ratio at p50: {p50 / baseline:.2f}")
    print(f"p95_drop_to_searchable_s: {p95:.3f} (target <= {TARGET:.1f})")


if __name__ == "__main__":
    main()
