"""Actor facet purity on real news: are the most frequent actor values one real actor each?

    python bench/actors.py [--every N] [--top 150] [--judgements FILE ...] [--keep DIR]
    python bench/actors.py --heldout [bbc+conll|tempeval|nyt|nyt2] [--top 150] [--judgements FILE ...] [--keep DIR]
    python bench/actors.py [--heldout SET] --ranks A-B [--judgements FILE ...] [--keep DIR]

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

`--heldout tempeval` is a second held-out set, judged before any rule was written from it:
the 276 news-wire stories of TempEval-3 (../shared/eval/tempeval3: TimeBank and AQUAINT in
Training, te3-platinum in Evaluation; AP, NYT, WSJ, CNN, ABC, VOA, PRI, BBC, 1989-2013). Each
TimeML file becomes a .txt drop: its <TITLE> as title, its <DCT> as publication date and the
text of <TEXT> with the TimeML tags stripped. Judged in
bench/data/actor_judgements_tempeval.yaml; ends with `actor_facet_purity_tempeval: P`. The code
before the rules written from it is scored with `--judgements
bench/data/actor_judgements_tempeval.yaml --judgements bench/data/actor_judgements_tempeval_before.yaml`.

`--heldout nyt` is a third, smaller held-out set: the first 200 New York Times editorials (by
their number) of the VADER sentiment ratings (../shared/eval/vader-nyt, 500 editorials of
1989-1991 cut into rated sentences, never read for the actor rules), each rebuilt as one
paragraph by joining its sentences in order, the wire's doubled quotes ('') written as
quotation marks. Its top 60 values (`--top` defaults to 60 here: 200 short editorials name
few actors often) are judged in bench/data/actor_judgements_nyt.yaml; ends with
`actor_facet_purity_nyt: P`.

`--heldout nyt2` is the fourth, read only after every rule before it was written: the other
298 editorials of the same file (numbers 201 to 500 by order; two numbers are missing), rebuilt
the same way. Its top 60 values, judged before any rule was written from it, are in
bench/data/actor_judgements_nyt2.yaml; ends with `actor_facet_purity_nyt2: P`.

`--ranks A-B` scores the values ranked A to B (1-based, both included) instead of the top
ones: the less frequent values a user meets when scrolling the facet. Their judgements are
kept beside the set's own, in the same file name with `_deep` before `.yaml`
(bench/data/actor_judgements_heldout_deep.yaml for `--heldout --ranks 151-250` (and 251-350, judged
blind in session 13, 351-450, judged blind in session 15, and 451-550, judged blind in session 18),
bench/data/actor_judgements_tempeval_deep.yaml for `--heldout tempeval --ranks 151-250` (and 251-350, judged
blind in session 14, and 351-450, judged blind in session 16),
bench/data/actor_judgements_nyt_deep.yaml for `--heldout nyt --ranks 61-120` (and 121-200, judged blind in
session 14),
bench/data/actor_judgements_nyt2_deep.yaml for `--heldout nyt2 --ranks 61-120` (and 121-200, judged
blind in session 13, and 201-300, judged blind in session 16),
bench/data/actor_judgements_deep.yaml for the BBC's `--ranks 151-300`, the values below the
top 150 the first rules were written from, `--ranks 301-400`, judged blind in session 15, and `--ranks 401-500`,
judged blind in session 18), judged
before any rule was written from them; both
files are read, the deep one overriding. Ends
with the set's metric suffixed by the ranks, e.g. `actor_facet_purity_heldout_151_250: P`.
"""

from __future__ import annotations

import argparse
import html
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
TEMPEVAL_JUDGEMENTS = Path(__file__).resolve().parent / "data" / "actor_judgements_tempeval.yaml"
HELDOUT_CATEGORIES = ("entertainment", "tech")
CONLL = BBC.parents[2] / "eval" / "conll2003" / "test.txt"
TEMPEVAL = BBC.parents[2] / "eval" / "tempeval3"
NYT = BBC.parents[2] / "eval" / "vader-nyt" / "nytEditorialSnippets_GroundTruth.txt"
NYT_JUDGEMENTS = Path(__file__).resolve().parent / "data" / "actor_judgements_nyt.yaml"
NYT2_JUDGEMENTS = Path(__file__).resolve().parent / "data" / "actor_judgements_nyt2.yaml"
NYT_EDITORIALS = 200
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


def tempeval_files(root: Path) -> list[Path]:
    return sorted(root.glob("Training/TBAQ-cleaned/*/*.tml")) + sorted(root.glob("Evaluation/te3-platinum/*.tml"))


_TAG = re.compile(r"<[^>]+>")
_LOST_AMPERSAND = re.compile(r"(\w) amp (?=[A-Z0-9])")


def _element(timeml: str, name: str) -> str | None:
    match = re.search(rf"<{name}>(.*?)</{name}>", timeml, re.DOTALL)
    return match.group(1) if match else None


def timeml_drop(timeml: str) -> str:
    """A TimeML story as a .txt drop: front matter with the title (when it has one) and the
    document creation time as publication date, then the text with every tag stripped."""
    text = html.unescape(_TAG.sub("", _element(timeml, "TEXT") or ""))
    # The Wall Street Journal stories lost the '&' of their '&amp;' before TimeBank was made
    # ("Goldman, Sachs amp Co."): the ampersand is put back between two names.
    text = _LOST_AMPERSAND.sub(r"\1 & ", text)
    text = re.sub(r"\n{3,}", "\n\n", text.strip())
    meta = {}
    dct = re.search(r"<DCT>.*?value=\"([^\"]+)\"", timeml, re.DOTALL)
    if dct:
        meta["published_at"] = dct.group(1)
    title = _element(timeml, "TITLE")
    if title and title.strip():
        meta["title"] = html.unescape(_TAG.sub("", title)).strip()
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) if meta else ""
    return f"---\n{front}---\n{text}\n" if meta else f"{text}\n"


def write_tempeval_drops(root: Path, inbox: Path) -> int:
    inbox.mkdir(parents=True, exist_ok=True)
    files = tempeval_files(root)
    for path in files:
        (inbox / f"tempeval-{path.stem}.txt").write_text(timeml_drop(path.read_text("utf-8")), encoding="utf-8")
    return len(files)


def nyt_editorials(path: Path, count: int | None = NYT_EDITORIALS, skip: int = 0) -> list[str]:
    """`count` editorials by number (all that are left when None) after the first `skip`,
    each one paragraph of its sentences in order (rows are `<editorial>_<sentence> TAB rating
    TAB sentence`)."""
    sentences: dict[int, dict[int, str]] = {}
    for line in path.read_text("utf-8", errors="replace").splitlines():
        parts = line.split("\t", 2)
        if len(parts) != 3 or "_" not in parts[0]:
            continue
        editorial, _, number = parts[0].partition("_")
        sentences.setdefault(int(editorial), {})[int(number)] = parts[2].strip().replace("''", '"')
    chosen = sorted(sentences.items())[skip : None if count is None else skip + count]
    return [" ".join(rows[n] for n in sorted(rows)) for _, rows in chosen]


def write_nyt_drops(path: Path, inbox: Path, later: bool = False) -> int:
    """One .txt drop per editorial; front matter says the language, so no sentence is taken for a
    title. The first NYT_EDITORIALS, or with `later` the rest (named by their place in the file)."""
    inbox.mkdir(parents=True, exist_ok=True)
    editorials = nyt_editorials(path, None, NYT_EDITORIALS) if later else nyt_editorials(path)
    first = NYT_EDITORIALS if later else 0
    for number, editorial in enumerate(editorials, start=first):
        (inbox / f"nyt-{number:03d}.txt").write_text(f"---\nlanguage: en\n---\n{editorial}\n", encoding="utf-8")
    return len(editorials)


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


def top_actor_values(
    files: list[Path],
    top: int,
    workdir: Path,
    conll: Path | None = None,
    tempeval: Path | None = None,
    nyt: Path | None = None,
    nyt_later: bool = False,
) -> list[tuple[str, str, int]]:
    inbox = workdir / "inbox"
    copy_as_drops(files, inbox)
    if conll is not None:
        write_conll_drops(conll, inbox)
    if tempeval is not None:
        write_tempeval_drops(tempeval, inbox)
    if nyt is not None:
        write_nyt_drops(nyt, inbox, later=nyt_later)
    settings = Settings(_env_file=None, data_dir=workdir / "data")
    store = TantivyStore(settings.index_dir, writer_heap_bytes=settings.index_writer_heap_bytes)
    try:
        summary = Ingestor(settings, store).ingest(LocalFolder(inbox))
        print(f"indexed {summary.indexed}, unchanged {summary.unchanged}, quarantined {summary.quarantined}")
        # More than asked: values tied at the cut come back in an order that depends on the
        # index's segments (so on commit sizes); `ranked` breaks ties by name.
        facets = store.search(SearchQuery(limit=0, facet_size=min(1000, top + 200))).facets.actors
    finally:
        store.close()
    return ranked([(facet.value, facet.kind.value, facet.count) for facet in facets], top)


def parse_ranks(text: str) -> tuple[int, int]:
    """'151-250' -> (151, 250): the first and last rank scored, 1-based."""
    first, _, last = text.partition("-")
    try:
        start, end = int(first), int(last)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ranks must be A-B, e.g. 151-250, not {text!r}") from None
    if not 1 <= start <= end:
        raise argparse.ArgumentTypeError(f"ranks must be A-B with 1 <= A <= B, not {text!r}")
    return start, end


def deep_judgements(path: Path) -> Path:
    """The file that holds a set's judgements of values beyond its top: `_deep` before `.yaml`."""
    return path.with_name(f"{path.stem}_deep{path.suffix}")


def ranked(values: list[tuple[str, str, int]], top: int) -> list[tuple[str, str, int]]:
    """The `top` most frequent (value, kind, count), ties in name order: the same values
    whatever order the store gives equal counts in."""
    return sorted(values, key=lambda row: (-row[2], row[0].casefold(), row[1]))[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--every", type=int, default=1, help="take every Nth article of the corpus (default 1: all)")
    parser.add_argument("--top", type=int, default=None, help="facet values to judge (default 150; 60 for nyt)")
    parser.add_argument(
        "--judgements",
        type=Path,
        action="append",
        help="judgement files, later ones overriding (default bench/data/actor_judgements.yaml)",
    )
    parser.add_argument("--keep", type=Path, default=None, help="build the archive here and keep it, to read what each value holds")
    parser.add_argument(
        "--heldout",
        nargs="?",
        const="bbc+conll",
        choices=("bbc+conll", "tempeval", "nyt", "nyt2"),
        default=None,
        help="score a held-out set: bbc+conll (the default: BBC arts and technology pages and CoNLL-2003 news wire), "
        "tempeval (TempEval-3 news wire), nyt (New York Times editorials, the first 200) or nyt2 (the other 298)",
    )
    parser.add_argument(
        "--ranks",
        type=parse_ranks,
        default=None,
        help="score the values ranked A-B (e.g. 151-250) instead of the top ones; judgements from the set's file and its _deep file",
    )
    arguments = parser.parse_args()
    if arguments.ranks is not None:
        arguments.top = arguments.ranks[1]
    if arguments.top is None:
        arguments.top = 60 if arguments.heldout in ("nyt", "nyt2") else 150
    if arguments.heldout in ("nyt", "nyt2"):
        if not NYT.is_file():
            print(f"the New York Times editorials are not at {NYT}: nothing to measure")
            return
    elif arguments.heldout == "tempeval":
        if not tempeval_files(TEMPEVAL):
            print(f"the TempEval-3 stories are not at {TEMPEVAL}: nothing to measure")
            return
    elif not BBC.is_dir():
        print(f"the BBC corpus is not at {BBC}: nothing to measure")
        return
    elif arguments.heldout and not CONLL.is_file():
        print(f"the CoNLL-2003 test set is not at {CONLL}: nothing to measure")
        return
    files = {None: lambda: sample(arguments.every), "bbc+conll": heldout_sample, "tempeval": list, "nyt": list, "nyt2": list}[arguments.heldout]()
    workdir = arguments.keep or Path(tempfile.mkdtemp(prefix="dropwire-actors-"))
    started = time.perf_counter()
    try:
        values = top_actor_values(
            files,
            arguments.top,
            workdir,
            CONLL if arguments.heldout == "bbc+conll" else None,
            TEMPEVAL if arguments.heldout == "tempeval" else None,
            NYT if arguments.heldout in ("nyt", "nyt2") else None,
            nyt_later=arguments.heldout == "nyt2",
        )
    finally:
        if arguments.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    if arguments.ranks is not None:
        values = values[arguments.ranks[0] - 1 :]
    took = time.perf_counter() - started
    if arguments.heldout == "nyt":
        print(f"corpus: New York Times editorials, the first {NYT_EDITORIALS} by number (VADER sentiment set); {took:.0f} s")
    elif arguments.heldout == "nyt2":
        print(f"corpus: New York Times editorials after the first {NYT_EDITORIALS} by number (VADER sentiment set); {took:.0f} s")
    elif arguments.heldout == "tempeval":
        print(f"corpus: TempEval-3 news wire, {len(tempeval_files(TEMPEVAL))} stories (TimeBank, AQUAINT, te3-platinum); {took:.0f} s")
    elif arguments.heldout:
        print(f"corpus: BBC {' and '.join(HELDOUT_CATEGORIES)} pages ({len(files)}) and CoNLL-2003 English test stories; {took:.0f} s")
    else:
        print(f"corpus: BBC news, every {arguments.every} of {len(sorted(BBC.glob('*/*.txt')))} articles ({len(files)}); {took:.0f} s")

    default_judgements = {None: JUDGEMENTS, "bbc+conll": HELDOUT_JUDGEMENTS, "tempeval": TEMPEVAL_JUDGEMENTS, "nyt": NYT_JUDGEMENTS, "nyt2": NYT2_JUDGEMENTS}[
        arguments.heldout
    ]
    defaults = [default_judgements, deep_judgements(default_judgements)] if arguments.ranks else [default_judgements]
    judged = load_judgements(arguments.judgements or [path for path in defaults if path.is_file()])
    tally: Counter[str] = Counter()
    impure = []
    for value, kind, count in values:
        row = judged.get((value, kind))
        verdict = row["verdict"] if row else "unjudged"
        tally[verdict] += 1
        if verdict != "ok":
            impure.append(f"  {verdict:11} {count:4}  {value!r} ({kind}){': ' + row['reason'] if row else ''}")
    if arguments.ranks is not None:
        print(f"\nactor facet values ranked {arguments.ranks[0]} to {arguments.ranks[0] + len(values) - 1}")
    else:
        print(f"\ntop {len(values)} actor facet values")
    print("impure values:")
    print("\n".join(impure) if impure else "  none")
    print("counts: " + ", ".join(f"{verdict} {tally[verdict]}" for verdict in (*VERDICTS, "unjudged")))
    purity = tally["ok"] / len(values) if values else 0.0
    metric = {
        None: "actor_facet_purity",
        "bbc+conll": "actor_facet_purity_heldout",
        "tempeval": "actor_facet_purity_tempeval",
        "nyt": "actor_facet_purity_nyt",
        "nyt2": "actor_facet_purity_nyt2",
    }[arguments.heldout]
    if arguments.ranks is not None:
        metric += f"_{arguments.ranks[0]}_{arguments.ranks[1]}"
    print(f"{metric}: {purity:.3f} (target >= {TARGET:.2f})")


if __name__ == "__main__":
    main()
