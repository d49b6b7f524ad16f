"""Which language a text is in, and what Dropwire does for each language (data, not code).

Detection is py3langid (its model ships in its wheel; chosen over lingua by bench/languages.py:
as accurate on our labelled set, several times faster, and no 20 s model load). It reads the
title and the start of the body only, so its cost per document stays small and flat.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from pipeline.data import load_data_file
from pipeline.latin1 import latin1_bytes
from pipeline.models import LanguageSource

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]


class ToneMethod(StrEnum):
    VADER = "vader"


class SearchAnalyzers(BaseModel):
    model_config = ConfigDict(extra="forbid")

    elasticsearch: str = Field(min_length=1, description="A built-in Elasticsearch language analyzer.")
    tantivy: str = Field(min_length=1, description="A tantivy Snowball stemmer language.")


class LanguagePipelineConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    model: str | None = None
    entity_labels: dict[str, str] = Field(default_factory=dict)
    dates: Literal["model", "words"] = "words"
    year_words: list[str] = Field(default_factory=list)
    taxonomy: str | None = None
    tone: ToneMethod | None = None
    search: SearchAnalyzers | None = None


class Detection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min_letters: int = Field(20, ge=0)
    min_confidence: float = Field(0.6, ge=0, le=1)
    sample_chars: int = Field(200, ge=50)


class Languages(BaseModel):
    model_config = ConfigDict(extra="forbid")

    detection: Detection = Field(default_factory=Detection)
    languages: dict[LanguageCode, LanguagePipelineConfig]

    def pipeline(self, code: str) -> LanguagePipelineConfig | None:
        """The language's entry when it has a model to analyse with."""
        entry = self.languages.get(code)
        return entry if entry is not None and entry.model else None

    def names(self) -> dict[str, str]:
        """Language code -> its name, for the page and `dropwire stats`."""
        return {code: entry.name for code, entry in self.languages.items()}

    def search_analyzers(self) -> dict[str, SearchAnalyzers]:
        """Language code -> its full-text analyzers, for every language that names them."""
        return {code: entry.search for code, entry in self.languages.items() if entry.search is not None}


def load_languages(path: Path | None = None) -> Languages:
    """The packaged language table, or the user's file; a bad file is a ConfigurationError."""
    return load_data_file(Languages, "the language table", "languages.yaml", path)


@lru_cache(maxsize=4)
def languages_table(path: Path | None = None) -> Languages:
    """The language table, read once per process per file (the caller must not change it)."""
    return load_languages(path)


@dataclass(frozen=True, slots=True)
class LanguageChoice:
    """The language a document is analysed and filed as, and why."""

    language: str
    source: LanguageSource
    detected: str | None = None
    confidence: float | None = None


def load_detector() -> None:
    """Load the detector's model now (once per process), not inside the first batch."""
    _identifier()


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    # Loaded once per process, on first use: the model is in the wheel, unpacked once per
    # machine into the cache folder (pipeline.detector_model).
    from pipeline.detector_model import load_identifier
    from pipeline.settings import machine_cache_dir

    return load_identifier(machine_cache_dir())


def detect(text: str) -> tuple[str, float]:
    """The most probable language of `text` (ISO 639-1) and its probability."""
    language, probability = _identifier().classify(text)
    return str(language), float(probability)


def detect_all(texts: Sequence[str]) -> list[tuple[str, float]]:
    """`detect` for each text, in one pass over them all (pipeline.detector_batch)."""
    from pipeline.detector_batch import classify_all

    return [(str(language), float(probability)) for language, probability in classify_all(_identifier(), texts)]


def choose_language(
    title: str | None, body: str, declared: str | None, default: str, detection: Detection
) -> LanguageChoice:
    """Detect the text's language; metadata (`declared`) wins only when the text agrees or
    cannot tell (too few letters, or too low a probability)."""
    return choose_languages([(title, body, declared)], default, detection)[0]


def choose_languages(
    texts: Sequence[tuple[str | None, str, str | None]], default: str, detection: Detection
) -> list[LanguageChoice]:
    """`choose_language` for each (title, body, declared language), detecting them together."""
    samples = [f"{title}\n{body[: detection.sample_chars]}" if title else body[: detection.sample_chars] for title, body, _ in texts]
    letters = [letters_in(sample) for sample in samples]
    readable = [number for number, count in enumerate(letters) if count]
    found = dict(zip(readable, detect_all([samples[number] for number in readable]), strict=True))
    return [
        _chosen(*found.get(number, (None, None)), letters[number], declared, default, detection)
        for number, (_, _, declared) in enumerate(texts)
    ]


# Latin-1's characters that are no letter (str.isalpha), as bytes.
_NOT_LETTER_BYTES = bytes(code for code in range(256) if not chr(code).isalpha())


def letters_in(text: str) -> int:
    """How many characters of `text` are letters (str.isalpha). A text Latin-1 holds (most
    European text) is counted as bytes, its other bytes deleted in one `bytes.translate` pass
    (a call of str.isalpha per character took about 6 us a sample)."""
    data = latin1_bytes(text)
    if data is None:
        return sum(map(str.isalpha, text))
    return len(data.translate(None, _NOT_LETTER_BYTES))


def _chosen(
    detected: str | None, confidence: float | None, letters: int, declared: str | None, default: str, detection: Detection
) -> LanguageChoice:
    tells = detected is not None and letters >= detection.min_letters and (confidence or 0) >= detection.min_confidence
    confidence = round(confidence, 4) if confidence is not None else None
    detected = detected if detected is not None and re.fullmatch(r"[a-z]{2}", detected) else None
    if declared and (not tells or detected == declared):
        return LanguageChoice(declared, LanguageSource.METADATA, detected, confidence)
    if tells and detected is not None:
        return LanguageChoice(detected, LanguageSource.TEXT, detected, confidence)
    return LanguageChoice(default, LanguageSource.DEFAULT, detected, confidence)
