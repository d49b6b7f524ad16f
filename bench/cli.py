"""How long the CLI takes to answer, against starting Python itself, measured in one run.

    python bench/cli.py [--docs 2000] [--runs 15] [--instructions] [--compare DIR]

Builds an embedded archive of --docs documents (a few articles enriched once, then
replicated as distinct texts), then alternates `python -c pass`, `dropwire --help`,
`dropwire version` and `dropwire search WORD --data-dir ARCHIVE` as fresh processes, one
round unmeasured (the first reads every module from disk) and then --runs rounds, and
prints for each command the median wall time with its spread (lowest and upper quartile)
and the median CPU time (user + system of the process). Commands that do not enrich must
not load spaCy. The project's modules are compiled to bytecode first, as an installed
package has it: with PYTHONDONTWRITEBYTECODE set (as on these machines) every run would
otherwise compile them again, which no user pays.

Ends with `cli_search_seconds: S (target <= 0.40)`: the median wall time of the search,
whole process included. The target stays absolute. On a shared host a process also waits
for a free core, which its wall time counts and its CPU time does not: the load average
before and after, python's own start-up and the CPU times are printed beside the figure so
a reader can tell a slow host from a slow CLI; nothing is scaled by them. `--instructions`
also counts the instructions each command executes (valgrind's callgrind, once each, with
PYTHONHASHSEED=0 so two counts of the same code agree to a few hundred thousand), which do
not depend on what else runs. `--compare DIR` (another checkout of Dropwire, the code
before a change say) runs its `dropwire` commands too, in the same rounds, each right after
this checkout's: the two sides meet the same load, which alternating whole runs of the
script does not give them on a shared host.
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import resource
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


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one run of `command`, its start-up included."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=cwd)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr[-2000:]}")
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def instructions(command: list[str], cwd: Path) -> int:
    """Instructions the command executes, whole process included (callgrind's Ir)."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"}, cwd=cwd,
    )
    counted = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or not counted:
        raise SystemExit(f"callgrind on {' '.join(command)} failed: {done.stderr[-2000:]}")
    return int(counted.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=15, help="measured rounds, after one unmeasured")
    parser.add_argument("--instructions", action="store_true", help="also count instructions with valgrind (slow)")
    parser.add_argument("--compare", type=Path, metavar="DIR", help="another checkout whose commands run in the same rounds")
    arguments = parser.parse_args()
    root = Path(__file__).resolve().parents[1]
    trees = [root] + ([arguments.compare.resolve()] if arguments.compare else [])
    workdir = Path(tempfile.mkdtemp(prefix="dropwire-cli-"))
    try:
        build_archive(workdir, arguments.docs)
        for tree in trees:
            compiled = compileall.compile_dir(tree / "pipeline", quiet=1)
            print(f"bytecode: {tree / 'pipeline'} compiled first ({'ok' if compiled else 'FAILED'}), as an installed package has it")
        # The commands run in their checkout: `python -m` imports `pipeline` from there.
        commands: dict[str, tuple[list[str], Path]] = {"python -c pass": ([sys.executable, "-c", "pass"], root)}
        for what, arguments_ in (("--help", ["--help"]), ("version", ["version"]), ("search", ["search", "government", "--data-dir", str(workdir)])):
            for tree in trees:
                name = f"dropwire {what}" + ("" if tree == root else f" ({tree.name})")
                commands[name] = ([*DROPWIRE, *arguments_], tree)
        counts = {name: instructions(*command) for name, command in commands.items()} if arguments.instructions else {}
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        load_before = os.getloadavg()[0]
        for command in commands.values():  # unmeasured: the first run reads every module from disk
            timed(*command)
        for _ in range(arguments.runs):
            for name, command in commands.items():
                seconds, cpu_seconds = timed(*command)
                times[name].append(seconds)
                cpu[name].append(cpu_seconds)
        load_after = os.getloadavg()[0]
        loads_spacy = subprocess.run(
            [sys.executable, "-c", "import sys, runpy; sys.argv = ['dropwire', 'search', 'x', '--data-dir', sys.argv[1]]\n"
             "try:\n    runpy.run_module('pipeline.cli', run_name='__main__')\nexcept SystemExit:\n    pass\n"
             "print('spacy' in sys.modules)", str(workdir)],
            capture_output=True, text=True, cwd=root,
        ).stdout.strip().splitlines()[-1]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    baseline = statistics.median(times["python -c pass"])
    print(f"load average (1 min) {load_before:.2f} before, {load_after:.2f} after, on {os.cpu_count()} cores; {arguments.runs} rounds")
    width = max(map(len, times))
    for name, values in times.items():
        median = statistics.median(values)
        upper = statistics.quantiles(values, n=4)[2] if len(values) > 1 else median
        print(
            f"{name:{width}s} median {median:.3f} s  (lowest {min(values):.3f}, upper quartile {upper:.3f}; "
            f"CPU {statistics.median(cpu[name]):.3f} s; python start-up {baseline:.3f} s; difference {median - baseline:+.3f} s)"
        )
    for name, count in counts.items():
        print(f"{name:{width}s} {count / 1e6:7.0f} M instructions  ({count / counts['python -c pass']:.1f} x python start-up)")
    if arguments.compare:
        other = f"dropwire search ({trees[1].name})"
        print(
            f"search against {trees[1]}, the same rounds: wall {statistics.median(times['dropwire search']):.3f} s against "
            f"{statistics.median(times[other]):.3f} s, CPU {statistics.median(cpu['dropwire search']):.3f} s against "
            f"{statistics.median(cpu[other]):.3f} s"
        )
    print(f"search loads spaCy: {loads_spacy}")
    print(f"cli_search_cpu_seconds: {statistics.median(cpu['dropwire search']):.3f} (the same runs' CPU time; the target is on wall time)")
    print(f"cli_search_seconds: {statistics.median(times['dropwire search']):.3f} (target <= {TARGET_SECONDS:.2f})")


if __name__ == "__main__":
    main()
