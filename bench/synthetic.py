"""Synthetic archived documents, built without NLP, for archives of any size in seconds.

Names are made up; one actor ("Harold Venn") is named in about a third of the documents,
the others follow a long tail, as on a news archive. Each actor has a usual kind (now and
then another, as the model sometimes gives), several spellings, mentions and a tone per
document. Deterministic for a given seed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from pipeline.models import (
    Actor,
    ActorKind,
    Document,
    Enrichment,
    Sentiment,
    SentimentLabel,
    Source,
    SourceKind,
    Theme,
    document_id,
)

FREQUENT_ACTOR = "Harold Venn"
_FIRST = ["Harold", "Serena", "Gordon", "Ilse", "Tomas", "Priya", "Odile", "Kwame", "Marta", "Yusuf", "Agnes", "Bram"]
_LAST = ["Venn", "Dahl", "Wells", "Okafor", "Marsh", "Quill", "Brandt", "Ruiz", "Sato", "Lindqvist", "Moreau", "Osei"]
_ORGS = ["Quorvane Group", "Zembla Assembly", "Dunmore Rovers", "Halden Bank", "Vostrak", "Northmere Council", "Orrin Labs"]
_PLACES = ["Dunmore", "Halden", "Northmere", "Port Ossory", "Kelvar", "Sarn"]
_THEMES = ["politics", "economy-business-finance", "sport", "science-technology", "health", "crime-law-justice"]
_EPOCH = dt.datetime(2015, 1, 1, 12, tzinfo=dt.UTC)


def _actors() -> list[tuple[str, ActorKind, list[str]]]:
    people = [
        (f"{first} {last}", ActorKind.PERSON, [f"{first} {last}", last, f"Mr {last}" if index % 2 else f"Ms {last}"])
        for index, (first, last) in enumerate((first, last) for last in _LAST for first in _FIRST)
    ]
    orgs = [(name, ActorKind.ORG, [name, "".join(word[0] for word in name.split())]) for name in _ORGS]
    places = [(name, ActorKind.PLACE, [name]) for name in _PLACES]
    return [actor for actor in people if actor[0] == FREQUENT_ACTOR] + [a for a in people + orgs + places if a[0] != FREQUENT_ACTOR]


_POOL = _actors()
# A long tail: the n-th actor is named about 1/n as often as the first.
_WEIGHTS = [1.0 / (rank + 1) for rank in range(len(_POOL))]


def synthetic_document(number: int, rng: random.Random) -> Document:
    chosen: dict[str, Actor] = {}
    if rng.random() < 0.33:
        chosen[FREQUENT_ACTOR] = _actor(_POOL[0], rng)
    for entry in rng.choices(_POOL[1:], weights=_WEIGHTS[1:], k=rng.randint(2, 6)):
        chosen.setdefault(entry[0], _actor(entry, rng))
    tone = round(sum(actor.sentiment for actor in chosen.values()) / len(chosen), 4)
    label = SentimentLabel.POSITIVE if tone >= 0.05 else SentimentLabel.NEGATIVE if tone <= -0.05 else SentimentLabel.NEUTRAL
    body = f"Report {number}: " + ", ".join(chosen) + " were in the news."
    published = _EPOCH + dt.timedelta(days=rng.randrange(3650))
    return Document(
        id=document_id(body),
        title=f"Report {number}",
        body=body,
        language="en",
        published_at=published,
        received_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        source=Source(kind=SourceKind.LOCAL, uri=f"file:///synthetic/{number}.txt", size_bytes=len(body), media_type="text/plain"),
        actors=list(chosen.values()),
        dates=[],
        sentiment=Sentiment(score=tone, label=label, method="synthetic"),
        themes=[Theme(id=theme, label=theme.title(), score=0.5) for theme in rng.sample(_THEMES, 2)],
        enrichment=Enrichment(pipeline_version="synthetic", model="none", enriched_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)),
    )


def _actor(entry: tuple[str, ActorKind, list[str]], rng: random.Random) -> Actor:
    name, kind, spellings = entry
    if rng.random() < 0.1:  # the model's occasional other reading
        kind = ActorKind.ORG if kind is not ActorKind.ORG else ActorKind.GROUP
    aliases = [name] + [spelling for spelling in spellings[1:] if rng.random() < 0.5]
    return Actor(name=name, kind=kind, aliases=aliases, mentions=rng.randint(1, 5), sentiment=round(rng.uniform(-1, 1), 4))


def synthetic_documents(count: int, seed: int = 7) -> Iterator[Document]:
    rng = random.Random(seed)
    for number in range(count):
        yield synthetic_document(number, rng)
