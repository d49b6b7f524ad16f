"""Language detection: accuracy per language and per length, and speed, on a labelled set.

    python bench/languages.py [--conll 300] [--bbc 300] [--detector py3langid|lingua|all]

The labelled set: bench/data/languages.yaml (headlines, sentences and paragraphs written
for Dropwire in English, French, German, Spanish, Italian, Dutch and Portuguese; neighbouring
sentences of one language are also joined into longer texts), plus English sentences of
CoNLL-2003's test set and English BBC articles from ../shared when present (read, never
copied). Texts fall in length buckets by characters: short (< 40), medium (40-199),
long (200+).

`dropwire` is the decision the pipeline makes (pipeline.languages.choose_language with the
packaged settings, no metadata): a text too short to tell gets the default language, so its
`short` accuracy is that of the fallback, not of the detector; `py3langid` and `lingua` are
the detectors alone on the whole text. lingua runs only when importable (it is not a
dependency: `pip install lingua-language-detector` to compare). The last line is
`detection_accuracy: <dropwire's accuracy on medium and long texts>`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.languages import choose_language, languages_table  # noqa: E402

LABELLED = ROOT / "bench" / "data" / "languages.yaml"
SHARED = ROOT.parent / "shared"
CONLL = SHARED / "eval" / "conll2003" / "test.txt"
BBC = SHARED / "corpora" / "bbc-news" / "bbc"
BUCKETS = (("short", 0, 40), ("medium", 40, 200), ("long", 200, 10**9))
TARGET = 0.95


def bucket(text: str) -> str:
    return next(name for name, low, high in BUCKETS if low <= len(text) < high)


def written_set() -> list[tuple[str, str]]:
    data = yaml.safe_load(LABELLED.read_text("utf-8"))
    labelled: list[tuple[str, str]] = []
    for language, texts in data.items():
        texts = [" ".join(text.split()) for text in texts]
        labelled += [(language, text) for text in texts]
        sentences = [text for text in texts if 40 <= len(text) < 200]
        # Two and three neighbouring sentences joined: more long texts per language.
        labelled += [(language, " ".join(sentences[start : start + 2])) for start in range(0, len(sentences) - 1)]
        labelled += [(language, " ".join(sentences[start : start + 3])) for start in range(0, len(sentences) - 2, 2)]
    return labelled


def conll_sentences(limit: int) -> list[tuple[str, str]]:
    if not CONLL.is_file():
        print(f"(no {CONLL}: CoNLL English sentences left out)")
        return []
    sentences: list[str] = []
    words: list[str] = []
    for line in CONLL.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("-DOCSTART-"):
            # Headline-only "sentences" in capitals are kept: short, real news text.
            if len(words) >= 3:
                sentences.append(" ".join(words))
            words = []
            continue
        words.append(line.split()[0])
    step = max(len(sentences) // max(limit, 1), 1)
    return [("en", sentence) for sentence in sentences[::step][:limit]]


def bbc_articles(limit: int) -> list[tuple[str, str]]:
    if not BBC.is_dir():
        print(f"(no {BBC}: BBC English articles left out)")
        return []
    files = sorted(BBC.glob("*/*.txt"))
    step = max(len(files) // max(limit, 1), 1)
    return [("en", path.read_bytes().decode("utf-8", errors="replace").strip()) for path in files[::step][:limit]]


def detectors(which: str) -> dict[str, Callable[[str], str | None]]:
    table = languages_table()
    found: dict[str, Callable[[str], str | None]] = {
        "dropwire": lambda text: choose_language(None, text, None, "en", table.detection).language,
    }
    if which in ("py3langid", "all"):
        from pipeline.languages import detect

        found["py3langid"] = lambda text: detect(text)[0]
    if which in ("lingua", "all"):
        try:
            from lingua import LanguageDetectorBuilder
        except ImportError:
            print("(lingua is not installed: left out)")
        else:
            started = time.perf_counter()
            detector = LanguageDetectorBuilder.from_all_languages().build()
            detector.detect_language_of("warm up")
            print(f"lingua built in {time.perf_counter() - started:.1f} s")

            def lingua(text: str) -> str | None:
                found = detector.detect_language_of(text)
                return found.iso_code_639_1.name.lower() if found is not None else None

            found["lingua"] = lingua
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--conll", type=int, default=300, help="CoNLL-2003 English sentences (default 300)")
    parser.add_argument("--bbc", type=int, default=300, help="BBC English articles (default 300)")
    parser.add_argument("--detector", choices=["py3langid", "lingua", "all"], default="all")
    arguments = parser.parse_args()

    labelled = written_set() + conll_sentences(arguments.conll) + bbc_articles(arguments.bbc)
    counts = defaultdict(int)
    for language, text in labelled:
        counts[(language, bucket(text))] += 1
    print(f"labelled texts: {len(labelled)}")
    print("per language and length:", ", ".join(f"{language}/{name} {count}" for (language, name), count in sorted(counts.items())))
    decide = detectors(arguments.detector)
    for name, detect_one in decide.items():
        detect_one("warm up the model")
        right: dict[tuple[str, str], list[bool]] = defaultdict(list)
        started = time.perf_counter()
        answers = [detect_one(text) for _, text in labelled]
        seconds = time.perf_counter() - started
        characters = sum(len(text) for _, text in labelled)
        for (language, text), answer in zip(labelled, answers, strict=True):
            right[("lang", language)].append(answer == language)
            right[("length", bucket(text))].append(answer == language)
        print(f"\n{name}: {len(labelled) / seconds:.0f} texts/s, {seconds / len(labelled) * 1000:.2f} ms a text ({characters / len(labelled):.0f} characters on average)")
        print("  per language: " + ", ".join(f"{key} {sum(v) / len(v):.3f} ({len(v)})" for (kind, key), v in sorted(right.items()) if kind == "lang"))
        print("  per length:   " + ", ".join(f"{key} {sum(right[('length', key)]) / len(right[('length', key)]):.3f} ({len(right[('length', key)])})" for key, _, _ in BUCKETS if right[("length", key)]))
        misses = [(language, answer, text[:50]) for (language, text), answer in zip(labelled, answers, strict=True) if answer != language]
        for language, answer, text in misses[:6]:
            print(f"    missed: {language} read as {answer}: {text!r}")
        if name == "dropwire":
            long_enough = [answer == language for (language, text), answer in zip(labelled, answers, strict=True) if len(text) >= 40]
            accuracy = sum(long_enough) / len(long_enough)
    print("\n(dropwire's accuracy on the medium and long texts:)")
    print(f"detection_accuracy: {accuracy:.3f} (target >= {TARGET:.2f})")


if __name__ == "__main__":
    main()
