"""How long the CLI takes to answer, against starting Python itself, measured in one run.

    python bench/cli.py [--docs 2000] [--runs 7] [--instructions]

Builds an embedded archive of --docs documents (a few articles enriched once, then
replicated as distinct texts), then alternates `python -c pass`, `dropwire --help`,
`dropwire version` and `dropwire search WORD --data-dir ARCHIVE` as fresh processes, --runs
times each, and prints the median wall time of each. Commands that do not enrich must not
load spaCy. The project's modules are compiled to bytecode first, as an installed package
has them: with PYTHONDONTWRITEBYTECODE set (as on these machines) every run would otherwise
compile them again, which no user pays. Ends with `cli_search_seconds: S (target <= 0.40)`: the median wall time of
the search, whole process included. On a busy machine wall times say little: `--instructions`
also counts the instructions each command executes (valgrind's callgrind, once each), which
do not depend on what else runs.
"""

from __future__ import annotations

import argparse
import compileall
import re
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


def instructions(command: list[str]) -> int:
    """Instructions the command executes, whole process included (callgrind's Ir)."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command], capture_output=True, text=True
    )
    counted = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or not counted:
        raise SystemExit(f"callgrind on {' '.join(command)} failed: {done.stderr[-2000:]}")
    return int(counted.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--instructions", action="store_true", help="also count instructions with valgrind (slow)")
    arguments = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="dropwire-cli-"))
    try:
        build_archive(workdir, arguments.docs)
        project = Path(__file__).resolve().parents[1] / "pipeline"
        compiled = compileall.compile_dir(project, quiet=1)
        print(f"bytecode: {project} compiled first ({'ok' if compiled else 'FAILED'}), as an installed package has it")
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "dropwire --help": [*DROPWIRE, "--help"],
            "dropwire version": [*DROPWIRE, "version"],
            "dropwire search": [*DROPWIRE, "search", "government", "--data-dir", str(workdir)],
        }
        counts = {name: instructions(command) for name, command in commands.items()} if arguments.instructions else {}
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
    for name, count in counts.items():
        print(f"{name:18s} {count / 1e6:7.0f} M instructions  ({count / counts['python -c pass']:.1f} x python start-up)")
    print(f"search loads spaCy: {loads_spacy}")
    print(f"cli_search_seconds: {statistics.median(times['dropwire search']):.3f} (target <= {TARGET_SECONDS:.2f})")


if __name__ == "__main__":
    main()
