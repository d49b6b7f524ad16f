"""Enrichment quality against public gold data, bare components beside Dropwire.

    python bench/quality.py [--conll-docs N] [--nyt N] [--tempeval-docs N]
                            [--tempeval-set platinum|training] [--only conll|nyt|tempeval] [--errors]

Reads ../shared/eval (CoNLL-2003 test, the NYT editorial snippets with human ratings, the
TempEval-3 platinum set) when present and prints, side by side:
- entities: PER/ORG/LOC entity-level precision, recall and F1 (exact token spans);
- tone: Pearson r against the mean human rating, and 3-way label accuracy;
- dates: TempEval-3 DATE expressions found, and value accuracy on the calendar values.
Ends with `conll_f1: X (target >= 0.64)`, `nyt_r: X (target >= 0.55)` and
`tempeval_value_accuracy: X (target >= 0.85)` (with `--only`, the line of that part alone).

`--errors` lists, before the figures, every TempEval-3 DATE with a calendar value that
Dropwire gets wrong: the file, its creation time (the anchor of relative dates), the gold text
and value, ours (text and value, or "-" when no DATE of ours overlaps it) and the sentence
around it, so the errors can be grouped into classes by cause. `--tempeval-set training`
(TimeBank + AQUAINT, which the rules were not written from) is the set to read them on.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import statistics
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.enrich import Enricher  # noqa: E402
from pipeline.enrich.dates import date_mentions  # noqa: E402
from pipeline.actors import actors_in_doc  # noqa: E402
from pipeline.enrich.sentiment import document_sentiment, label_for, sentence_scores  # noqa: E402
from pipeline.models import ActorKind  # noqa: E402
from pipeline.settings import Settings  # noqa: E402

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
BARE_LABELS = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
KIND_LABELS = {ActorKind.PERSON: "PER", ActorKind.ORG: "ORG", ActorKind.PLACE: "LOC"}
# Gold 3-way labels from the mean human rating (-4..+4): beyond ±0.5 is not neutral.
NYT_NEUTRAL_BAND = 0.5


# -- CoNLL-2003 ----------------------------------------------------------------------------


def conll_documents(limit: int | None) -> list[list[list[tuple[str, str]]]]:
    """Documents -> sentences -> (token, IOB2 tag)."""
    documents: list[list[list[tuple[str, str]]]] = []
    sentence: list[tuple[str, str]] = []
    for line in (EVAL / "conll2003" / "test.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            documents.append([])
            continue
        if not line.strip():
            if sentence and documents:
                documents[-1].append(sentence)
            sentence = []
            continue
        parts = line.split()
        sentence.append((parts[0], parts[-1]))
    if sentence and documents:
        documents[-1].append(sentence)
    documents = [document for document in documents if document]
    return documents[:limit] if limit else documents


def gold_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    spans, start, label = set(), None, None
    for index, tag in enumerate([*tags, "O"]):
        if tag.startswith("B-") or tag == "O" or (tag.startswith("I-") and tag[2:] != label):
            if start is not None and label in ("PER", "ORG", "LOC"):
                spans.add((start, index, label))
            start, label = (index, tag[2:]) if tag != "O" else (None, None)
    return spans


def evaluate_conll(enricher: Enricher, limit: int | None) -> dict[str, dict[str, float]]:
    counts = {"bare": Counter(), "dropwire": Counter()}
    per_label = {"bare": Counter(), "dropwire": Counter()}
    for document in conll_documents(limit):
        tokens = [token for sentence in document for token, _ in sentence]
        tags = [tag for sentence in document for _, tag in sentence]
        text, starts, ends, position = [], {}, {}, 0
        for number, sentence in enumerate(document):
            for index, (token, _) in enumerate(sentence):
                global_index = sum(len(s) for s in document[:number]) + index
                starts[position] = global_index
                ends[position + len(token)] = global_index + 1
                text.append(token)
                position += len(token) + 1
            text[-1] += "\n" if text else ""
        body = " ".join(text).replace("\n ", "\n")
        # Offsets above assume single spaces; recompute them from the joined text to be exact.
        starts, ends, cursor = {}, {}, 0
        for index, token in enumerate(tokens):
            cursor = body.index(token, cursor)
            starts[cursor], ends[cursor + len(token)] = index, index + 1
            cursor += len(token)
        gold = gold_spans(tags)
        doc = enricher.nlp(body)
        bare = {
            (starts[ent.start_char], ends[ent.end_char], BARE_LABELS[ent.label_])
            for ent in doc.ents
            if ent.label_ in BARE_LABELS and ent.start_char in starts and ent.end_char in ends
        }
        sentence_starts = [sentence.start_char for sentence in doc.sents]
        ours = set()
        for actor in actors_in_doc(doc, sentence_starts, enricher.aliases):
            label = KIND_LABELS.get(actor.kind)
            for mention in actor.mentions:
                if label and mention.start in starts and mention.end in ends:
                    ours.add((starts[mention.start], ends[mention.end], label))
        for name, predicted in (("bare", bare), ("dropwire", ours)):
            counts[name].update(tp=len(predicted & gold), fp=len(predicted - gold), fn=len(gold - predicted))
            for label in ("PER", "ORG", "LOC"):
                hits = {span for span in predicted if span[2] == label}
                truth = {span for span in gold if span[2] == label}
                per_label[name].update({f"{label}_tp": len(hits & truth), f"{label}_fp": len(hits - truth), f"{label}_fn": len(truth - hits)})
    results = {}
    for name, count in counts.items():
        results[name] = _prf(count["tp"], count["fp"], count["fn"])
        for label in ("PER", "ORG", "LOC"):
            results[name][f"{label}_f1"] = _prf(per_label[name][f"{label}_tp"], per_label[name][f"{label}_fp"], per_label[name][f"{label}_fn"])["f1"]
    return results


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


# -- NYT editorial snippets ----------------------------------------------------------------


def evaluate_nyt(enricher: Enricher, limit: int | None) -> dict[str, dict[str, float]]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    rows = []
    for line in (EVAL / "vader-nyt" / "nytEditorialSnippets_GroundTruth.txt").read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3:
            rows.append((float(parts[1]), parts[2]))
    rows = rows[:limit] if limit else rows
    analyzer = SentimentIntensityAnalyzer()
    gold = [rating for rating, _ in rows]
    bare = [analyzer.polarity_scores(text)["compound"] for _, text in rows]
    ours = []
    for doc in enricher.nlp.pipe([text for _, text in rows], batch_size=64):
        ours.append(document_sentiment(sentence_scores([sentence.text for sentence in doc.sents])).score)
    return {name: {"r": _pearson(scores, gold), "accuracy": _accuracy(scores, gold)} for name, scores in (("bare", bare), ("dropwire", ours))}


def _pearson(xs: list[float], ys: list[float]) -> float:
    return statistics.correlation(xs, ys)


def _gold_label(rating: float) -> str:
    return "positive" if rating > NYT_NEUTRAL_BAND else "negative" if rating < -NYT_NEUTRAL_BAND else "neutral"


def _accuracy(scores: list[float], gold: list[float]) -> float:
    return sum(label_for(score).value == _gold_label(rating) for score, rating in zip(scores, gold, strict=True)) / len(gold)


# -- TempEval-3 platinum -------------------------------------------------------------------

_TIMEX = re.compile(r"<TIMEX3([^>]*)>([^<]*)</TIMEX3>")
_TAG = re.compile(r"<[^>]+>")
_CALENDAR = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


TEMPEVAL_SETS = {
    "platinum": EVAL / "tempeval3" / "Evaluation" / "te3-platinum",
    # TimeBank + AQUAINT: the date rules were written looking at platinum errors, so this
    # larger set is the held-out check.
    "training": EVAL / "tempeval3" / "Training" / "TBAQ-cleaned",
}


@dataclass(frozen=True, slots=True)
class DateError:
    """One gold calendar value Dropwire did not give: where, against what anchor, and what it said."""

    file: str
    created: str
    gold_text: str
    gold_value: str
    our_text: str | None
    our_value: str | None
    sentence: str
    # The model's entities over the gold text, when none of ours is there: did the model miss
    # it, give it another label, or did we fail to read its DATE span?
    model_spans: str

    def lines(self) -> list[str]:
        ours = f"-   model: {self.model_spans or 'nothing'}" if self.our_text is None else f"{self.our_text!r} -> {self.our_value}"
        return [
            f"{self.file} (created {self.created}): gold {self.gold_text!r} -> {self.gold_value}   ours {ours}",
            f"    {self.sentence}",
        ]


def evaluate_tempeval(
    enricher: Enricher, limit: int | None, which: str = "platinum", errors: list[DateError] | None = None
) -> dict[str, dict[str, float]]:
    """Found and calendar value accuracy for the bare component and Dropwire; Dropwire's wrong
    calendar values are appended to `errors` when it is given."""
    files = sorted(TEMPEVAL_SETS[which].rglob("*.tml"))
    files = files[:limit] if limit else files
    totals = {"bare": Counter(), "dropwire": Counter()}
    for path in files:
        xml = path.read_text(encoding="utf-8")
        dct = re.search(r'<DCT>\s*<TIMEX3[^>]*?value="([^"]+)"', xml)
        published = dt.datetime.fromisoformat(dct.group(1)[:10]).replace(tzinfo=dt.UTC) if dct else None
        raw = xml[xml.index("<TEXT>") + len("<TEXT>") : xml.index("</TEXT>")]
        text, gold, position = [], [], 0
        cursor = 0
        for match in _TIMEX.finditer(raw):
            before = _TAG.sub("", raw[cursor : match.start()])
            text.append(before)
            position += len(before)
            attributes = dict(re.findall(r'(\w+)="([^"]*)"', match.group(1)))
            if attributes.get("type") == "DATE":
                gold.append((position, position + len(match.group(2)), attributes.get("value", "")))
            text.append(match.group(2))
            position += len(match.group(2))
            cursor = match.end()
        text.append(_TAG.sub("", raw[cursor:]))
        body = "".join(text)
        doc = enricher.nlp(body)
        spans = [(ent.text, ent.start_char) for ent in doc.ents if ent.label_ == "DATE"]
        predictions = {
            "bare": _bare_dates(spans, published),
            "dropwire": [(m.start, m.end, m.value) for m in date_mentions(spans, body, published)],
        }
        for name, predicted in predictions.items():
            for start, end, value in gold:
                match = next((p for p in predicted if p[0] < end and start < p[1]), None)
                totals[name]["gold"] += 1
                totals[name]["found"] += match is not None
                if _CALENDAR.match(value):
                    totals[name]["calendar"] += 1
                    right = match is not None and match[2] == value
                    totals[name]["right"] += right
                    if errors is not None and name == "dropwire" and not right:
                        errors.append(
                            DateError(
                                file=path.name,
                                created=dct.group(1) if dct else "-",
                                gold_text=body[start:end],
                                gold_value=value,
                                our_text=None if match is None else body[match[0] : match[1]],
                                our_value=None if match is None else match[2],
                                sentence=_sentence_around(body, start, end),
                                model_spans=", ".join(
                                    f"{ent.label_} {ent.text!r}" for ent in doc.ents if ent.start_char < end and start < ent.end_char
                                ),
                            )
                        )
    return {
        name: {"recall": count["found"] / max(count["gold"], 1), "value_accuracy": count["right"] / max(count["calendar"], 1), "gold": count["gold"], "calendar": count["calendar"]}
        for name, count in totals.items()
    }


def _sentence_around(body: str, start: int, end: int, reach: int = 160) -> str:
    """The sentence holding `body[start:end]` (at most `reach` characters each side), the
    expression in [brackets], on one line."""
    opening = max(body.rfind(". ", max(0, start - reach), start) + 2, body.rfind("\n", max(0, start - reach), start) + 1, max(0, start - reach))
    closing = min(x for x in (body.find(". ", end, end + reach), body.find("\n", end, end + reach), min(len(body), end + reach)) if x >= 0)
    sentence = f"{body[opening:start]}[{body[start:end]}]{body[end:closing + 1]}"
    return " ".join(sentence.split())


def _bare_dates(spans: list[tuple[str, int]], published: dt.datetime | None) -> list[tuple[int, int, str]]:
    """The bare component: dateparser on each spaCy DATE span, anchored on the document
    date, at the precision dateparser reports (no cleaning, no rules)."""
    from dateparser.date import DateDataParser

    settings = {"RELATIVE_BASE": published.replace(tzinfo=None)} if published else {}
    parser = DateDataParser(languages=["en"], settings=settings)
    formats = {"year": "%Y", "month": "%Y-%m"}
    out = []
    for text, start in spans:
        data = parser.get_date_data(text)
        if data.date_obj is not None:
            out.append((start, start + len(text), data.date_obj.strftime(formats.get(data.period or "", "%Y-%m-%d"))))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--conll-docs", type=int, default=None, help="CoNLL documents (default all 231)")
    parser.add_argument("--nyt", type=int, default=None, help="NYT snippets (default all)")
    parser.add_argument("--tempeval-docs", type=int, default=None, help="TempEval-3 documents (default all)")
    parser.add_argument("--tempeval-set", choices=sorted(TEMPEVAL_SETS), default="platinum", help="which TempEval-3 set")
    parser.add_argument("--only", choices=("conll", "nyt", "tempeval"), default=None, help="run one part alone")
    parser.add_argument("--errors", action="store_true", help="list Dropwire's wrong TempEval-3 calendar values")
    arguments = parser.parse_args()
    if not EVAL.is_dir():
        raise SystemExit(f"the gold data is not at {EVAL}: this benchmark needs ../shared/eval")
    enricher = Enricher(Settings(_env_file=None).spacy_model)
    print(f"model: {enricher.model}")
    parts = {arguments.only} if arguments.only else {"conll", "nyt", "tempeval"}
    summary: list[str] = []

    if "conll" in parts:
        conll = evaluate_conll(enricher, arguments.conll_docs)
        print("\nCoNLL-2003 test, PER/ORG/LOC, exact entity spans")
        print(f"{'':10} {'precision':>9} {'recall':>7} {'F1':>6} {'PER F1':>7} {'ORG F1':>7} {'LOC F1':>7}")
        for name, row in conll.items():
            print(f"{name:10} {row['precision']:9.3f} {row['recall']:7.3f} {row['f1']:6.3f} {row['PER_f1']:7.3f} {row['ORG_f1']:7.3f} {row['LOC_f1']:7.3f}")
        summary.append(f"conll_f1: {conll['dropwire']['f1']:.3f} (target >= 0.64)")

    if "nyt" in parts:
        nyt = evaluate_nyt(enricher, arguments.nyt)
        print(f"\nNYT editorial snippets vs mean human rating (gold label: beyond ±{NYT_NEUTRAL_BAND} is not neutral)")
        for name, row in nyt.items():
            print(f"{name:10} Pearson r {row['r']:.3f}   3-way accuracy {row['accuracy']:.3f}")
        summary.append(f"nyt_r: {nyt['dropwire']['r']:.3f} (target >= 0.55)")

    if "tempeval" in parts:
        errors: list[DateError] | None = [] if arguments.errors else None
        tempeval = evaluate_tempeval(enricher, arguments.tempeval_docs, arguments.tempeval_set, errors)
        if errors is not None:
            print(f"\nTempEval-3 {arguments.tempeval_set}: {len(errors)} calendar values Dropwire got wrong")
            for error in errors:
                print("\n".join(error.lines()))
        first = next(iter(tempeval.values()))
        print(f"\nTempEval-3 {arguments.tempeval_set} DATE expressions ({first['gold']} gold, {first['calendar']} with calendar values)")
        for name, row in tempeval.items():
            print(f"{name:10} found {row['recall']:.3f}   calendar value accuracy {row['value_accuracy']:.3f}")
        summary.append(f"tempeval_value_accuracy: {tempeval['dropwire']['value_accuracy']:.3f} (target >= 0.85)")

    print()
    print("\n".join(summary))


if __name__ == "__main__":
    main()
