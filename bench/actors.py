"""Actor facet purity on real news: are the most frequent actor values one real actor each?

    python bench/actors.py [--every N] [--top 150] [--judgements FILE ...] [--keep DIR]
    python bench/actors.py --heldout [--top 150] [--judgements FILE ...] [--keep DIR]

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

`--heldout` scores text the rules were not written from: the BBC's entertainment and
technology pages (787 articles, whose most frequent values are mostly not among the whole
corpus' top 150 the rules were tuned on) together with the 231 news-wire stories of the
English CoNLL-2003 test set (../shared/eval/conll2003/test.txt, Reuters 1996: datelines,
headlines in capitals, results tables), rebuilt as text by joining its tokens. Judged in
bench/data/actor_judgements_heldout.yaml; ends with `actor_facet_purity_heldout: P`.
"""

from __future__ import annotations

import argparse
import re
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
HELDOUT_JUDGEMENTS = Path(__file__).resolve().parent / "data" / "actor_judgements_heldout.yaml"
HELDOUT_CATEGORIES = ("entertainment", "tech")
CONLL = BBC.parents[2] / "eval" / "conll2003" / "test.txt"
TARGET = 0.95
VERDICTS = ("ok", "split", "junk", "false-merge", "wrong-kind")


def sample(every: int) -> list[Path]:
    """Every `every`th article of the corpus, in sorted path order: the same sample each run."""
    return sorted(BBC.glob("*/*.txt"))[::every]


def heldout_sample() -> list[Path]:
    return sorted(path for category in HELDOUT_CATEGORIES for path in (BBC / category).glob("*.txt"))


def copy_as_drops(files: list[Path], inbox: Path) -> None:
    """One .txt drop per article, UTF-8 (one corpus file is Latin-1: replaced, as the corpus loader does)."""
    inbox.mkdir(parents=True, exist_ok=True)
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        (inbox / f"{path.parent.name}-{path.stem}.txt").write_text(text, encoding="utf-8")


def conll_stories(path: Path) -> list[str]:
    """The CoNLL-2003 documents as text: one line per sentence, tokens joined by spaces,
    with no space before closing punctuation (the file holds tokens, not the wire text)."""
    stories: list[list[str]] = []
    sentence: list[str] = []
    for line in [*path.read_text("utf-8").splitlines(), "-DOCSTART-"]:
        if line.startswith("-DOCSTART-") or not line.strip():
            if sentence and stories:
                stories[-1].append(_joined(sentence))
            sentence = []
            if line.startswith("-DOCSTART-"):
                stories.append([])
            continue
        sentence.append(line.split(" ")[0])
    return ["\n".join(lines) + "\n" for lines in stories if lines]


def _joined(tokens: list[str]) -> str:
    text = " ".join(tokens)
    text = re.sub(r" ([,.;:!?%)])", r"\1", text)
    text = re.sub(r"\( ", "(", text)
    return re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)


def write_conll_drops(path: Path, inbox: Path) -> int:
    inbox.mkdir(parents=True, exist_ok=True)
    stories = conll_stories(path)
    for number, story in enumerate(stories):
        (inbox / f"conll-{number:03d}.txt").write_text(story, encoding="utf-8")
    return len(stories)


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


def top_actor_values(files: list[Path], top: int, workdir: Path, conll: Path | None = None) -> list[tuple[str, str, int]]:
    inbox = workdir / "inbox"
    copy_as_drops(files, inbox)
    if conll is not None:
        write_conll_drops(conll, inbox)
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
    parser.add_argument("--heldout", action="store_true", help="score the held-out set: BBC arts and technology pages and CoNLL-2003 news wire")
    arguments = parser.parse_args()
    if not BBC.is_dir():
        print(f"the BBC corpus is not at {BBC}: nothing to measure")
        return
    if arguments.heldout and not CONLL.is_file():
        print(f"the CoNLL-2003 test set is not at {CONLL}: nothing to measure")
        return
    files = heldout_sample() if arguments.heldout else sample(arguments.every)
    workdir = arguments.keep or Path(tempfile.mkdtemp(prefix="dropwire-actors-"))
    started = time.perf_counter()
    try:
        values = top_actor_values(files, arguments.top, workdir, CONLL if arguments.heldout else None)
    finally:
        if arguments.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    if arguments.heldout:
        print(f"corpus: BBC {' and '.join(HELDOUT_CATEGORIES)} pages ({len(files)}) and CoNLL-2003 English test stories; {time.perf_counter() - started:.0f} s")
    else:
        print(f"corpus: BBC news, every {arguments.every} of {len(sorted(BBC.glob('*/*.txt')))} articles ({len(files)}); {time.perf_counter() - started:.0f} s")

    judged = load_judgements(arguments.judgements or [HELDOUT_JUDGEMENTS if arguments.heldout else JUDGEMENTS])
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
    metric = "actor_facet_purity_heldout" if arguments.heldout else "actor_facet_purity"
    print(f"{metric}: {purity:.3f} (target >= {TARGET:.2f})")


if __name__ == "__main__":
    main()
