"""The Document contract of the archive, and the records around it (Drop, Rejection).

Everything that leaves `pipeline.ingest` passes through these models: a document that
does not validate is quarantined, never stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from functools import lru_cache
from typing import Annotated, Self

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from pipeline.errors import RejectionReason
from pipeline.nfc import is_nfc, to_nfc
from pipeline.vocabulary import ActorKind, Analysis, Granularity, LanguageSource, SentimentLabel, SourceKind

IPTC_MEDIA_TOPICS: tuple[str, ...] = (
    "arts-culture-entertainment-media",
    "conflict-war-peace",
    "crime-law-justice",
    "disaster-accident-emergency",
    "economy-business-finance",
    "education",
    "environment",
    "health",
    "human-interest",
    "labour",
    "lifestyle-leisure",
    "politics",
    "religion",
    "science-technology",
    "society",
    "sport",
    "weather",
)

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
Score = Annotated[float, Field(ge=-1.0, le=1.0)]
NonBlank = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]

def normalise_text(text: str) -> str:
    """The form of a body that identifies it: NFC, whitespace runs folded, trimmed."""
    # str.split() splits on exactly the characters `\s` matches (str.isspace; checked over
    # every code point in tests/test_models.py), several times faster than re.sub(r"\s+").
    return " ".join(to_nfc(text).split())


# Bodies up to this many characters keep their id in a small cache: ingest computes a
# record's id when it is extracted, and the Document's validator checks it against the
# same body when the document is built; the text is hashed once, not twice.
_REMEMBERED_BODY_CHARS = 32_768


def document_id(body: str) -> str:
    """sha256 hex of the normalised body: the same text dropped twice is one document."""
    if len(body) <= _REMEMBERED_BODY_CHARS:
        return _remembered_id(body)
    return _hashed_id(body)


def _hashed_id(body: str) -> str:
    return hashlib.sha256(normalise_text(body).encode("utf-8")).hexdigest()


# 1,024 bodies of at most 32 KB: a few MB at worst, held only until newer bodies push them out.
_remembered_id = lru_cache(maxsize=1024)(_hashed_id)


# The instants every store can hold: tantivy keeps dates as nanoseconds since 1970 in 64
# bits (1677-09-21 .. 2262-04-11), so the archive takes a safe range inside that.
EARLIEST_DATE = dt.datetime(1700, 1, 1, tzinfo=dt.UTC)
LATEST_DATE = dt.datetime(2199, 12, 31, 23, 59, 59, tzinfo=dt.UTC)


def date_range_problem(moment: dt.datetime) -> str | None:
    """Why an instant cannot be archived, or None when it can."""
    if moment.tzinfo is None:
        return None  # naive values are refused as such by the models
    try:
        inside = EARLIEST_DATE <= moment <= LATEST_DATE
    except OverflowError:
        inside = False
    if inside:
        return None
    return f"{moment.isoformat()} is outside the dates the archive can hold ({EARLIEST_DATE:%Y-%m-%d} .. {LATEST_DATE:%Y-%m-%d})"


def _archivable(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is not None and (problem := date_range_problem(moment)):
        raise ValueError(problem)
    return moment


ArchivableDatetime = Annotated[AwareDatetime, AfterValidator(_archivable)]


class _Model(BaseModel):
    # Built on first use: commands that never validate a document (--help, version) start faster.
    model_config = ConfigDict(extra="forbid", frozen=False, str_strip_whitespace=False, defer_build=True)


class Source(_Model):
    """Where a drop came from, and where its original is now."""

    kind: SourceKind
    uri: NonBlank = Field(description="Where the drop arrived (the inbox), as a URI; a JSONL record adds #L<line>.")
    location: str | None = Field(
        None, description="Where the original is filed now (its processed/ place); null when it stays where it arrived."
    )
    size_bytes: int = Field(ge=0)
    media_type: NonBlank
    etag: str | None = None
    declared_media_type: str | None = Field(
        None, description="What the drop's name claimed, when its bytes are another type (read as `media_type`)."
    )


class MessageHeaders(_Model):
    """Who an e-mail was from and to, as written in its headers (not resolved to actors)."""

    sender: list[str] = Field(default_factory=list, description="From: addresses, with display names.")
    to: list[str] = Field(default_factory=list)
    cc: list[str] = Field(default_factory=list)


DocumentId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class Actor(_Model):
    """One real-world actor in a document, every spelling of it merged."""

    name: NonBlank
    kind: ActorKind
    aliases: list[NonBlank] = Field(min_length=1)
    mentions: int = Field(ge=1)
    sentiment: Score | None = Field(
        0.0, description="Tone of the sentences naming the actor; null when the document's tone was not analysed."
    )


_VALUE_PATTERN = {
    Granularity.YEAR: re.compile(r"^\d{4}$"),
    Granularity.MONTH: re.compile(r"^\d{4}-(0[1-9]|1[0-2])$"),
    Granularity.DAY: re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"),
}


class DateMention(_Model):
    """A date expression in the body, normalised to ISO 8601 at its own precision."""

    text: NonBlank
    value: str
    granularity: Granularity
    start: int = Field(ge=0)
    end: int = Field(ge=1)
    relative: bool = False

    @model_validator(mode="after")
    def _value_fits_granularity(self) -> Self:
        if not _VALUE_PATTERN[self.granularity].match(self.value):
            raise ValueError(
                f"value {self.value!r} is not an ISO 8601 {self.granularity.value} "
                f"(expected {'YYYY' if self.granularity is Granularity.YEAR else 'YYYY-MM' if self.granularity is Granularity.MONTH else 'YYYY-MM-DD'})"
            )
        if self.granularity is Granularity.DAY:
            dt.date.fromisoformat(self.value)  # rejects 2025-02-30
        if self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be after start ({self.start})")
        return self


class Sentiment(_Model):
    """Document-level tone."""

    score: Score
    label: SentimentLabel
    method: NonBlank

    @model_validator(mode="after")
    def _label_agrees_with_sign(self) -> Self:
        if self.label is SentimentLabel.POSITIVE and self.score <= 0:
            raise ValueError(f"label 'positive' needs a score above 0, got {self.score}")
        if self.label is SentimentLabel.NEGATIVE and self.score >= 0:
            raise ValueError(f"label 'negative' needs a score below 0, got {self.score}")
        return self


class Theme(_Model):
    """A topic of the document; top level = IPTC Media Topics, finer ones hang below."""

    id: Slug
    label: NonBlank
    parent: Slug | None = None
    score: float = Field(ge=0.0, le=1.0)
    terms: list[str] = Field(
        default_factory=list, description="The words in the text that triggered this theme."
    )

    @model_validator(mode="after")
    def _top_level_is_iptc(self) -> Self:
        if self.parent is None and self.id not in IPTC_MEDIA_TOPICS:
            raise ValueError(
                f"top-level theme {self.id!r} is not an IPTC Media Topic; "
                f"give it a parent or use one of: {', '.join(IPTC_MEDIA_TOPICS)}"
            )
        return self


class Enrichment(_Model):
    """Which pipeline and model produced the enrichment, so old documents can be redone."""

    pipeline_version: NonBlank
    model: NonBlank
    enriched_at: AwareDatetime


class Document(_Model):
    """One archived text: the shape `dropwire enrich` prints and the stores keep."""

    id: DocumentId
    title: str | None = None
    body: NonBlank
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
    # Documents archived before detection have none of the three: the defaults keep them readable.
    language_detected: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")] | None = Field(
        None, description="What the text was detected as (ISO 639-1), whatever `language` was decided from."
    )
    language_confidence: float | None = Field(None, ge=0.0, le=1.0, description="The detector's probability for it.")
    language_source: LanguageSource | None = Field(None, description="What decided `language`.")
    not_analysed: list[Analysis] = Field(
        default_factory=list,
        description="Analyses no pipeline of this language does: their fields are empty, not filled by another language's model.",
    )
    published_at: ArchivableDatetime | None = None
    received_at: ArchivableDatetime
    source: Source
    actors: list[Actor] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    sentiment: Sentiment | None = Field(None, description="Null when the tone was not analysed (`not_analysed`).")
    themes: list[Theme] = Field(default_factory=list)
    enrichment: Enrichment
    author: str | None = Field(None, description="From the file's own metadata (PDF, DOCX, ODT, RTF).")
    parent_id: DocumentId | None = Field(
        None, description="The container (e-mail, archive) this document was found in."
    )
    container_path: str | None = Field(
        None, description="Where it sits inside its drop: `report.zip/notes/a.txt`; a label, never a file path."
    )
    children: list[DocumentId] = Field(
        default_factory=list, description="Documents found inside this one (attachments, archive members)."
    )
    page_offsets: list[Annotated[int, Field(ge=0)]] = Field(
        default_factory=list, description="Character offset in `body` where each page starts (paged formats)."
    )
    message: MessageHeaders | None = Field(None, description="E-mail headers, for e-mail drops.")

    @field_validator("body")
    @classmethod
    def _body_is_nfc(cls, body: str) -> str:
        if not is_nfc(body):
            raise ValueError("body must be NFC-normalised")
        return body

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        expected = document_id(self.body)
        if self.id != expected:
            raise ValueError(f"id {self.id[:12]}… is not the sha256 of the normalised body ({expected[:12]}…)")
        for mention in self.dates:
            if mention.end > len(self.body):
                raise ValueError(
                    f"date {mention.text!r} ends at {mention.end}, past the body ({len(self.body)} chars)"
                )
            if self.body[mention.start : mention.end] != mention.text:
                raise ValueError(
                    f"date {mention.text!r} does not stand at {mention.start}..{mention.end} of the body"
                )
            if mention.relative and self.published_at is None:
                raise ValueError(
                    f"relative date {mention.text!r} needs published_at to be resolved against"
                )
        if self.page_offsets and (
            self.page_offsets[0] != 0
            or any(later <= earlier for earlier, later in zip(self.page_offsets, self.page_offsets[1:], strict=False))
            or self.page_offsets[-1] > len(self.body)
        ):
            raise ValueError("page_offsets must start at 0 and rise strictly, within the body")
        if self.parent_id == self.id or self.id in self.children:
            raise ValueError("a document cannot contain itself")
        theme_ids = {theme.id for theme in self.themes}
        for theme in self.themes:
            if theme.parent is not None and theme.parent not in theme_ids:
                raise ValueError(f"theme {theme.id!r} is present but its parent {theme.parent!r} is not")
        if (self.sentiment is None) != (Analysis.TONE in self.not_analysed):
            raise ValueError("sentiment is null exactly when the tone was not analysed")
        if Analysis.TONE in self.not_analysed and any(actor.sentiment is not None for actor in self.actors):
            raise ValueError("actors have no tone in a document whose tone was not analysed")
        if Analysis.ACTORS in self.not_analysed and self.actors:
            raise ValueError("a document whose actors were not analysed lists none")
        if Analysis.THEMES in self.not_analysed and self.themes:
            raise ValueError("a document whose themes were not analysed lists none")
        names = [actor.name for actor in self.actors]
        if len(names) != len(set(names)):
            raise ValueError("actor names must be unique within a document")
        return self

    @property
    def dated_at(self) -> dt.datetime:
        """The date a document is filed under: publication, else when it arrived."""
        return self.published_at or self.received_at


class Drop(_Model):
    """One file as it arrived, before extraction. `content` is never serialised."""

    uri: NonBlank
    name: NonBlank
    kind: SourceKind
    size_bytes: int = Field(ge=0)
    received_at: AwareDatetime
    etag: str | None = None
    content: bytes = Field(default=b"", exclude=True, repr=False)


class Rejection(_Model):
    """Why a drop, or one record of it, went to quarantine: written beside the original."""

    drop_uri: NonBlank
    record: int | None = Field(
        None,
        description="1-based line of a JSONL drop, or place of a container's child in its drop, when only that part failed.",
    )
    reason: RejectionReason
    message: NonBlank
    stage: Annotated[str, StringConstraints(pattern=r"^(read|extract|enrich|validate|store)$")]
    rejected_at: AwareDatetime
    size_bytes: int = Field(ge=0)
    path: str | None = Field(None, description="Where the failed part sits inside its container (an attachment, a zip member).")
    quarantined_as: str | None = None
