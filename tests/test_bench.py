"""The benchmark scripts still run and end with their machine-readable line (tiny sizes;
this checks they work, not how fast anything is)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import SHARED
from preloaded_scripts import PreloadedScripts

ROOT = Path(__file__).resolve().parents[1]


def run(scripts: PreloadedScripts, script: str, *args: str) -> str:
    done = scripts.bench(script, *args)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.mark.parametrize(
    ("script", "args", "metric"),
    # Sizes: the fewest documents that take each script down every path its defaults take. A
    # run of fewer drops than one ingest batch (96) is enriched in the ingesting process whatever
    # the size (throughput.py's default run included), so more documents repeat the same code
    # over more text: 24 English and 24 French documents cost throughput.py 4 s of CPU more than
    # 6 and 3. The allocator's two child processes pay their model load whatever --docs is.
    [
        ("throughput.py", ["--docs", "6", "--french-docs", "3", "--rounds", "1"], "throughput_ratio"),
        ("languages.py", ["--conll", "20", "--bbc", "5", "--detector", "py3langid"], "detection_accuracy"),
        ("latency.py", ["--drops", "3"], "p95_drop_to_searchable_s"),
        # Both runs build the actor pages on both stores (the second with no corpus and no model).
        ("search.py", ["--docs", "150", "--enrich", "10", "--queries", "5", "--actor-docs", "60", "--actor-es-docs", "60"], "p95_faceted_search_ms"),
        ("search.py", ["--actor-only", "--actor-docs", "60", "--actor-es-docs", "60"], "actor_page_ms"),
        ("memory.py", ["--docs", "5"], "peak_rss_growth_ratio"),
        ("allocator.py", ["--docs", "2", "--rounds", "1"], "allocator_speedup"),
    ],
)
def test_a_benchmark_ends_with_its_metric_line(preloaded_scripts: PreloadedScripts, script: str, args: list[str], metric: str) -> None:
    output = run(preloaded_scripts, script, *args)
    last = output.strip().splitlines()[-1]
    assert re.fullmatch(rf"{metric}: -?\d+(\.\d+)? \(target [<>]=? \d+(\.\d+)?\)", last), last
    if script == "search.py":  # one actor page line per store
        assert len(re.findall(r"^actor_page_ms: \d+(\.\d+)? \(target < 100\)$", output, re.MULTILINE)) == 2, output
    if script == "throughput.py":  # the French pipeline's line comes before the English one
        assert re.search(r"^french_throughput_ratio: \d+\.\d+ \(target >= 0\.90\)$", output, re.MULTILINE), output


@pytest.mark.skipif(not (SHARED / "eval").is_dir(), reason=f"needs the gold data in {SHARED / 'eval'}, which is not beside this checkout")
def test_the_quality_benchmark_prints_its_three_metrics(preloaded_scripts: PreloadedScripts) -> None:
    output = run(preloaded_scripts, "quality.py", "--conll-docs", "3", "--nyt", "50", "--tempeval-docs", "2")
    lines = output.strip().splitlines()[-3:]
    assert [line.split(":")[0] for line in lines] == ["conll_f1", "nyt_r", "tempeval_value_accuracy"]
