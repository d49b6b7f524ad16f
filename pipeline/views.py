"""Read-side views built from the store: an actor's profile, a document's marked-up text.

Backend-neutral: everything here goes through the Store interface and the query model.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from pydantic import BaseModel, Field

from pipeline.models import ActorKind, Document
from pipeline.search import ActorFacetValue, FacetValue, SearchHit, SearchQuery, month_of
from pipeline.store import Store

# The documents an actor profile reads, at most; the counts above come from facets.
PROFILE_DOCUMENTS = 500


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
    documents: int
    aliases: list[str]
    months: list[MonthTone]
    co_mentioned: list[ActorFacetValue]
    themes: list[FacetValue]
    hits: list[SearchHit]


def actor_profile(store: Store, name: str, *, hits: int = 20) -> ActorProfile | None:
    """Everything the archive knows of one actor; None when no document names it."""
    overview = store.search(SearchQuery(actors=[name], limit=hits, facet_size=20))
    if overview.total == 0:
        return None
    aliases: Counter[str] = Counter()
    per_month: dict[str, list[tuple[int, float | None]]] = defaultdict(list)
    kinds: Counter[ActorKind] = Counter()
    for document in _documents_naming(store, name):
        for actor in document.actors:
            if actor.name == name:
                aliases.update(actor.aliases)
                kinds[actor.kind] += 1
                per_month[month_of(document.dated_at)].append((actor.mentions, actor.sentiment))
    months = [
        MonthTone(
            month=month,
            documents=len(entries),
            mentions=sum(mentions for mentions, _ in entries),
            tone=round(sum(tones) / len(tones), 4) if (tones := [tone for _, tone in entries if tone is not None]) else None,
        )
        for month, entries in sorted(per_month.items())
    ]
    return ActorProfile(
        name=name,
        kind=kinds.most_common(1)[0][0] if kinds else None,
        documents=overview.total,
        aliases=[alias for alias, _ in aliases.most_common()],
        months=months,
        co_mentioned=[facet for facet in overview.facets.actors if facet.value != name][:15],
        themes=overview.facets.themes,
        hits=overview.hits,
    )


def _documents_naming(store: Store, name: str) -> list[Document]:
    documents: list[Document] = []
    cursor: str | None = None
    while len(documents) < PROFILE_DOCUMENTS:
        page = store.search(SearchQuery(actors=[name], limit=100, cursor=cursor, facet_size=1))
        documents += [document for hit in page.hits if (document := store.get(hit.id)) is not None]
        cursor = page.next_cursor
        if cursor is None:
            break
    return documents


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
