"""The backend-neutral query model: text and filters in, hits, highlights and facets out."""

from __future__ import annotations

import datetime as dt

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from pipeline.models import ActorKind, SentimentLabel, SourceKind


class SearchQuery(BaseModel):
    """What a user asks. `text` uses simple query syntax and never raises: bad syntax is read as words."""

    model_config = ConfigDict(extra="forbid")

    text: str = ""
    actors: list[str] = Field(default_factory=list, description="Canonical actor names; all must be present.")
    themes: list[str] = Field(default_factory=list, description="Theme ids; all must be present.")
    since: dt.date | None = Field(None, description="First day (inclusive) of publication, or arrival when undated.")
    until: dt.date | None = Field(None, description="Last day (inclusive).")
    sentiment: SentimentLabel | None = None
    source_kind: SourceKind | None = None
    limit: int = Field(10, ge=0, le=1000)
    offset: int = Field(0, ge=0, le=100_000)
    facet_size: int = Field(10, ge=1, le=1000)

    @model_validator(mode="after")
    def _range_in_order(self) -> SearchQuery:
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since ({self.since}) is after until ({self.until})")
        return self


class SearchHit(BaseModel):
    id: str
    title: str | None
    highlight: str = Field(description="HTML: document text escaped, matches wrapped in <b>.")
    dated_at: AwareDatetime
    published_at: AwareDatetime | None
    sentiment: SentimentLabel
    sentiment_score: float
    themes: list[str]
    actors: list[str]
    source_uri: str
    score: float


class FacetValue(BaseModel):
    value: str
    count: int


class ActorFacetValue(FacetValue):
    kind: ActorKind


class Facets(BaseModel):
    actors: list[ActorFacetValue] = Field(default_factory=list)
    themes: list[FacetValue] = Field(default_factory=list)
    months: list[FacetValue] = Field(default_factory=list, description="YYYY-MM, oldest first.")
    sentiment: list[FacetValue] = Field(default_factory=list)
    sources: list[FacetValue] = Field(default_factory=list)


class SearchResults(BaseModel):
    total: int
    hits: list[SearchHit]
    facets: Facets


def month_of(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m")


def day_start(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def day_end(day: dt.date) -> dt.datetime:
    return day_start(day) + dt.timedelta(days=1) - dt.timedelta(microseconds=1)
