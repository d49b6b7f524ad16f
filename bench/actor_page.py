"""The actor page on a large archive: aggregated by the store, against reading its documents.

Used by bench/search.py (the `actor_page_ms` lines) and, for its per-document reference,
by tests/test_actor_profile.py. The archive is synthetic (bench/synthetic.py): written
straight through the store, no NLP, so 100,000 documents take minutes, not hours.
"""

from __future__ import annotations

import itertools
import statistics
import time
from collections import Counter, defaultdict

from bench.synthetic import FREQUENT_ACTOR, synthetic_documents
from pipeline.models import ActorKind
from pipeline.search import SearchQuery, month_of
from pipeline.store import Store
from pipeline.views import ActorProfile, MonthTone, actor_profile

TARGET_MS = 100.0


def profile_from_documents(store: Store, name: str, *, limit: int = 500) -> ActorProfile | None:
    """The actor page as it was built before: every document naming the actor (at most
    `limit`) read one by one. The reference the aggregated page must equal."""
    overview = store.search(SearchQuery(actors=[name], limit=20, facet_size=20))
    if overview.total == 0:
        return None
    documents = []
    cursor = None
    while len(documents) < limit:
        page = store.search(SearchQuery(actors=[name], limit=100, cursor=cursor, facet_size=1))
        documents += [document for hit in page.hits if (document := store.get(hit.id)) is not None]
        cursor = page.next_cursor
        if cursor is None:
            break
    aliases: Counter[str] = Counter()
    per_month: dict[str, list[tuple[int, float]]] = defaultdict(list)
    kinds: Counter[ActorKind] = Counter()
    for document in documents:
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
            # Summed to the four decimals tones are kept with (as the page does): where a mean
            # falls on a rounding boundary, float noise alone would decide.
            tone=round(round(sum(tone for _, tone in entries), 4) / len(entries), 4),
        )
        for month, entries in sorted(per_month.items())
    ]
    return ActorProfile(
        name=name,
        kind=kinds.most_common(1)[0][0] if kinds else None,
        kinds={kind.value: count for kind, count in sorted(kinds.items(), key=lambda item: (-item[1], item[0].value))},
        documents=overview.total,
        # Equal counts were in the documents' order, which no store promises: by name here.
        aliases=[alias for alias, _ in sorted(aliases.items(), key=lambda item: (-item[1], item[0]))],
        months=months,
        co_mentioned=[facet for facet in overview.facets.actors if facet.value != name][:15],
        themes=overview.facets.themes,
        hits=overview.hits,
    )


def fill(store: Store, documents: int, *, batch: int = 5000) -> float:
    """Write `documents` synthetic documents; returns the seconds it took."""
    started = time.perf_counter()
    stream = synthetic_documents(documents)
    while chunk := list(itertools.islice(stream, batch)):
        store.upsert(chunk)
    return time.perf_counter() - started


def time_actor_page(store: Store, label: str, *, runs: int = 30) -> float:
    """Print the page's p50 and p95 against the per-document page, then `actor_page_ms`
    (the p95) for this store; returns the p95."""
    for _ in range(3):  # warm the caches both ways share
        profile = actor_profile(store, FREQUENT_ACTOR)
    assert profile is not None, "the frequent actor is in every synthetic archive"
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        actor_profile(store, FREQUENT_ACTOR)
        timings.append((time.perf_counter() - started) * 1000)
    searches = []
    for _ in range(runs):  # what any search page filtered on the actor costs on this store
        started = time.perf_counter()
        store.search(SearchQuery(actors=[FREQUENT_ACTOR], limit=20, facet_size=20))
        searches.append((time.perf_counter() - started) * 1000)
    before = []
    for _ in range(3):
        started = time.perf_counter()
        profile_from_documents(store, FREQUENT_ACTOR)
        before.append((time.perf_counter() - started) * 1000)
    p95 = sorted(timings)[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    print(
        f"{label}: {store.count():,} documents, {FREQUENT_ACTOR} named in {profile.documents:,}; actor page "
        f"p50 {statistics.median(timings):.1f} ms p95 {p95:.1f} ms; reading up to 500 of its documents "
        f"(before) {statistics.median(before):.0f} ms, {statistics.median(before) / statistics.median(timings):.0f}x slower; "
        f"a search filtered on the actor with its 5 facets p50 {statistics.median(searches):.1f} ms"
    )
    print(f"actor_page_ms: {p95:.1f} (target < {TARGET_MS:.0f})")
    return p95
