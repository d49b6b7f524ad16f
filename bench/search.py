"""Faceted search latency on the embedded store, against the same query sent straight to tantivy;
and the actor page on both stores.

    python bench/search.py [--docs 100000] [--queries 200] [--actor-docs 100000] [--actor-es-docs N]
    python bench/search.py --actor-only      # the actor page lines alone (no corpus, no model)

Enriches the corpus once, then indexes it replicated (each copy a distinct text, so a
distinct id) up to --docs documents. Each query has words, two filters (a theme and a
tone) and asks for actor, theme and month facets.

The actor page is timed on a synthetic archive (bench/synthetic.py, written straight
through the store) of --actor-docs documents embedded and --actor-es-docs on Elasticsearch
(DROPWIRE_ES_URL: 100,000 by default; else an osmem-server started here, an in-memory test
server far slower than Elasticsearch to fill and to aggregate: 5,000 by default, and its
figure says nothing of Elasticsearch's speed), for an actor named in a third of them; each
store prints the page against reading the actor's documents one by one (the page before),
then `actor_page_ms: X (target < 100)`. Ends with `p95_faceted_search_ms: X (target <= 30)`.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import tantivy  # noqa: E402

from bench.corpus import load, replicated_document  # noqa: E402
from pipeline.enrich import Enricher, Text  # noqa: E402
from pipeline.models import Document  # noqa: E402
from pipeline.search import SearchQuery  # noqa: E402
from pipeline.settings import Settings  # noqa: E402
from pipeline.store.tantivy import TantivyStore  # noqa: E402

TARGET_MS = 30.0
WORDS = ["government", "market", "film", "election", "players", "company", "music", "minister", "growth", "technology", "police", "championship"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--enrich", type=int, default=2225, help="distinct articles to enrich (then replicated)")
    parser.add_argument("--actor-docs", type=int, default=100_000, help="synthetic documents for the embedded actor page")
    parser.add_argument(
        "--actor-es-docs", type=int, default=None, help="synthetic documents for the Elasticsearch actor page (100,000 live; 5,000 on osmem)"
    )
    parser.add_argument("--actor-only", action="store_true", help="only the actor page lines")
    arguments = parser.parse_args()
    if arguments.actor_only:
        actor_pages(arguments.actor_docs, arguments.actor_es_docs)
        return
    articles, source = load(min(arguments.enrich, arguments.docs))
    settings = Settings(_env_file=None)
    enricher = Enricher(settings.spacy_model)
    started = time.perf_counter()
    enriched = list(enricher.enrich_many((Text(a.body, a.title), a) for a in articles))
    print(f"corpus: {source}; enriched {len(enriched)} articles in {time.perf_counter() - started:.0f} s")

    workdir = Path(tempfile.mkdtemp(prefix="dropwire-search-"))
    store = TantivyStore(workdir / "index", writer_heap_bytes=256_000_000)
    rng = random.Random(3)
    started = time.perf_counter()
    batch: list[Document] = []
    for number in range(arguments.docs):
        enrichments, article = enriched[number % len(enriched)]
        batch.append(replicated_document(number, enrichments, article, enricher.model))
        if len(batch) == 5000:
            store.upsert(batch)
            batch = []
    store.upsert(batch)
    print(f"indexed {store.count()} documents in {time.perf_counter() - started:.0f} s")

    themes = [facet.value for facet in store.search(SearchQuery(limit=0, facet_size=20)).facets.themes if facet.count > 1000] or ["politics"]
    queries = [
        SearchQuery(text=rng.choice(WORDS), themes=[rng.choice(themes)], sentiment=rng.choice(["positive", "negative", "neutral"]), limit=10, facet_size=10)
        for _ in range(arguments.queries)
    ]
    for query in queries[:10]:
        store.search(query)  # warm the caches both runs share

    index, schema = store.index, store.schema
    raw: list[float] = []
    for query in queries:
        started = time.perf_counter()
        searcher = index.searcher()
        text, _ = index.parse_query_lenient(query.text, ["title", "body"], conjunction_by_default=True)
        combined = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, text),
                (tantivy.Occur.Must, tantivy.Query.term_query(schema, "theme", query.themes[0])),
                (tantivy.Occur.Must, tantivy.Query.term_query(schema, "sentiment", query.sentiment.value)),
            ]
        )
        searcher.search(combined, limit=10, count=True)
        searcher.aggregate(
            combined,
            {
                "actors": {"terms": {"field": "actor_facet", "size": 10}},
                "themes": {"terms": {"field": "theme", "size": 10}},
                "months": {"terms": {"field": "month", "size": 600}},
            },
        )
        raw.append((time.perf_counter() - started) * 1000)

    ours: list[float] = []
    totals = []
    for query in queries:
        started = time.perf_counter()
        results = store.search(query)
        ours.append((time.perf_counter() - started) * 1000)
        totals.append(results.total)
    store.close()
    shutil.rmtree(workdir, ignore_errors=True)

    print(f"{len(queries)} queries, median {statistics.median(totals):.0f} matching documents each")
    print(f"tantivy directly:   p50 {statistics.median(raw):6.1f} ms  p95 {percentile(raw, 0.95):6.1f} ms")
    print(f"dropwire search:    p50 {statistics.median(ours):6.1f} ms  p95 {percentile(ours, 0.95):6.1f} ms  (hits parsed, snippets, 5 facets)")
    print(f"dropwire/tantivy ratio at p50: {statistics.median(ours) / statistics.median(raw):.2f}")
    actor_pages(arguments.actor_docs, arguments.actor_es_docs)
    print(f"p95_faceted_search_ms: {percentile(ours, 0.95):.1f} (target <= {TARGET_MS:.0f})")


def actor_pages(embedded_docs: int, es_docs: int | None) -> None:
    """`actor_page_ms` for the embedded store, then for Elasticsearch."""
    from bench.actor_page import fill, time_actor_page

    workdir = Path(tempfile.mkdtemp(prefix="dropwire-actor-page-"))
    try:
        store = TantivyStore(workdir / "index", writer_heap_bytes=256_000_000)
        seconds = fill(store, embedded_docs)
        store.close()  # waits for the writer's merges: timed as an archive at rest
        print(f"embedded archive of {embedded_docs:,} synthetic documents written in {seconds:.0f} s")
        store = TantivyStore(workdir / "index")
        time_actor_page(store, "tantivy")
        store.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    with elasticsearch_store() as (store, where):
        if es_docs is None:  # osmem fills at about 40 documents a second: 100,000 would take most of an hour
            es_docs = 100_000 if os.environ.get("DROPWIRE_ES_URL") else 5_000
        seconds = fill(store, es_docs, batch=2000)
        print(f"{where}: {es_docs:,} synthetic documents written in {seconds:.0f} s")
        time_actor_page(store, f"elasticsearch ({where})")


@contextmanager
def elasticsearch_store() -> Iterator[tuple[Any, str]]:
    """A live cluster (DROPWIRE_ES_URL, under a throwaway alias), else an osmem-server."""
    import uuid

    from pipeline.settings import Settings
    from pipeline.store.elasticsearch import ElasticsearchStore, client_from_settings

    if os.environ.get("DROPWIRE_ES_URL"):
        store = ElasticsearchStore(client_from_settings(Settings()), alias=f"dropwire-bench-{uuid.uuid4().hex[:8]}", chunk_size=1000)
        try:
            yield store, "Elasticsearch at DROPWIRE_ES_URL"
        finally:
            store.client.indices.delete(index=f"{store.alias}-*", ignore_unavailable=True)
            store.close()
        return
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from es_support import PlainJsonNode  # osmem speaks plain JSON only; tests and this bench rewrite headers
    from elasticsearch import Elasticsearch
    from osmem_server import OsmemServer

    server = OsmemServer.start(japanese=False)
    store = ElasticsearchStore(Elasticsearch(server.url, node_class=PlainJsonNode, request_timeout=300), alias="bench", chunk_size=1000)
    try:
        yield store, "osmem-server"
    finally:
        store.close()
        server.close()


if __name__ == "__main__":
    main()
