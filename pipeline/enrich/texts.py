"""What enrichment reads and what it gives back: plain data, no spaCy.

A process that only hands texts to enrichment workers and stores what they send (the parent
of a multi-process ingest) imports this module, not the model's libraries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.models import Actor, Analysis, DateMention, LanguageSource, Sentiment, Theme

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
    # The language the drop's metadata names, if any: it wins only when the text agrees or cannot tell.
    language: str | None = None

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
    sentiment: Sentiment | None
    themes: list[Theme]
    language: str | None = None
    language_source: LanguageSource | None = None
    language_detected: str | None = None
    language_confidence: float | None = None
    not_analysed: tuple[Analysis, ...] = ()
    # The label of the model that read the text ("none" when no pipeline did).
    model: str | None = None
    # Alias keys of the names this text showed to be works ("the film The Aviator"): the
    # archive's registry counts them, so a work named without a cue elsewhere is no actor.
    works: tuple[str, ...] = ()
    # Alias keys of the names a cue in this text showed to be an organisation where the model
    # read a person or a people ("Keane frontman", "rock band X"): the registry weighs them
    # above the model's bare readings of the name in other documents.
    cued_organisations: tuple[str, ...] = ()
