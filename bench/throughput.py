"""End-to-end ingest throughput against bare `nlp.pipe`, measured in one process.

    python bench/throughput.py [--docs 1000]

The baseline runs the same spaCy pipeline (same model, same components: ner and senter),
over the same texts Dropwire gives the model (title and body), with the same process count.
Dropwire's run reads .txt drops from a folder, extracts, enriches, validates, indexes into
the embedded store and files the originals. The two alternate for --rounds rounds and the
best time of each is compared, so a burst of load from a neighbour on this shared machine
does not decide the ratio. Ends with `throughput_ratio: R (target >= 0.90)`.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import load  # noqa: E402
from pipeline.enrich import Enricher, Text  # noqa: E402
from pipeline.ingest import Ingestor  # noqa: E402
from pipeline.settings import Settings  # noqa: E402
from pipeline.sources.local import LocalFolder  # noqa: E402
from pipeline.store.tantivy import TantivyStore  # noqa: E402

TARGET = 0.90


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="documents per run (default 1000)")
    parser.add_argument("--batch-size", type=int, default=32, help="nlp.pipe batch size")
    parser.add_argument("--processes", type=int, default=1, help="nlp.pipe processes, for both runs")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds; the best of each side counts")
    arguments = parser.parse_args()

    articles, source = load(arguments.docs)
    print(f"corpus: {source}; {len(articles)} documents; processes: {arguments.processes}")
    workdir = Path(tempfile.mkdtemp(prefix="dropwire-bench-"))
    settings = Settings(
        _env_file=None,
        data_dir=workdir / "data",
        nlp_batch_size=arguments.batch_size,
        nlp_processes=arguments.processes,
    )
    enricher = Enricher(settings.spacy_model, batch_size=arguments.batch_size, processes=arguments.processes)
    texts = [Text(article.body, article.title).for_model for article in articles]
    words = sum(len(text.split()) for text in texts)
    list(enricher.nlp.pipe(texts[:20]))  # warm up both runs alike

    bare_times: list[float] = []
    full_times: list[float] = []
    for round_number in range(arguments.rounds):
        started = time.perf_counter()
        for _ in enricher.nlp.pipe(texts, batch_size=arguments.batch_size, n_process=arguments.processes):
            pass
        bare_times.append(time.perf_counter() - started)

        inbox = workdir / f"inbox-{round_number}"
        inbox.mkdir()
        for number, article in enumerate(articles):
            # Distinct text per copy, so a corpus repeated to reach --docs is not "unchanged".
            (inbox / f"{number:06d}-{article.name}.txt").write_text(f"{article.title}\n{article.body}\n[{number}]\n")
        round_settings = settings.model_copy(update={"data_dir": workdir / f"data-{round_number}"})
        store = TantivyStore(round_settings.index_dir, writer_heap_bytes=settings.index_writer_heap_bytes)
        ingestor = Ingestor(round_settings, store, enricher=enricher)
        enricher.seconds_after_model = 0.0
        started = time.perf_counter()
        summary = ingestor.ingest(LocalFolder(inbox))
        full_times.append(time.perf_counter() - started)
        store.close()
        print(f"  round {round_number + 1}: bare {bare_times[-1]:.1f} s, dropwire {full_times[-1]:.1f} s", flush=True)
    shutil.rmtree(workdir, ignore_errors=True)
    bare, full = min(bare_times), min(full_times)

    assert summary.indexed == len(articles), f"indexed {summary.indexed} of {len(articles)}: {summary.rejections[:3]}"
    print(f"bare nlp.pipe:      {len(texts) / bare:8.1f} docs/s  {words / bare:9.0f} words/s  ({bare:.1f} s)")
    print(f"dropwire ingest:    {len(texts) / full:8.1f} docs/s  {words / full:9.0f} words/s  ({full:.1f} s)")
    print("time per stage (s):", ", ".join(f"{stage} {seconds:.2f}" for stage, seconds in summary.seconds.items()))
    after_model = enricher.seconds_after_model
    print(f"  of which after the model (actors, dates, tone, themes): {after_model:.2f}")
    print(f"throughput_ratio: {bare / full:.3f} (target >= {TARGET:.2f})")


if __name__ == "__main__":
    main()
