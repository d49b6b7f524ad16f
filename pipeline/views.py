"""Read-side views built from the store: an actor's profile, a document's marked-up text.

Backend-neutral: everything here goes through the Store interface and the query model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, Field

from pipeline.models import ActorKind, Document
from pipeline.search import ActorFacetValue, FacetValue, SearchHit
from pipeline.store import Store


class MonthTone(BaseModel):
    month: str
    documents: int
    mentions: int
    tone: float | None = Field(
        description="Mean tone of the actor in that month's documents whose tone was analysed, -1..1; null when none was."
    )


class ActorProfile(BaseModel):
    name: str
    kind: ActorKind | None
    # Documents per kind, most first: one name may be filed as a place in some documents and
    # a club in others ("Newcastle"), and a user should see both, not only the majority.
    kinds: dict[str, int] = Field(default_factory=dict, description="Documents that file the actor under each kind, most first.")
    documents: int
    aliases: list[str]
    months: list[MonthTone]
    co_mentioned: list[ActorFacetValue]
    themes: list[FacetValue]
    hits: list[SearchHit]


def actor_profile(store: Store, name: str, *, hits: int = 20) -> ActorProfile | None:
    """Everything the archive knows of one actor; None when no document names it. Built
    from the store's aggregations (`Store.actor_overview`), whatever the archive's size."""
    overview = store.actor_overview(name, hits=hits)
    if overview.documents == 0:
        return None
    months = [
        MonthTone(month=month.month, documents=month.documents, mentions=month.mentions, tone=mean_tone(month.tone_sum, month.toned))
        for month in sorted(overview.months, key=lambda month: month.month)
        if month.documents
    ]
    # Ties go to the first name in order, so both stores give one answer.
    kinds = sorted(overview.kinds.items(), key=lambda item: (-item[1], item[0]))
    return ActorProfile(
        name=name,
        kind=ActorKind(kinds[0][0]) if kinds else None,
        kinds=dict(kinds),
        documents=overview.documents,
        aliases=[alias for alias, _ in sorted(overview.aliases.items(), key=lambda item: (-item[1], item[0]))],
        months=months,
        co_mentioned=[facet for facet in overview.facets.actors if facet.value != name][:15],
        themes=overview.facets.themes,
        hits=overview.hits,
    )


def mean_tone(tone_sum: float, documents: int) -> float | None:
    """Tones are kept to four decimals, so their sum is too: rounding it first drops what a
    store's arithmetic added (Elasticsearch keeps a float in 32 bits), and both stores give
    one answer even where the mean falls on a rounding boundary."""
    if not documents:
        return None
    return round(round(tone_sum, 4) / documents, 4)


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a document's text: plain, an actor mention, or a date mention."""

    text: str
    actor: str | None = None
    kind: str | None = None
    date: str | None = None


def marked_segments(document: Document) -> list[Segment]:
    """The body cut into segments so actors and dates can be marked inline.

    Dates carry their offsets; actor mentions are found again by their aliases (longest
    first, whole words), and a date wins where the two overlap.
    """
    body = document.body
    marks: list[tuple[int, int, Segment]] = [
        (mention.start, mention.end, Segment(body[mention.start : mention.end], date=mention.value))
        for mention in document.dates
    ]
    by_alias = {alias: actor for actor in document.actors for alias in actor.aliases}
    if by_alias:
        pattern = re.compile(
            r"(?<!\w)(" + "|".join(re.escape(alias) for alias in sorted(by_alias, key=len, reverse=True)) + r")(?!\w)"
        )
        for match in pattern.finditer(body):
            actor = by_alias[match.group(1)]
            marks.append((match.start(), match.end(), Segment(match.group(1), actor=actor.name, kind=actor.kind.value)))
    marks.sort(key=lambda mark: (mark[0], mark[2].date is None, -(mark[1] - mark[0])))
    segments: list[Segment] = []
    position = 0
    for start, end, segment in marks:
        if start < position:
            continue  # overlaps a mark already placed
        if start > position:
            segments.append(Segment(body[position:start]))
        segments.append(segment)
        position = end
    if position < len(body):
        segments.append(Segment(body[position:]))
    return segments
