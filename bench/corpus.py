"""Texts to measure with: the BBC news corpus from ../shared when present, else generated.

The generated corpus is written here for benchmarks only: sentences assembled from a small
vocabulary of names, places and events, so NER, dates, tone and themes all have work to do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BBC = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bbc-news" / "bbc"


@dataclass(frozen=True, slots=True)
class Article:
    name: str
    title: str
    body: str

    @property
    def text(self) -> str:
        """What a .txt drop of this article holds: the title line, then the body."""
        return f"{self.title}\n{self.body}\n"


def load(size: int, *, seed: int = 7) -> tuple[list[Article], str]:
    """`size` articles and where they came from; the BBC corpus repeats when `size` exceeds it."""
    if BBC.is_dir():
        files = sorted(BBC.glob("*/*.txt"))
        articles = []
        for path in files:
            raw = path.read_bytes().decode("utf-8", errors="replace")
            title, _, body = raw.strip().partition("\n")
            articles.append(Article(f"{path.parent.name}-{path.stem}", title.strip(), body.strip()))
        source = f"BBC news corpus ({len(articles)} articles)"
    else:
        articles = generated(min(size, 2000), seed=seed)
        source = "generated corpus"
    if not articles:
        raise SystemExit("no articles to measure")
    cycle = [articles[index % len(articles)] for index in range(size)]
    return cycle, source


_PEOPLE = ["Maria Lopez", "Jonas Berg", "Aiko Tanaka", "Samuel Osei", "Priya Nair", "Lucas Moreau", "Elena Petrova"]
_ORGS = ["the Central Bank", "Northwind Energy", "the Harbour Council", "Orion Motors", "the Teachers Union"]
_PLACES = ["Lisbon", "Nairobi", "Osaka", "Toronto", "Krakow", "Valparaiso", "Bergen"]
_EVENTS = [
    "announced a plan to cut emissions", "warned that prices would rise", "won the championship final",
    "was charged with fraud after a long investigation", "opened a new hospital wing", "signed a trade agreement",
    "criticised the government's budget", "praised the volunteers after the floods", "lost the election narrowly",
]
_WHEN = ["on Monday", "last week", "in March 2024", "next month", "two days earlier", "on 14 June 2023", "this year"]


def generated(count: int, *, seed: int = 7) -> list[Article]:
    rng = random.Random(seed)
    articles = []
    for number in range(count):
        person, other = rng.sample(_PEOPLE, 2)
        org, place = rng.choice(_ORGS), rng.choice(_PLACES)
        sentences = []
        for _ in range(rng.randint(12, 30)):
            subject = rng.choice([person, other, org, person.split()[-1]])
            sentences.append(f"{subject} {rng.choice(_EVENTS)} in {rng.choice(_PLACES)} {rng.choice(_WHEN)}.")
        title = f"{person} and {org} in {place}"
        articles.append(Article(f"generated-{number:05d}", title, " ".join(sentences)))
    return articles


def replicated_document(number: int, enrichments: Any, article: Article, model: str) -> Any:
    """Copy `number` of an enriched article as a stored Document: a distinct text (so a
    distinct id), dated across ten years and twelve months, for archives of any size."""
    from pipeline.models import Document, Enrichment, Source, SourceKind, document_id

    body = f"{article.body}\n[copy {number}]"
    month = 1 + number % 12
    return Document(
        id=document_id(body),
        title=article.title,
        body=body,
        language="en",
        published_at=f"20{15 + number % 10}-{month:02d}-{1 + number % 28:02d}T12:00:00Z",
        received_at="2026-01-01T00:00:00Z",
        source=Source(kind=SourceKind.LOCAL, uri=f"file:///bench/{number}.txt", size_bytes=len(body), media_type="text/plain"),
        actors=enrichments.actors,
        dates=[],
        sentiment=enrichments.sentiment,
        themes=enrichments.themes,
        enrichment=Enrichment(pipeline_version="bench", model=model, enriched_at="2026-01-01T00:00:00Z"),
    )
