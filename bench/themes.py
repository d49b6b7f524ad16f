"""Theme quality, measured through the real Enricher (the spaCy model users get).

    python bench/themes.py [--split odd|even] [--taxonomy FILE] [--every N] [--show-misses N]
    python bench/themes.py --heldout [heldout|heldout2|heldout3] [--taxonomy FILE] [--show-misses N] [--dump]

1. The BBC news corpus from ../shared (2,225 articles in five sections), when present: each
   section maps to one IPTC top-level topic. Only the odd-numbered files are scored by
   default; the even-numbered ones were the only ones used to tune the taxonomy's decision.
2. Hand-written articles (bench/themes_articles.yaml) on the topics the BBC lacks, each
   labelled with every top-level topic it belongs to.
Prints per-topic precision and recall, a confusion table, the share of documents without a
theme, micro F1 on the hand-written set, and last `theme_top1_accuracy: A (target >= 0.90)`.

`--heldout` scores news the taxonomy was not written from, judged by reading each story
(bench/data/theme_judgements_heldout.yaml, written before any term was added from it):
every HELDOUT_TEMPEVAL_EVERY-th of the 276 TempEval-3 news-wire stories (../shared/eval/tempeval3,
1989-2013: AP, NYT, WSJ, CNN, VOA, Xinhua...) and every HELDOUT_NYT_EVERY-th of the 498 New York
Times editorials of ../shared/eval/vader-nyt (1989-1991), rebuilt as bench/actors.py rebuilds
them. Prints precision (assigned top-level themes the reader agrees with), recall (the
reader's topics that were assigned), documents with no theme, and last
`heldout_theme_f1: F`. `--dump` prints each story's text and themes instead, for judging.

`--heldout heldout2` scores a second sample, judged the same way before the session-11 changes
(bench/data/theme_judgements_heldout2.yaml): every HELDOUT2_CONLL_EVERY-th of the 231 CoNLL-2003
test documents (Reuters, August 1996; the first line, the wire's headline, as title), and
TempEval-3 stories and NYT editorials that the first sample leaves out (offset by half its step).
Its last line is `heldout2_theme_f1: F`.

`--heldout heldout3` scores a third sample, judged before the session-12 changes
(bench/data/theme_judgements_heldout3.yaml): CoNLL-2003 test documents, TempEval-3 stories and NYT
editorials that neither earlier sample takes (HELDOUT3_* below). Its last line is `heldout3_theme_f1: F`.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.enrich import Enricher, Text  # noqa: E402
from pipeline.models import Theme  # noqa: E402
from pipeline.settings import Settings  # noqa: E402

BBC = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bbc-news" / "bbc"
ARTICLES = Path(__file__).resolve().parent / "themes_articles.yaml"
HELDOUT_JUDGEMENTS = Path(__file__).resolve().parent / "data" / "theme_judgements_heldout.yaml"
HELDOUT_TEMPEVAL_EVERY = 3  # 92 of 276 stories
HELDOUT_NYT_EVERY = 18  # 28 of 498 editorials
HELDOUT2_JUDGEMENTS = Path(__file__).resolve().parent / "data" / "theme_judgements_heldout2.yaml"
HELDOUT2_CONLL_EVERY = 6  # 39 of 231 documents
HELDOUT2_TEMPEVAL = slice(1, None, 12)  # 23 stories, none of them in the first sample (which takes 0, 3, 6...)
HELDOUT2_NYT = slice(9, None, 54)  # 10 editorials, none in the first sample (0, 18, 36...)
HELDOUT3_JUDGEMENTS = Path(__file__).resolve().parent / "data" / "theme_judgements_heldout3.yaml"
# Odd numbers only: every 8th from the 4th is never one of heldout2's every-6th (all even).
HELDOUT3_CONLL = slice(3, None, 8)  # 29 documents
HELDOUT3_TEMPEVAL = slice(7, None, 12)  # 23 stories: 7, 19... are neither 0 mod 3 (heldout) nor 1 mod 12 (heldout2)
HELDOUT3_NYT = slice(27, None, 54)  # 9 editorials: 27 mod 54 is neither 0 mod 18 (heldout) nor 9 mod 54 (heldout2)
HELDOUT_SETS = {"heldout": HELDOUT_JUDGEMENTS, "heldout2": HELDOUT2_JUDGEMENTS, "heldout3": HELDOUT3_JUDGEMENTS}
SECTION_TOPICS = {
    "business": "economy-business-finance",
    "entertainment": "arts-culture-entertainment-media",
    "politics": "politics",
    "sport": "sport",
    "tech": "science-technology",
}
TARGETS = {"top1": 0.90, "among": 0.95, "none": 0.01, "hand_f1": 0.80}


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    text: Text
    expected: frozenset[str]
    primary: str  # the topic listed first: the row of the confusion table


@dataclass(frozen=True, slots=True)
class Outcome:
    case: Case
    top: str | None  # the best top-level theme
    topics: frozenset[str]  # every top-level theme assigned


def bbc_cases(split: str) -> list[Case]:
    """One case per BBC article of the split (odd or even file number); the file is read, never kept."""
    cases = []
    for path in sorted(BBC.glob("*/*.txt")):
        if path.parent.name not in SECTION_TOPICS or int(path.stem) % 2 != (split == "odd"):
            continue
        raw = path.read_bytes().decode("utf-8", errors="replace")
        title, _, body = raw.strip().partition("\n")
        text = Text(body.strip(), title.strip())
        topic = SECTION_TOPICS[path.parent.name]
        cases.append(Case(f"{path.parent.name}/{path.stem}", text, frozenset({topic}), topic))
    return cases


def hand_cases(path: Path = ARTICLES) -> list[Case]:
    articles = yaml.safe_load(path.read_text("utf-8"))["articles"]
    return [
        Case(article["title"], Text(article["body"], article["title"]), frozenset(article["topics"]), article["topics"][0])
        for article in articles
    ]


def heldout_cases() -> list[Case]:
    """The held-out sample, its expected topics empty: they come from the judgements file."""
    from bench.actors import NYT, TEMPEVAL, nyt_editorials, tempeval_files, timeml_drop

    cases = []
    for path in tempeval_files(TEMPEVAL)[::HELDOUT_TEMPEVAL_EVERY]:
        _, front, body = timeml_drop(path.read_text("utf-8")).split("---\n", 2)
        title = (yaml.safe_load(front) or {}).get("title")
        cases.append(Case(f"tempeval/{path.stem}", Text(body.strip(), title), frozenset(), ""))
    if NYT.is_file():
        for number, editorial in list(enumerate(nyt_editorials(NYT, None)))[::HELDOUT_NYT_EVERY]:
            cases.append(Case(f"nyt/{number:03d}", Text(editorial), frozenset(), ""))
    return cases


def heldout2_cases() -> list[Case]:
    """The second held-out sample, its expected topics empty: they come from its judgements file."""
    return _mixed_cases(slice(None, None, HELDOUT2_CONLL_EVERY), HELDOUT2_TEMPEVAL, HELDOUT2_NYT)


def heldout3_cases() -> list[Case]:
    """The third held-out sample (session 12), its expected topics empty: they come from its judgements file."""
    return _mixed_cases(HELDOUT3_CONLL, HELDOUT3_TEMPEVAL, HELDOUT3_NYT)


def _mixed_cases(conll: slice, tempeval: slice, nyt: slice) -> list[Case]:
    """CoNLL-2003 test documents, TempEval-3 stories and NYT editorials, each source sliced."""
    from bench.actors import CONLL, NYT, TEMPEVAL, conll_stories, nyt_editorials, tempeval_files, timeml_drop

    cases = []
    if CONLL.is_file():
        for number, story in list(enumerate(conll_stories(CONLL)))[conll]:
            title, _, body = story.partition("\n")
            cases.append(Case(f"conll/{number:03d}", Text(body.strip(), title.strip()), frozenset(), ""))
    for path in tempeval_files(TEMPEVAL)[tempeval]:
        _, front, body = timeml_drop(path.read_text("utf-8")).split("---\n", 2)
        title = (yaml.safe_load(front) or {}).get("title")
        cases.append(Case(f"tempeval/{path.stem}", Text(body.strip(), title), frozenset(), ""))
    if NYT.is_file():
        for number, editorial in list(enumerate(nyt_editorials(NYT, None)))[nyt]:
            cases.append(Case(f"nyt/{number:03d}", Text(editorial), frozenset(), ""))
    return cases


def load_heldout_judgements(path: Path = HELDOUT_JUDGEMENTS) -> dict[str, frozenset[str]]:
    """document id -> the top-level topics a reader files it under."""
    rows = yaml.safe_load(path.read_text("utf-8"))["documents"]
    return {row["id"]: frozenset(row["topics"]) for row in rows}


def heldout_figures(outcomes: Sequence[Outcome]) -> dict[str, float]:
    """Micro precision and recall of the top-level themes against the reader's topics."""
    tp = sum(len(o.topics & o.case.expected) for o in outcomes)
    assigned = sum(len(o.topics) for o in outcomes)
    expected = sum(len(o.case.expected) for o in outcomes)
    precision = tp / assigned if assigned else 0.0
    recall = tp / expected if expected else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if tp else 0.0,
        "none": sum(o.top is None for o in outcomes) / len(outcomes),
    }


def heldout(enricher: Enricher, misses: int, dump: bool, name: str = "heldout") -> None:
    cases = {"heldout": heldout_cases, "heldout2": heldout2_cases, "heldout3": heldout3_cases}[name]()
    judgements = HELDOUT_SETS[name]
    if not cases:
        print("the TempEval-3 stories (../shared/eval/tempeval3) are not beside the checkout: nothing to measure")
        return
    if dump:
        results = enricher.enrich_many((case.text, case) for case in cases)
        for enrichments, case in results:
            print(f"=== {case.name} | {case.text.title or ''}")
            for theme in enrichments.themes:
                print(f"  theme {theme.id} {theme.score} {theme.terms[:8]}")
            print(case.text.body)
        return
    judged = load_heldout_judgements(judgements)
    unjudged = [case.name for case in cases if case.name not in judged]
    if unjudged:
        raise SystemExit(f"{judgements}: no judgement for {', '.join(unjudged)}")
    cases = [Case(case.name, case.text, judged[case.name], min(judged[case.name], default="")) for case in cases]
    outcomes = run(enricher, cases)
    figures = heldout_figures(outcomes)
    sources = Counter(case.name.partition("/")[0] for case in cases)
    print(f"held-out news ({len(cases)}: " + ", ".join(f"{count} {source}" for source, count in sources.items()) + "), judged by reading")
    print_per_topic(outcomes, top_only=False)
    show_misses(outcomes, misses)
    print(f"{name}_theme_precision: {figures['precision']:.3f}")
    print(f"{name}_theme_recall: {figures['recall']:.3f}")
    print(f"{name}_theme_none_share: {figures['none']:.3f}")
    print(f"{name}_theme_f1: {figures['f1']:.3f}")


def outcome(case: Case, themes: Sequence[Theme]) -> Outcome:
    top_level = [theme for theme in themes if theme.parent is None]
    best = max(top_level, key=lambda theme: theme.score).id if top_level else None
    return Outcome(case, best, frozenset(theme.id for theme in top_level))


def run(enricher: Enricher, cases: Iterable[Case]) -> list[Outcome]:
    results = enricher.enrich_many((case.text, case) for case in cases)
    return [outcome(case, enrichments.themes) for enrichments, case in results]


def bbc_figures(outcomes: Sequence[Outcome]) -> dict[str, float]:
    total = len(outcomes)
    return {
        "top1": sum(o.top in o.case.expected for o in outcomes) / total,
        "among": sum(bool(o.topics & o.case.expected) for o in outcomes) / total,
        "none": sum(o.top is None for o in outcomes) / total,
    }


def per_topic(outcomes: Sequence[Outcome], *, top_only: bool) -> dict[str, tuple[int, int, int]]:
    """topic -> (true positives, false positives, false negatives)."""
    counts: dict[str, list[int]] = {}
    for o in outcomes:
        predicted = {o.top} - {None} if top_only else set(o.topics)
        for topic in predicted | o.case.expected:
            row = counts.setdefault(topic, [0, 0, 0])
            row[0 if topic in predicted and topic in o.case.expected else 1 if topic in predicted else 2] += 1
    return {topic: (tp, fp, fn) for topic, (tp, fp, fn) in sorted(counts.items())}


def micro_f1(outcomes: Sequence[Outcome]) -> float:
    rows = per_topic(outcomes, top_only=False).values()
    tp, fp, fn = (sum(row[index] for row in rows) for index in range(3))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def print_per_topic(outcomes: Sequence[Outcome], *, top_only: bool) -> None:
    print(f"  {'topic':34} {'prec':>6} {'recall':>6} {'tp':>5} {'fp':>5} {'fn':>5}")
    for topic, (tp, fp, fn) in per_topic(outcomes, top_only=top_only).items():
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        print(f"  {topic:34} {precision:6.2f} {recall:6.2f} {tp:5d} {fp:5d} {fn:5d}")


def print_confusion(outcomes: Sequence[Outcome]) -> None:
    """Rows: the expected topic (the first listed, for several); columns: the top theme given."""
    rows: dict[str, Counter[str]] = {}
    for o in outcomes:
        rows.setdefault(o.case.primary, Counter())[o.top or "(none)"] += 1
    columns = sorted({column for row in rows.values() for column in row})
    short = {column: column[:6] for column in columns}
    print("  expected \\ top theme".ljust(36) + " ".join(f"{short[column]:>6}" for column in columns))
    for expected, row in sorted(rows.items()):
        print(f"  {expected:34}" + " ".join(f"{row.get(column, 0):6d}" for column in columns))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["odd", "even"], default="odd", help="BBC files to score (default odd: not tuned on)")
    parser.add_argument("--taxonomy", type=Path, help="a taxonomy file instead of the packaged one")
    parser.add_argument("--show-misses", type=int, default=0, help="print up to N misclassified cases of each set")
    parser.add_argument("--every", type=int, default=1, help="score every Nth BBC file of the split only (a quick look)")
    parser.add_argument(
        "--heldout",
        nargs="?",
        const="heldout",
        choices=sorted(HELDOUT_SETS),
        help="score a held-out sample instead: heldout (the default: TempEval-3 wire, NYT editorials), heldout2 or heldout3 (CoNLL-2003 too)",
    )
    parser.add_argument("--dump", action="store_true", help="with --heldout: print each story and its themes, for judging")
    arguments = parser.parse_args()
    settings = Settings(_env_file=None)
    enricher = Enricher(settings.spacy_model, taxonomy_file=arguments.taxonomy)
    if arguments.heldout:
        heldout(enricher, arguments.show_misses, arguments.dump, arguments.heldout)
        return

    hand = run(enricher, hand_cases())
    print(f"hand-written articles ({len(hand)}, {ARTICLES.name}): per-topic precision and recall, all top-level themes")
    print_per_topic(hand, top_only=False)
    print_confusion(hand)
    hand_none = sum(o.top is None for o in hand) / len(hand)
    print(f"  no theme: {hand_none:.1%}; top theme among expected: {sum(o.top in o.case.expected for o in hand) / len(hand):.1%}")
    show_misses(hand, arguments.show_misses)
    hand_f1 = micro_f1(hand)
    print(f"hand_micro_f1: {hand_f1:.3f} (target >= {TARGETS['hand_f1']:.2f})")

    if not BBC.is_dir():
        print(f"BBC corpus not found at {BBC}: skipped")
        return
    bbc = run(enricher, bbc_cases(arguments.split)[:: arguments.every])
    figures = bbc_figures(bbc)
    print(f"BBC news, {arguments.split}-numbered files ({len(bbc)}): per-topic precision and recall of the top theme")
    print_per_topic(bbc, top_only=True)
    print_confusion(bbc)
    show_misses(bbc, arguments.show_misses)
    print(f"theme_among_accuracy: {figures['among']:.3f} (target >= {TARGETS['among']:.2f})")
    print(f"theme_none_share: {figures['none']:.3f} (target <= {TARGETS['none']:.2f})")
    print(f"theme_top1_accuracy: {figures['top1']:.3f} (target >= {TARGETS['top1']:.2f})")


def show_misses(outcomes: Sequence[Outcome], limit: int) -> None:
    misses = [o for o in outcomes if o.topics != o.case.expected][:limit]
    for o in misses:
        print(f"    miss {o.case.name}: expected {sorted(o.case.expected)}, top {o.top}, all {sorted(o.topics)}")


if __name__ == "__main__":
    main()
