"""Themes from an editable taxonomy: terms matched on the model's tokens, parents implied.

Each assigned theme keeps the terms that triggered it, so a reader can see why.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from pipeline.errors import ConfigurationError
from pipeline.models import IPTC_MEDIA_TOPICS, Slug, Theme

# Hits at which a theme's score reaches ~0.63; more hits approach 1.
_SCORE_SCALE = 4.0


class TaxonomyTheme(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: Slug
    label: str = Field(min_length=1)
    parent: Slug | None = None
    terms: list[str] = Field(min_length=1)
    min_hits: int | None = Field(None, ge=1)


class Taxonomy(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min_hits: int = Field(2, ge=1)
    themes: list[TaxonomyTheme]

    @model_validator(mode="after")
    def _tree_is_sound(self) -> Taxonomy:
        ids = [theme.id for theme in self.themes]
        duplicates = sorted(key for key, count in Counter(ids).items() if count > 1)
        if duplicates:
            raise ValueError(f"theme ids must be unique: {', '.join(duplicates)}")
        known = set(ids)
        for theme in self.themes:
            if theme.parent is None and theme.id not in IPTC_MEDIA_TOPICS:
                raise ValueError(f"top-level theme {theme.id!r} is not an IPTC Media Topic: give it a parent")
            if theme.parent is not None and theme.parent not in known:
                raise ValueError(f"theme {theme.id!r} names parent {theme.parent!r}, which the file does not define")
            if theme.parent is not None and _parent_of(self.themes, theme.parent) is not None:
                raise ValueError(f"theme {theme.id!r} hangs under {theme.parent!r}, itself a finer theme: one level only")
        return self


def _parent_of(themes: list[TaxonomyTheme], theme_id: str) -> str | None:
    return next(theme.parent for theme in themes if theme.id == theme_id)


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    origin = str(path) if path else "pipeline/data/taxonomy.yaml"
    try:
        text = path.read_text("utf-8") if path else resources.files("pipeline.data").joinpath("taxonomy.yaml").read_text("utf-8")
        return Taxonomy.model_validate(yaml.safe_load(text))
    except OSError as error:
        raise ConfigurationError(f"cannot read taxonomy {origin}: {error}") from None
    except (yaml.YAMLError, ValidationError) as error:
        raise ConfigurationError(f"taxonomy {origin} is not valid: {error}") from None


@dataclass(frozen=True, slots=True)
class ThemeMatcher:
    """Built once per process from a taxonomy and the model's vocabulary.

    Lower-case terms match any case; a term with capitals ("AI", "NHS") matches only as
    written, so the tokeniser's "ai" of "ain't" is not artificial intelligence.
    """

    taxonomy: Taxonomy
    matchers: tuple[PhraseMatcher, PhraseMatcher]

    @classmethod
    def build(cls, taxonomy: Taxonomy, nlp: Language) -> ThemeMatcher:
        any_case = PhraseMatcher(nlp.vocab, attr="LOWER")
        exact_case = PhraseMatcher(nlp.vocab, attr="ORTH")
        for theme in taxonomy.themes:
            variants = {variant for term in theme.terms for variant in _variants(term)}
            lower = sorted(term for term in variants if term == term.lower())
            exact = sorted(term for term in variants if term != term.lower())
            if lower:
                any_case.add(theme.id, list(nlp.tokenizer.pipe(lower)))
            if exact:
                exact_case.add(theme.id, list(nlp.tokenizer.pipe(exact)))
        return cls(taxonomy=taxonomy, matchers=(any_case, exact_case))

    def themes(self, doc: Doc) -> list[Theme]:
        hits: dict[str, Counter[str]] = defaultdict(Counter)
        for matcher in self.matchers:
            for match_id, start, end in matcher(doc):
                hits[doc.vocab.strings[match_id]][doc[start:end].text.lower()] += 1
        return assign_themes(self.taxonomy, hits)


def assign_themes(taxonomy: Taxonomy, hits: dict[str, Counter[str]]) -> list[Theme]:
    """Pure scoring: a theme passes its threshold on its own hits plus its children's."""
    by_id = {theme.id: theme for theme in taxonomy.themes}
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    for theme_id, terms in hits.items():
        totals[theme_id].update(terms)
        parent = by_id[theme_id].parent
        if parent is not None:
            totals[parent].update(terms)
    assigned: dict[str, Theme] = {}
    for theme_id, terms in totals.items():
        definition = by_id[theme_id]
        count = sum(terms.values())
        if count < (definition.min_hits or taxonomy.min_hits):
            continue
        assigned[theme_id] = Theme(
            id=theme_id,
            label=definition.label,
            parent=definition.parent,
            score=round(1 - math.exp(-count / _SCORE_SCALE), 3),
            terms=[term for term, _ in terms.most_common()],
        )
    for theme in list(assigned.values()):
        if theme.parent is not None and theme.parent not in assigned:
            # The child passed on its own hits alone, so the parent has at least as many.
            parent = by_id[theme.parent]
            assigned[parent.id] = Theme(id=parent.id, label=parent.label, score=theme.score, terms=theme.terms)
    return sorted(assigned.values(), key=lambda theme: (-theme.score, theme.id))


def _variants(term: str) -> Iterable[str]:
    yield term
    last = term.split()[-1]
    if last.isalpha() and last.islower() and not last.endswith("s"):
        yield term + ("es" if last.endswith(("ch", "sh", "x")) else "s")
