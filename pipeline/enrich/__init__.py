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

from pipeline.actors import AliasTable, actors_in_doc, load_alias_table
from pipeline.enrich.dates import date_mentions
from pipeline.enrich.nlp import load_nlp, model_label
from pipeline.enrich.sentiment import document_sentiment, mean_score, sentence_scores
from pipeline.enrich.themes import ThemeMatcher, load_taxonomy
from pipeline.models import Actor, DateMention, Sentiment, Theme

Context = TypeVar("Context")


# spaCy refuses texts over nlp.max_length (1,000,000 characters) and its memory grows with a
# text's length: longer texts are read in pieces of at most this many characters.
PIECE_CHARS = 100_000
_PIECE_ENDS = ("\n", ". ", " ")


def split_for_model(text: str, limit: int = PIECE_CHARS) -> list[str]:
    """`text` cut into pieces of at most `limit` characters, at a line end if there is one,
    else a sentence end, else a space; the pieces joined are the text."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        cut = -1
        for end in _PIECE_ENDS:
            found = text.rfind(end, start + 1, start + limit)
            if found > start:
                cut = found + len(end) if end != "\n" else found
                break
        if cut <= start:
            cut = start + limit
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


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
    ) -> None:
        self.nlp = load_nlp(model)
        self.model = model_label(self.nlp)
        self.aliases: AliasTable = load_alias_table(aliases_file)
        self.themes = ThemeMatcher.build(load_taxonomy(taxonomy_file), self.nlp)
        self.batch_size = batch_size
        # Time spent on a doc after the model has run, for the benchmarks' per-stage report.
        self.seconds_after_model = 0.0


    def enrich_many(self, items: Iterable[tuple[Text, Context]]) -> Iterator[tuple[Enrichments, Context]]:
        """Enrich texts in order, batched through nlp.pipe; each context comes back with its result.

        A text longer than `PIECE_CHARS` goes through the model in pieces cut at line or
        sentence ends, joined back into one Doc, so its offsets stay those of the text."""
        pending: dict[int, Text] = {}
        pieces_of: dict[int, list[Doc]] = {}

        def texts() -> Iterator[tuple[str, tuple[int, int, Context]]]:
            for number, (text, context) in enumerate(items):
                pending[number] = text
                pieces = split_for_model(text.for_model, PIECE_CHARS)
                for piece in pieces:
                    yield piece, (number, len(pieces), context)

        # One process per Enricher: several cores are used by enriching whole batches in
        # worker processes (pipeline.enrich.workers), which ships no Docs between processes.
        stream = self.nlp.pipe(texts(), as_tuples=True, batch_size=self.batch_size)
        # The model runs over a whole batch before our work on its docs: its loop stays as
        # tight as a bare nlp.pipe, instead of alternating with ours doc by doc.
        while batch := list(itertools.islice(stream, self.batch_size)):
            started = time.perf_counter()
            whole: list[tuple[Doc, int, Context]] = []
            for doc, (number, count, context) in batch:
                if count == 1:
                    whole.append((doc, number, context))
                    continue
                pieces_of.setdefault(number, []).append(doc)
                if len(pieces_of[number]) == count:
                    whole.append((Doc.from_docs(pieces_of.pop(number), ensure_whitespace=False), number, context))
            done = [(self.enrich_doc(doc, pending.pop(number)), context) for doc, number, context in whole]
            self.seconds_after_model += time.perf_counter() - started
            yield from done

    def enrich(self, body: str, published_at: dt.datetime | None = None, title: str | None = None) -> Enrichments:
        return next(self.enrich_many([(Text(body, title, published_at), None)]))[0]

    def enrich_doc(self, doc: Doc, text: Text) -> Enrichments:
        sentences = list(doc.sents)
        starts = [sentence.start_char for sentence in sentences]
        # A slice of the doc's text is the sentence's text (the tokens cover the text without
        # gaps); Span.text would join its tokens again, sentence by sentence.
        whole = doc.text
        scores = sentence_scores([whole[sentence.start_char : sentence.end_char] for sentence in sentences])
        resolved = actors_in_doc(doc, starts, self.aliases, text.for_model)
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
        date = doc.vocab.strings["DATE"]  # compare hashes: label_ makes a string per entity
        spans = [
            (whole[ent.start_char : ent.end_char], ent.start_char - offset)
            for ent in doc.ents
            if ent.label == date and ent.start_char >= offset
        ]
        return Enrichments(
            actors=actors,
            dates=date_mentions(spans, text.body, text.published_at),
            sentiment=document_sentiment(scores),
            themes=self.themes.themes(doc, text.body_offset),
        )


@lru_cache(maxsize=2)
def get_enricher(model: str, taxonomy_file: Path | None, aliases_file: Path | None, batch_size: int) -> Enricher:
    """One Enricher per configuration per process: the model loads once."""
    return Enricher(model, taxonomy_file=taxonomy_file, aliases_file=aliases_file, batch_size=batch_size)
