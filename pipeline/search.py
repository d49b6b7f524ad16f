"""The backend-neutral query model: text and filters in, hits, highlights and facets out."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import html
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from pipeline.models import EARLIEST_DATE, LATEST_DATE, ActorKind, Document, SentimentLabel, SourceKind


class _Deferred(BaseModel):
    # Built on first use: commands that never search (--help, version) do not pay for it.
    # Empty lists are plain defaults (pydantic copies them per instance), not default_factory=list:
    # a builtin factory has pydantic read its signature from text, with the tokenizer (~20 M
    # instructions of a search).
    model_config = ConfigDict(defer_build=True)


class SearchQuery(BaseModel):
    """What a user asks. `text` uses simple query syntax and never raises: bad syntax is read as words."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    text: str = ""
    actors: list[str] = Field([], description="Canonical actor names; all must be present.")
    themes: list[str] = Field([], description="Theme ids; all must be present.")
    since: dt.date | None = Field(None, description="First day (inclusive) of publication, or arrival when undated.")
    until: dt.date | None = Field(None, description="Last day (inclusive).")
    sentiment: SentimentLabel | None = None
    source_kind: SourceKind | None = None
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")] | None = Field(
        None, description="Only documents in this language (ISO 639-1)."
    )
    media_type: Annotated[str, StringConstraints(pattern=r"^[\w.+-]+/[\w.+-]+$")] | None = Field(
        None, description="Only documents read as this media type (application/pdf, message/rfc822, ...)."
    )
    limit: int = Field(10, ge=0, le=1000)
    offset: int = Field(0, ge=0, le=10_000, description="For shallow paging; deeper pages use `cursor`.")
    cursor: str | None = Field(None, description="`next_cursor` of the previous page: deep paging.")
    facet_size: int = Field(10, ge=1, le=1000)

    @model_validator(mode="after")
    def _range_in_order(self) -> SearchQuery:
        for name, day in (("since", self.since), ("until", self.until)):
            if day is not None and not EARLIEST_DATE.date() <= day <= LATEST_DATE.date():
                raise ValueError(
                    f"{name} {day} is outside the dates the archive holds "
                    f"({EARLIEST_DATE:%Y-%m-%d} .. {LATEST_DATE:%Y-%m-%d})"
                )
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since ({self.since}) is after until ({self.until})")
        if self.cursor is not None:
            Cursor.decode(self.cursor)
        return self


class Cursor(BaseModel):
    """Where the next page starts: an offset (embedded store) or sort values (Elasticsearch)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    offset: int = Field(0, ge=0, le=100_000_000)
    # Elasticsearch's sort values of the last hit: its score, then its id.
    after: tuple[float, Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]] | None = None

    def encode(self) -> str:
        return base64.urlsafe_b64encode(self.model_dump_json(exclude_none=True).encode()).decode()

    @classmethod
    def decode(cls, token: str) -> Cursor:
        try:
            return cls.model_validate_json(base64.urlsafe_b64decode(token.encode()))
        except (ValidationError, binascii.Error, ValueError):
            raise ValueError("cursor is not one this archive handed out; start again without it") from None


class _Stored(BaseModel):
    # Reads the fields it names from a stored Document's JSON and skips the rest.
    model_config = ConfigDict(extra="ignore", defer_build=True)


class _StoredSource(_Stored):
    uri: str
    location: str | None = None


class _StoredTone(_Stored):
    score: float
    label: SentimentLabel


class _StoredName(_Stored):
    name: str


class _StoredTheme(_Stored):
    id: str


class StoredHit(_Stored):
    """A stored Document read for what its hit shows. The Document was validated when it was
    written; a search reads these fields typed without checking its invariants again (a
    whole Document per hit, its id the sha256 of its body, was a fifth of a search's work
    after start-up)."""

    id: str
    title: str | None = None
    body: str
    language: str
    published_at: AwareDatetime | None = None
    received_at: AwareDatetime
    source: _StoredSource
    sentiment: _StoredTone | None = None
    themes: list[_StoredTheme] = []
    actors: list[_StoredName] = []

    @property
    def dated_at(self) -> dt.datetime:
        return self.published_at or self.received_at


class SearchHit(_Deferred):
    """One result: what a list of hits shows, without the whole text."""

    id: str
    title: str | None
    highlight: str = Field(description="HTML: document text escaped, matches wrapped in <b>.")
    dated_at: AwareDatetime
    published_at: AwareDatetime | None
    sentiment: SentimentLabel | None = Field(description="Null when the tone was not analysed in the document's language.")
    sentiment_score: float | None
    language: str = "en"
    themes: list[str]
    actors: list[str]
    source_uri: str
    location: str | None = Field(None, description="Where the original is filed now.")
    score: float

    @classmethod
    def of(cls, document: Document | StoredHit, highlight: str, score: float) -> SearchHit:
        return cls(
            id=document.id,
            title=document.title,
            highlight=highlight,
            dated_at=document.dated_at,
            published_at=document.published_at,
            sentiment=document.sentiment.label if document.sentiment is not None else None,
            sentiment_score=document.sentiment.score if document.sentiment is not None else None,
            language=document.language,
            themes=[theme.id for theme in document.themes],
            actors=[actor.name for actor in document.actors],
            source_uri=document.source.uri,
            location=document.source.location,
            score=score,
        )


class FacetValue(_Deferred):
    value: str
    count: int


class ActorFacetValue(FacetValue):
    kind: ActorKind


class Facets(_Deferred):
    actors: list[ActorFacetValue] = Field([])
    themes: list[FacetValue] = Field([])
    months: list[FacetValue] = Field([], description="YYYY-MM, oldest first.")
    sentiment: list[FacetValue] = Field([])
    sources: list[FacetValue] = Field([])
    languages: list[FacetValue] = Field([], description="Documents per language (ISO 639-1).")

    @classmethod
    def from_buckets(cls, buckets: dict[str, list[tuple[str, int]]], actor_separator: str) -> Facets:
        """Facets from `(key, doc_count)` buckets per facet; actor keys are `kind<sep>name`."""
        readings = []
        for key, count in buckets.get("actors", []):
            kind, _, name = key.partition(actor_separator)
            readings.append((name, ActorKind(kind), count))
        actors = [ActorFacetValue(value=name, kind=kind, count=count) for name, kind, count in voted_kinds(readings)]
        plain = {
            name: [FacetValue(value=key, count=count) for key, count in buckets.get(name, [])]
            for name in ("themes", "months", "sentiment", "sources", "languages")
        }
        plain["months"].sort(key=lambda facet: facet.value)
        # Stores order ties as they like; by name they read the same everywhere.
        actors.sort(key=lambda facet: (-facet.count, facet.value))
        for name in ("themes", "sentiment", "sources", "languages"):
            plain[name].sort(key=lambda facet: (-facet.count, facet.value))
        return cls(actors=actors, **plain)


# The model's usual slips: a firm or a place read as a person ("Yukos"), a party as a group.
SLIP_KINDS = frozenset({ActorKind.PERSON, ActorKind.GROUP})


def voted_kinds(readings: list[tuple[str, ActorKind, int]]) -> list[tuple[str, ActorKind, int]]:
    """One facet value per actor where documents read one name as several kinds: the kind
    most of them gave it, as the registry votes at ingest. The vote only reaches documents
    ingested after it, so the earliest keep their own reading; here every document counts.

    A person or group reading joins the reading most documents gave ("Sri Lanka" the place,
    whatever four match reports' model said), and for a one-word name an organisation or a
    place wins a tie. An organisation or place reading is kept apart ("Newcastle" the club
    and the city are two actors), except that a name of several words that at least twice
    as many documents read as a person is that person ("Jamie Foxx" filed as an organisation
    in two reviews)."""
    by_name: dict[str, dict[ActorKind, int]] = {}
    for name, kind, count in readings:
        kinds = by_name.setdefault(name, {})
        kinds[kind] = kinds.get(kind, 0) + count
    voted = []
    for name, counts in by_name.items():
        if len(counts) == 1:
            [(kind, count)] = counts.items()
            voted.append((name, kind, count))
            continue
        several_words = " " in name.strip()
        best = max(counts.values())
        # Stores order tied buckets as they like: a tie between trusted kinds goes by name.
        trusted = sorted((kind for kind, count in counts.items() if count == best and kind not in SLIP_KINDS), key=lambda kind: kind.value)
        winner = trusted[0] if trusted and not several_words else max(counts, key=lambda kind: (counts[kind], kind not in SLIP_KINDS, kind.value))
        folded = dict.fromkeys(counts, 0)
        for kind, count in counts.items():
            joins = kind is not winner and (
                kind in SLIP_KINDS or (several_words and winner is ActorKind.PERSON and counts[winner] >= 2 * count)
            )
            folded[winner if joins else kind] += count
        voted.extend((name, kind, count) for kind, count in folded.items() if count)
    return voted


class SearchResults(_Deferred):
    total: int
    hits: list[SearchHit]
    facets: Facets
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page; null on the last.")
    resolved_actors: dict[str, str] = Field(
        {}, description="Actor names asked for that the archive files under another name: asked -> canonical."
    )
    unknown_actors: dict[str, list[str]] = Field(
        {}, description="Actor names asked for that no actor in the archive goes by: asked -> the nearest known names."
    )


def explain(error: ValidationError) -> str:
    """The first reason a query was refused, in words a user can act on."""
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"{field}: {message}" if field else message


def leading_snippet(body: str, chars: int) -> str:
    """The snippet of a hit that matched no words (filters only): the opening, escaped."""
    opening = body[:chars]
    if len(body) > chars:
        opening = opening.rsplit(" ", 1)[0] + " …"
    return html.escape(" ".join(opening.split()))


def month_of(moment: dt.datetime) -> str:
    utc = moment.astimezone(dt.UTC)
    # Formatted from its fields (strftime parses its format each time, once per document
    # indexed); strftime itself below year 1000, whose padding is the platform's.
    return f"{utc.year}-{utc.month:02d}" if utc.year >= 1000 else utc.strftime("%Y-%m")


def day_start(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def day_end(day: dt.date) -> dt.datetime:
    return day_start(day) + dt.timedelta(days=1) - dt.timedelta(microseconds=1)
