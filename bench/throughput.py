"""End-to-end ingest throughput against bare `nlp.pipe`, measured in one run.

    python bench/throughput.py [--docs 1000]

The baseline runs the same spaCy pipeline (same model, same components: ner and senter),
over the same texts Dropwire gives the model (title and body), in one process. Two Dropwire
runs read .txt drops from a folder, extract, enrich, validate, index into the embedded store
and file the originals:

- single-process: enrichment in the ingesting process (`DROPWIRE_NLP_PROCESSES=1`) with the
  model already loaded; `throughput_ratio` is its speed over the baseline's. Its CPU time per
  document is printed beside the baseline's (the store's indexing threads included), so what
  the pipeline costs on top of the model stays visible.
- default: what `dropwire ingest` does with no setting, one enriching worker process per core
  (started, and their models loaded, inside the timed run); `multicore_speedup` is its speed
  over the single-process baseline's.

The three alternate for --rounds rounds and the best time of each is compared, so a burst of
load from a neighbour on this shared machine does not decide the figures.

French (`--french-docs`, 0 to skip): documents made of the French articles written for the
purpose (bench/french.py: three articles in a row, rotating, ~290 words) are ingested single-process
and compared with bare `nlp.pipe` of the French model with the same components;
`french_throughput_ratio` is that ratio. Every Dropwire run includes detecting each text's
language; the time it took is printed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import Article, load  # noqa: E402
from bench.french import load_french  # noqa: E402
from pipeline.enrich import Enricher, Text  # noqa: E402
from pipeline.ingest import Ingestor, IngestSummary  # noqa: E402
from pipeline.settings import Settings  # noqa: E402
from pipeline.sources.local import LocalFolder  # noqa: E402
from pipeline.store.tantivy import TantivyStore  # noqa: E402

TARGET = 0.90
SPEEDUP_TARGET = 1.6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="documents per run (default 1000)")
    parser.add_argument("--batch-size", type=int, default=32, help="nlp.pipe batch size")
    parser.add_argument("--processes", type=int, default=None, help="worker processes of the default run (default: cores)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds; the best of each side counts")
    parser.add_argument("--french-docs", type=int, default=None, help="French documents per run (default: --docs; 0: skip)")
    arguments = parser.parse_args()
    if arguments.french_docs is None:
        arguments.french_docs = arguments.docs

    articles, source = load(arguments.docs)
    from pipeline.enrich.workers import default_processes

    processes = arguments.processes or default_processes()
    print(f"corpus: {source}; {len(articles)} documents; default run: {processes} worker processes")
    workdir = Path(tempfile.mkdtemp(prefix="dropwire-bench-"))
    settings = Settings(
        _env_file=None,
        data_dir=workdir / "data",
        nlp_batch_size=arguments.batch_size,
        nlp_processes=1,
    )
    enricher = Enricher(settings.spacy_model, batch_size=arguments.batch_size)
    # The same text the ingest gives the model: title, body and the copy's number written into
    # each drop below (without the number the baseline read ~3 tokens a document fewer).
    texts = [Text(f"{article.body}\n[{number}]", article.title).for_model for number, article in enumerate(articles)]
    words = sum(len(text.split()) for text in texts)
    list(enricher.nlp.pipe(texts[:20]))  # warm up both runs alike

    cpu_seconds: dict[str, float] = {}

    def ingest_run(name: str, *, shared_enricher: bool, corpus: list[Article] = articles) -> tuple[float, IngestSummary]:
        inbox = workdir / f"inbox-{name}"
        inbox.mkdir()
        for number, article in enumerate(corpus):
            # Distinct text per copy, so a corpus repeated to reach --docs is not "unchanged".
            (inbox / f"{number:06d}-{article.name}.txt").write_text(f"{article.title}\n{article.body}\n[{number}]\n")
        run_settings = settings.model_copy(
            update={"data_dir": workdir / f"data-{name}", "nlp_processes": 1 if shared_enricher else processes}
        )
        started, cpu_started = time.perf_counter(), time.process_time()
        with TantivyStore(run_settings.index_dir, writer_heap_bytes=settings.index_writer_heap_bytes) as store:
            with Ingestor(run_settings, store, enricher=enricher if shared_enricher else None) as ingestor:
                summary = ingestor.ingest(LocalFolder(inbox))
        seconds = time.perf_counter() - started
        cpu_seconds[name] = time.process_time() - cpu_started
        assert summary.indexed == len(corpus), f"indexed {summary.indexed} of {len(corpus)}: {summary.rejections[:3]}"
        return seconds, summary

    bare_times: list[float] = []
    single_times: list[float] = []
    default_times: list[float] = []
    for round_number in range(arguments.rounds):
        started, cpu_started = time.perf_counter(), time.process_time()
        for _ in enricher.nlp.pipe(texts, batch_size=arguments.batch_size):
            pass
        bare_times.append(time.perf_counter() - started)
        cpu_seconds[f"bare-{round_number}"] = time.process_time() - cpu_started
        enricher.seconds_after_model = enricher.seconds_detecting = 0.0
        seconds, summary = ingest_run(f"single-{round_number}", shared_enricher=True)
        after_model, detecting = enricher.seconds_after_model, enricher.seconds_detecting
        single_times.append(seconds)
        seconds, _ = ingest_run(f"default-{round_number}", shared_enricher=False)
        default_times.append(seconds)
        print(
            f"  round {round_number + 1}: bare {bare_times[-1]:.1f} s, single-process {single_times[-1]:.1f} s, "
            f"default {default_times[-1]:.1f} s",
            flush=True,
        )
    french = french_rounds(arguments, enricher, ingest_run) if arguments.french_docs else None
    shutil.rmtree(workdir, ignore_errors=True)
    bare, single, default = min(bare_times), min(single_times), min(default_times)

    for label, seconds in (("bare nlp.pipe", bare), ("single-process", single), (f"default ({processes} proc)", default)):
        print(f"{label + ':':20s}{len(texts) / seconds:8.1f} docs/s  {words / seconds:9.0f} words/s  ({seconds:.1f} s)")
    print("single-process time per stage (s):", ", ".join(f"{stage} {s:.2f}" for stage, s in summary.seconds.items()))
    print(f"  of which after the model (actors, dates, tone, themes): {after_model:.2f}; detecting languages: {detecting:.2f}")
    bare_cpu = min(seconds for name, seconds in cpu_seconds.items() if name.startswith("bare-"))
    single_cpu = min(seconds for name, seconds in cpu_seconds.items() if name.startswith("single-"))
    print(
        f"CPU per document: bare {1000 * bare_cpu / len(texts):.1f} ms, single-process {1000 * single_cpu / len(texts):.1f} ms "
        f"(the store's indexing threads included)"
    )
    if french is not None:
        french_bare, french_single, french_count, french_detecting = french
        print(f"{'French bare nlp.pipe:':20s}{french_count / french_bare:8.1f} docs/s  ({french_bare:.1f} s)")
        print(f"{'French single-proc:':20s}{french_count / french_single:8.1f} docs/s  ({french_single:.1f} s; detecting languages {french_detecting:.2f} s)")
    print(f"multicore_speedup: {bare / default:.2f} (target >= {SPEEDUP_TARGET:.1f})")
    if french is not None:
        print(f"french_throughput_ratio: {french[0] / french[1]:.3f} (target >= {TARGET:.2f})")
    print(f"throughput_ratio: {bare / single:.3f} (target >= {TARGET:.2f})")


def french_rounds(arguments: argparse.Namespace, enricher: Enricher, ingest_run) -> tuple[float, float, int, float]:
    """Best bare French nlp.pipe and best single-process French ingest, alternating rounds."""
    articles = load_french(arguments.french_docs)
    french = enricher.pipeline("fr")
    assert french is not None, "the language table has no French pipeline"
    print(f"French: {len(articles)} documents (bench/data/french_articles.yaml, repeated); model {french.model}")
    # The same text the ingest run gives the model: title, body and the copy's number.
    texts = [Text(f"{article.body}\n[{number}]", article.title).for_model for number, article in enumerate(articles)]
    list(french.nlp.pipe(texts[:20]))
    bare_times: list[float] = []
    single_times: list[float] = []
    detecting = 0.0
    for round_number in range(arguments.rounds):
        started = time.perf_counter()
        for _ in french.nlp.pipe(texts, batch_size=arguments.batch_size):
            pass
        bare_times.append(time.perf_counter() - started)
        enricher.seconds_detecting = 0.0
        seconds, summary = ingest_run(f"french-{round_number}", shared_enricher=True, corpus=articles)
        single_times.append(seconds)
        detecting = enricher.seconds_detecting
        print(f"  French round {round_number + 1}: bare {bare_times[-1]:.1f} s, single-process {single_times[-1]:.1f} s", flush=True)
    return min(bare_times), min(single_times), len(articles), detecting


if __name__ == "__main__":
    main()
