"""The theme taxonomy: a YAML file users edit, validated before anything is built from it.

Top level = the 17 IPTC Media Topics; a finer theme names one of them as `parent`.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from pipeline.data import load_data_file
from pipeline.models import IPTC_MEDIA_TOPICS, Slug



class TaxonomyTheme(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: Slug
    label: str = Field(min_length=1)
    parent: Slug | None = None
    # Words and phrases in running text (outside actor names) that speak for the theme.
    terms: list[str] = Field(default_factory=list)
    # Words that lean to the theme but are often used loosely: each counts `weak_weight`.
    weak_terms: list[str] = Field(default_factory=list)
    # Words inside an actor's name that make the actor evidence ("Labour", "FC", "Fifa").
    actors: list[str] = Field(default_factory=list)
    # How much one hit of this theme counts, for themes whose words are often used loosely.
    weight: float = Field(1.0, gt=0, le=10)

    @model_validator(mode="after")
    def _has_evidence(self) -> TaxonomyTheme:
        if not self.terms and not self.actors:
            raise ValueError(f"theme {self.id!r} has neither terms nor actors: nothing could ever give it")
        blank = [term for term in self.terms + self.weak_terms + self.actors if not term.strip()]
        if blank:
            raise ValueError(f"theme {self.id!r} has an empty term")
        return self


class ContextReading(BaseModel):
    """One meaning of a context word: the theme it speaks for, and what beside it says so."""

    model_config = ConfigDict(extra="forbid")

    theme: Slug
    # Words beside the context word that say this reading, besides the terms and actors of
    # the reading's own topic ("employers" for talks about pay; "ballistic" for a launch).
    cues: list[str] = Field(default_factory=list)
    # Entity labels of names beside it that say this reading (GPE: talks between states).
    labels: list[str] = Field(default_factory=list)


class ContextWord(BaseModel):
    """Words that take their meaning from their neighbours: talks between unions and
    employers are labour, between states diplomacy; a product launch is technology, a
    missile launch is not. Such a word counts for a reading only when that reading's
    evidence stands beside it (its sentence, at most `decision.context_window` tokens away):
    a term or actor of the reading theme's topic, one of its cues, or a name with one of its
    labels. The reading with the most such evidence wins; with none, or a tie, the word
    counts for nothing."""

    model_config = ConfigDict(extra="forbid")

    forms: list[str] = Field(min_length=1)
    readings: list[ContextReading] = Field(min_length=1)
    # Counts as a weak term (`decision.weak_weight`) for the reading it takes.
    weak: bool = False

    @model_validator(mode="after")
    def _no_blank(self) -> ContextWord:
        if any(not text.strip() for text in self.forms + [cue for reading in self.readings for cue in reading.cues]):
            raise ValueError(f"context word {self.forms[:1]} has an empty form or cue")
        return self


class Decision(BaseModel):
    """How evidence becomes themes; tuned on the even-numbered BBC files only."""

    model_config = ConfigDict(extra="forbid")

    # A second top-level theme stays when its score reaches this share of the best one's.
    keep_ratio: float = Field(0.45, gt=0, le=1)
    # ... and at least this much evidence of its own (a weighted hit count).
    min_score: float = Field(2.0, ge=0)
    # ... or one full-weight term or actor seen this many times (a title hit counts title_weight).
    min_repeats: float = Field(4.0, ge=1)
    # A finer theme needs this much evidence of its own, and its parent assigned.
    min_finer_score: float = Field(2.0, ge=0)
    # A term or actor seen again adds less each time: 1 + damping * ln(count).
    repeat_damping: float = Field(0.5, ge=0, le=1)
    # What a weak term counts for, against 1 for a term.
    weak_weight: float = Field(0.5, gt=0, le=1)
    # What one actor whose name carries a theme's word counts for, against 1 for a term.
    actor_weight: float = Field(1.0, gt=0, le=10)
    # Hits in the title count this many times.
    title_weight: float = Field(2.0, ge=1, le=10)
    # Score shown for a theme: 1 - exp(-evidence / scale).
    score_scale: float = Field(4.0, gt=0)
    # How far (in tokens, within its sentence) a context word looks for evidence of its reading.
    context_window: int = Field(20, ge=1, le=200)


class Taxonomy(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: Decision = Field(default_factory=Decision)
    themes: list[TaxonomyTheme]
    context_words: list[ContextWord] = Field(default_factory=list)

    @model_validator(mode="after")
    def _tree_is_sound(self) -> Taxonomy:
        ids = [theme.id for theme in self.themes]
        duplicates = sorted(key for key, count in Counter(ids).items() if count > 1)
        if duplicates:
            raise ValueError(f"theme ids must be unique: {', '.join(duplicates)}")
        parents = {theme.id: theme.parent for theme in self.themes}
        for theme in self.themes:
            if theme.parent is None and theme.id not in IPTC_MEDIA_TOPICS:
                raise ValueError(f"top-level theme {theme.id!r} is not an IPTC Media Topic: give it a parent")
            if theme.parent is not None and theme.parent not in parents:
                raise ValueError(f"theme {theme.id!r} names parent {theme.parent!r}, which the file does not define")
            if theme.parent is not None and parents[theme.parent] is not None:
                raise ValueError(f"theme {theme.id!r} hangs under {theme.parent!r}, itself a finer theme: one level only")
        listed = {term.lower(): theme.id for theme in self.themes for term in theme.terms + theme.weak_terms}
        forms = [form.lower() for word in self.context_words for form in word.forms]
        twice = sorted(form for form, count in Counter(forms).items() if count > 1)
        if twice:
            raise ValueError(f"context words must be listed once: {', '.join(twice)}")
        for word in self.context_words:
            for reading in word.readings:
                if reading.theme not in parents:
                    raise ValueError(f"context word {word.forms[0]!r} reads as {reading.theme!r}, which the file does not define")
            for form in word.forms:
                # Listed twice, a word would count unconditionally through the theme's terms.
                if form.lower() in listed:
                    raise ValueError(f"{form!r} is a context word and a term of {listed[form.lower()]!r}: list it once")
        return self

    def top_level(self, theme_id: str) -> str:
        theme = self.by_id[theme_id]
        return theme.parent or theme.id

    @property
    def by_id(self) -> dict[str, TaxonomyTheme]:
        return {theme.id: theme for theme in self.themes}


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """The packaged taxonomy, or the user's file; a bad file is a ConfigurationError saying where and why."""
    return load_data_file(Taxonomy, "taxonomy", "taxonomy.yaml", path)
