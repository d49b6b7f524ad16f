"""How long the CLI takes to answer, against starting Python itself, measured in one run.

    python bench/cli.py [--docs 2000] [--runs 7]

Builds an embedded archive of --docs documents (a few articles enriched once, then
replicated as distinct texts), then alternates `python -c pass`, `dropwire --help`,
`dropwire version` and `dropwire search WORD --data-dir ARCHIVE` as fresh processes, --runs
times each, and prints the median wall time of each. Commands that do not enrich must not
load spaCy. Ends with `cli_search_seconds: S (target <= 0.40)`: the median wall time of
the search, whole process included.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import load, replicated_document  # noqa: E402
from pipeline.enrich import Enricher, Text  # noqa: E402
from pipeline.settings import Settings  # noqa: E402
from pipeline.store.tantivy import TantivyStore  # noqa: E402

TARGET_SECONDS = 0.40
DROPWIRE = [sys.executable, "-m", "pipeline.cli"]


def build_archive(directory: Path, size: int) -> None:
    articles, source = load(min(size, 40))
    enricher = Enricher(Settings(_env_file=None).spacy_model)
    enriched = list(enricher.enrich_many((Text(a.body, a.title), a) for a in articles))
    documents = [
        replicated_document(number, *enriched[number % len(enriched)], enricher.model) for number in range(size)
    ]
    with TantivyStore(directory / "index") as store:
        store.upsert(documents)
    print(f"archive: {size} documents from {source}")


def wall(command: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr[-2000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    arguments = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="dropwire-cli-"))
    try:
        build_archive(workdir, arguments.docs)
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "dropwire --help": [*DROPWIRE, "--help"],
            "dropwire version": [*DROPWIRE, "version"],
            "dropwire search": [*DROPWIRE, "search", "government", "--data-dir", str(workdir)],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(arguments.runs):
            for name, command in commands.items():
                times[name].append(wall(command))
        loads_spacy = subprocess.run(
            [sys.executable, "-c", "import sys, runpy; sys.argv = ['dropwire', 'search', 'x', '--data-dir', sys.argv[1]]\n"
             "try:\n    runpy.run_module('pipeline.cli', run_name='__main__')\nexcept SystemExit:\n    pass\n"
             "print('spacy' in sys.modules)", str(workdir)],
            capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    baseline = statistics.median(times["python -c pass"])
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:18s} median {median:.3f} s  (python start-up {baseline:.3f} s; difference {median - baseline:+.3f} s)")
    print(f"search loads spaCy: {loads_spacy}")
    print(f"cli_search_seconds: {statistics.median(times['dropwire search']):.3f} (target <= {TARGET_SECONDS:.2f})")


if __name__ == "__main__":
    main()
