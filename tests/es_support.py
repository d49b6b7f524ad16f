"""Elasticsearch for tests: osmem-server on loopback, or a real cluster from DROPWIRE_ES_URL."""

from __future__ import annotations

import json
import os
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from elastic_transport import HttpHeaders, Urllib3HttpNode
from elasticsearch import Elasticsearch

from pipeline.settings import Settings
from pipeline.store.elasticsearch import ElasticsearchStore, client_from_settings

LIVE_URL = os.environ.get("DROPWIRE_ES_URL")
# .ci/run starts one osmem-server for the run and names it here; without it, the tests start one.
OSMEM_URL = os.environ.get("DROPWIRE_TEST_OSMEM_URL")


class PlainJsonNode(Urllib3HttpNode):
    """osmem answers 406 to the client's `compatible-with=9` media types, which a real
    cluster accepts. Only the tests talk to osmem, so only they rewrite the headers to
    plain JSON; the store code sends what it sends to production."""

    def perform_request(self, method, target, body=None, headers=None, **options):  # type: ignore[override]
        if body and "/_search" in target:
            body = _opensearch_highlight(body)
        if headers is not None:
            headers = HttpHeaders(headers)
            for name in ("accept", "content-type"):
                value = headers.get(name)
                if value and "compatible-with" in value:
                    headers[name] = "application/x-ndjson" if "ndjson" in value else "application/json"
        return super().perform_request(method, target, body=body, headers=headers, **options)


def _opensearch_highlight(body: bytes) -> bytes:
    """OpenSearch (and so osmem) spells Elasticsearch's highlight `max_analyzed_offset` as
    `max_analyzer_offset` and refuses the other spelling; production talks to Elasticsearch."""
    request = json.loads(body)
    highlight = request.get("highlight")
    if isinstance(highlight, dict) and "max_analyzed_offset" in highlight:
        highlight["max_analyzer_offset"] = highlight.pop("max_analyzed_offset")
        return json.dumps(request).encode()
    return body


@dataclass
class Cluster:
    """One isolated place to run a test: an osmem clone, or a unique alias on a live cluster."""

    url: str
    alias: str
    live: bool

    def client(self) -> Elasticsearch:
        if self.live:
            # The real cluster gets exactly the client production builds, auth settings included.
            return client_from_settings(Settings())
        return Elasticsearch(self.url, node_class=PlainJsonNode, request_timeout=30)

    def store(self, **options) -> ElasticsearchStore:
        return ElasticsearchStore(self.client(), alias=self.alias, **options)


def _post(url: str, method: str = "POST") -> dict:
    request = urllib.request.Request(url, method=method, data=b"" if method == "POST" else None)
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read().decode()
    return json.loads(text) if text else {}


@contextmanager
def osmem_clone(base_url: str) -> Iterator[Cluster]:
    clone = _post(f"{base_url}/_osmem/clones")
    try:
        yield Cluster(url=clone["url"], alias="dropwire-docs", live=False)
    finally:
        try:
            _post(f"{base_url}/_osmem/clones/{clone['id']}", method="DELETE")
        except OSError:
            pass


@contextmanager
def live_namespace(url: str) -> Iterator[Cluster]:
    alias = f"dropwire-test-{uuid.uuid4().hex[:10]}"
    cluster = Cluster(url=url, alias=alias, live=True)
    try:
        yield cluster
    finally:
        client = cluster.client()
        client.options(ignore_status=404).indices.delete(index=f"{alias}-v*")
        client.options(ignore_status=404).indices.delete(index=f"{alias}-actors")
        client.options(ignore_status=404).indices.delete_index_template(name=alias)
        client.close()
