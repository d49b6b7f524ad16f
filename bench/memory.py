"""Peak memory while ingesting a large batch: it must stay flat, and under 1.5 GB.

    python bench/memory.py [--docs 20000]

Ingests --docs .txt drops into the embedded store through `pipeline.ingest` and reads the
process's peak RSS after a tenth of them and at the end. The baseline, in the same process,
is the RSS once the model is loaded and warm, before any drop. Ends with
`peak_rss_growth_ratio: R (target <= 1.10)` (peak at the end over peak after a tenth) and
prints the peak against the 1.5 GB ceiling.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import load  # noqa: E402
from pipeline.enrich import Enricher  # noqa: E402
from pipeline.ingest import Ingestor  # noqa: E402
from pipeline.settings import Settings  # noqa: E402
from pipeline.sources.local import LocalFolder  # noqa: E402
from pipeline.store.tantivy import TantivyStore  # noqa: E402

CEILING_MB = 1536
TARGET_GROWTH = 1.10


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_mb() -> float:
    """Resident memory now (Linux), to show the working set beside the high-water mark."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return float("nan")
    return pages * resource.getpagesize() / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=20_000)
    arguments = parser.parse_args()
    articles, source = load(arguments.docs)
    workdir = Path(tempfile.mkdtemp(prefix="dropwire-memory-"))
    inbox = workdir / "inbox"
    inbox.mkdir()
    for number, article in enumerate(articles):
        (inbox / f"{number:06d}.txt").write_text(f"{article.title}\n{article.body}\n[{number}]\n")
    settings = Settings(_env_file=None, data_dir=workdir / "data")
    enricher = Enricher(settings.spacy_model)
    list(enricher.nlp.pipe([article.body for article in articles[:50]]))
    baseline = current_mb()
    store = TantivyStore(settings.index_dir, writer_heap_bytes=settings.index_writer_heap_bytes)
    ingestor = Ingestor(settings, store, enricher=enricher)
    folder = LocalFolder(inbox)
    checkpoint = max(1, arguments.docs // 10)
    marks: dict[int, float] = {}
    done = 0
    started = time.perf_counter()

    def count(_drop) -> None:
        nonlocal done
        done += 1
        if done == checkpoint or done == arguments.docs:
            marks[done] = peak_mb()
            print(
                f"  after {done:6d} drops: peak RSS {marks[done]:7.0f} MB, current {current_mb():7.0f} MB"
                f"  ({done / (time.perf_counter() - started):.1f} drops/s)",
                flush=True,
            )

    summary = ingestor.ingest(folder, on_drop=count)
    store.close()
    shutil.rmtree(workdir, ignore_errors=True)
    assert summary.indexed == arguments.docs, summary
    early, late = marks[checkpoint], marks[arguments.docs]
    print(f"corpus: {source}; {arguments.docs} drops")
    print(f"baseline (model loaded and warm, no drop yet): {baseline:.0f} MB resident")
    print(f"peak after {checkpoint}: {early:.0f} MB; after {arguments.docs}: {late:.0f} MB; ceiling {CEILING_MB} MB: {'ok' if late <= CEILING_MB else 'OVER'}")
    print(f"peak_rss_growth_ratio: {late / early:.3f} (target <= {TARGET_GROWTH:.2f})")


if __name__ == "__main__":
    main()
