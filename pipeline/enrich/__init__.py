"""Enrichment: one spaCy pass per text feeds actors, dates, tone and themes.

`Enricher` is built once per process (the model, alias table and taxonomy load once)
and takes texts in batches through `nlp.pipe`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from spacy.tokens import Doc

from pipeline.enrich.aliases import AliasTable, load_alias_table
from pipeline.enrich.dates import date_mentions
from pipeline.enrich.entities import mentions_from_doc, resolve_actors
from pipeline.enrich.nlp import load_nlp, model_label
from pipeline.enrich.sentiment import document_sentiment, mean_score, sentence_scores
from pipeline.enrich.themes import ThemeMatcher, load_taxonomy
from pipeline.models import Actor, DateMention, Sentiment, Theme

Context = TypeVar("Context")


@dataclass(frozen=True, slots=True)
class Text:
    """What the model reads: the title (actors in headlines count) and the body."""

    body: str
    title: str | None = None
    published_at: dt.datetime | None = None

    @property
    def for_model(self) -> str:
        return f"{self.title}\n\n{self.body}" if self.title else self.body

    @property
    def body_offset(self) -> int:
        """Where the body starts in `for_model`: date offsets are kept relative to the body."""
        return len(self.title) + 2 if self.title else 0


@dataclass(frozen=True, slots=True)
class Enrichments:
    actors: list[Actor]
    dates: list[DateMention]
    sentiment: Sentiment
    themes: list[Theme]


class Enricher:
    def __init__(
        self,
        model: str,
        *,
        taxonomy_file: Path | None = None,
        aliases_file: Path | None = None,
        batch_size: int = 32,
        processes: int = 1,
    ) -> None:
        self.nlp = load_nlp(model)
        self.model = model_label(self.nlp)
        self.aliases: AliasTable = load_alias_table(aliases_file)
        self.themes = ThemeMatcher.build(load_taxonomy(taxonomy_file), self.nlp)
        self.batch_size = batch_size
        self.processes = processes
        # Time spent on a doc after the model has run, for the benchmarks' per-stage report.
        self.seconds_after_model = 0.0


    def enrich_many(self, items: Iterable[tuple[Text, Context]]) -> Iterator[tuple[Enrichments, Context]]:
        """Enrich texts in order, batched through nlp.pipe; each context comes back with its result."""
        pending: dict[int, Text] = {}

        def texts() -> Iterator[tuple[str, tuple[int, Context]]]:
            for number, (text, context) in enumerate(items):
                pending[number] = text
                yield text.for_model, (number, context)

        stream = self.nlp.pipe(texts(), as_tuples=True, batch_size=self.batch_size, n_process=self.processes)
        # The model runs over a whole batch before our work on its docs: its loop stays as
        # tight as a bare nlp.pipe, instead of alternating with ours doc by doc.
        while batch := list(itertools.islice(stream, self.batch_size)):
            started = time.perf_counter()
            done = [(self.enrich_doc(doc, pending.pop(number)), context) for doc, (number, context) in batch]
            self.seconds_after_model += time.perf_counter() - started
            yield from done

    def enrich(self, body: str, published_at: dt.datetime | None = None, title: str | None = None) -> Enrichments:
        return next(self.enrich_many([(Text(body, title, published_at), None)]))[0]

    def enrich_doc(self, doc: Doc, text: Text) -> Enrichments:
        sentences = list(doc.sents)
        starts = [sentence.start_char for sentence in sentences]
        scores = sentence_scores([sentence.text for sentence in sentences])
        resolved = resolve_actors(mentions_from_doc(doc, starts), self.aliases)
        actors = [
            Actor(
                name=actor.name,
                kind=actor.kind,
                aliases=actor.aliases,
                mentions=len(actor.mentions),
                sentiment=mean_score([scores[index] for index in actor.sentences]),
            )
            for actor in resolved
        ]
        offset = text.body_offset
        spans = [(ent.text, ent.start_char - offset) for ent in doc.ents if ent.label_ == "DATE" and ent.start_char >= offset]
        return Enrichments(
            actors=actors,
            dates=date_mentions(spans, text.body, text.published_at),
            sentiment=document_sentiment(scores),
            themes=self.themes.themes(doc, text.body_offset),
        )


@lru_cache(maxsize=2)
def get_enricher(
    model: str, taxonomy_file: Path | None, aliases_file: Path | None, batch_size: int, processes: int
) -> Enricher:
    """One Enricher per configuration per process: the model loads once."""
    return Enricher(
        model, taxonomy_file=taxonomy_file, aliases_file=aliases_file, batch_size=batch_size, processes=processes
    )
