"""Actor facet purity on real news: are the most frequent actor values one real actor each?

    python bench/actors.py [--every N] [--top 150] [--judgements FILE ...] [--keep DIR]

Ingests a fixed sample of the BBC news corpus (../shared/corpora/bbc-news: every Nth file
in sorted path order, default every file: 2,225 articles from 2004-05) through the real
pipeline into a fresh embedded store, asks for the `--top` most frequent actor facet
values, and scores each (value, kind) against bench/data/actor_judgements.yaml, judged by
reading the corpus. Verdicts: ok, split (one actor that also shows under another value),
junk (not an actor), false-merge (hides two or more actors), wrong-kind. A value with no
judgement is printed as unjudged and counts as not pure, so dropping a judgement can only
lower the figure. The code before issue #13 filled some values differently under the same
names: score it with `--judgements bench/data/actor_judgements.yaml --judgements
bench/data/actor_judgements_before.yaml`.
Ends with `actor_facet_purity: P (target >= 0.95)`.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import BBC  # noqa: E402
from pipeline.ingest import Ingestor  # noqa: E402
from pipeline.search import SearchQuery  # noqa: E402
from pipeline.settings import Settings  # noqa: E402
from pipeline.sources.local import LocalFolder  # noqa: E402
from pipeline.store.tantivy import TantivyStore  # noqa: E402

JUDGEMENTS = Path(__file__).resolve().parent / "data" / "actor_judgements.yaml"
TARGET = 0.95
VERDICTS = ("ok", "split", "junk", "false-merge", "wrong-kind")


def sample(every: int) -> list[Path]:
    """Every `every`th article of the corpus, in sorted path order: the same sample each run."""
    return sorted(BBC.glob("*/*.txt"))[::every]


def copy_as_drops(files: list[Path], inbox: Path) -> None:
    """One .txt drop per article, UTF-8 (one corpus file is Latin-1: replaced, as the corpus loader does)."""
    inbox.mkdir(parents=True)
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        (inbox / f"{path.parent.name}-{path.stem}.txt").write_text(text, encoding="utf-8")


def load_judgements(paths: list[Path]) -> dict[tuple[str, str], dict[str, str]]:
    """(value, kind) -> judgement; a later file overrides an earlier one."""
    judged = {}
    for path in paths:
        rows = yaml.safe_load(path.read_text("utf-8")) or {}
        for row in rows.get("judgements", []):
            if row["verdict"] not in VERDICTS:
                raise SystemExit(f"{path}: unknown verdict {row['verdict']!r} for {row['value']!r}")
            judged[(row["value"], row["kind"])] = row
    return judged


def top_actor_values(files: list[Path], top: int, workdir: Path) -> list[tuple[str, str, int]]:
    inbox = workdir / "inbox"
    copy_as_drops(files, inbox)
    settings = Settings(_env_file=None, data_dir=workdir / "data")
    store = TantivyStore(settings.index_dir, writer_heap_bytes=settings.index_writer_heap_bytes)
    try:
        summary = Ingestor(settings, store).ingest(LocalFolder(inbox))
        print(f"indexed {summary.indexed}, unchanged {summary.unchanged}, quarantined {summary.quarantined}")
        facets = store.search(SearchQuery(limit=0, facet_size=top)).facets.actors
    finally:
        store.close()
    return [(facet.value, facet.kind.value, facet.count) for facet in facets[:top]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--every", type=int, default=1, help="take every Nth article of the corpus (default 1: all)")
    parser.add_argument("--top", type=int, default=150, help="facet values to judge (default 150)")
    parser.add_argument(
        "--judgements",
        type=Path,
        action="append",
        help="judgement files, later ones overriding (default bench/data/actor_judgements.yaml)",
    )
    parser.add_argument("--keep", type=Path, default=None, help="build the archive here and keep it, to read what each value holds")
    arguments = parser.parse_args()
    if not BBC.is_dir():
        print(f"the BBC corpus is not at {BBC}: nothing to measure")
        return
    files = sample(arguments.every)
    workdir = arguments.keep or Path(tempfile.mkdtemp(prefix="dropwire-actors-"))
    started = time.perf_counter()
    try:
        values = top_actor_values(files, arguments.top, workdir)
    finally:
        if arguments.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"corpus: BBC news, every {arguments.every} of {len(sorted(BBC.glob('*/*.txt')))} articles ({len(files)}); {time.perf_counter() - started:.0f} s")

    judged = load_judgements(arguments.judgements or [JUDGEMENTS])
    tally: Counter[str] = Counter()
    impure = []
    for value, kind, count in values:
        row = judged.get((value, kind))
        verdict = row["verdict"] if row else "unjudged"
        tally[verdict] += 1
        if verdict != "ok":
            impure.append(f"  {verdict:11} {count:4}  {value!r} ({kind}){': ' + row['reason'] if row else ''}")
    print(f"\ntop {len(values)} actor facet values")
    print("impure values:")
    print("\n".join(impure) if impure else "  none")
    print("counts: " + ", ".join(f"{verdict} {tally[verdict]}" for verdict in (*VERDICTS, "unjudged")))
    purity = tally["ok"] / len(values) if values else 0.0
    print(f"actor_facet_purity: {purity:.3f} (target >= {TARGET:.2f})")


if __name__ == "__main__":
    main()
