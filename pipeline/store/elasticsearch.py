"""The production store: Elasticsearch 9.x behind a read alias over versioned indices.

`ALIAS-v1`, `ALIAS-v2`, ... are created from the generated template; searches go through
the alias, and `reindex` fills the next version and swaps the alias in one atomic call.

Reindexing stops writes to the current index first (`index.blocks.write`): a document written
through the alias during the copy would otherwise land in the old index and vanish at the
swap. Such a write fails with `ArchiveReadOnly` (the batch is retried later, by Airflow or by
hand) and the block goes when the copy is discarded; the retired index keeps it. The new
index is filled with refresh off and no replicas, which are restored before the swap.

Retries: one layer, this module's (tenacity, in `_call`), for every request, bulk chunks
included. The client's own retries are off (`max_retries=0`) and the bulk helper's too; items
a bulk answer refuses with 429 are kept and resent by the same layer, alone.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout
from elasticsearch import ApiError, Elasticsearch, NotFoundError, helpers
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from pipeline.errors import StoreError
from pipeline.models import Document
from pipeline.search import (
    Cursor,
    Facets,
    SearchHit,
    SearchQuery,
    SearchResults,
    day_end,
    day_start,
    leading_snippet,
    month_of,
)
from pipeline.settings import Settings, redacted_url, split_credentials
from pipeline.store import ACTOR_ALIASES, SNIPPET_CHARS, ActorMonth, ActorOverview, StoreBase, WriteFailure
from pipeline.languages import languages_table
from pipeline.store.es_actors import ElasticsearchActorIndex
from pipeline.store.es_template import DERIVED_FIELDS, MAIN_LANGUAGE, SearchLanguages, index_template, search_languages, text_fields

log = logging.getLogger(__name__)

_FACET_SEPARATOR = "|"
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_VERSION = re.compile(r"-v(\d+)$")
# Elasticsearch's default `index.highlight.max_analyzed_offset`: a hit with a longer body is
# highlighted in its first this-many characters instead of failing the whole search.
HIGHLIGHT_MAX_ANALYZED_CHARS = 1_000_000
_WRITE_BLOCKED = "cluster_block_exception"
# Months an actor page shows, at most (fifty years).
_MONTHS = 600
_FACET_NAMES = ("actors", "themes", "months", "sentiment", "sources", "languages")


class ElasticsearchRefused(StoreError):
    """Elasticsearch answered a request with a client error (4xx): a bad query, a missing
    permission, a mapping conflict. Carries the status and Elasticsearch's error type."""

    def __init__(self, status: int, error_type: str, reason: str, where: str) -> None:
        super().__init__(f"Elasticsearch at {where} refused the request ({status} {error_type}): {reason}")
        self.status = status
        self.error_type = error_type


class ArchiveReadOnly(StoreError):
    """Writes are stopped while a reindex copies the archive; try the batch again after it."""


class _BusyItems(Exception):
    """Some bulk items came back 429: the retry layer resends them (and only them)."""


def _is_transient(error: BaseException) -> bool:
    if isinstance(error, TransportConnectionError | ConnectionTimeout | _BusyItems):
        return True
    return isinstance(error, ApiError) and error.meta.status in _RETRY_STATUSES


def _refusal(error: ApiError, where: str) -> ElasticsearchRefused:
    info = error.info if isinstance(error.info, dict) else {}
    detail = info.get("error") if isinstance(info.get("error"), dict) else {}
    root = (detail.get("root_cause") or [detail])[0] if detail else {}
    error_type = str(root.get("type") or error.message or "error")
    reason = str(root.get("reason") or detail.get("reason") or error)
    return ElasticsearchRefused(error.meta.status, error_type, reason, where)


def read_only_message(index: str) -> str:
    return (
        f"the archive's index {index} takes no writes while a reindex copies it; the batch was not "
        "stored: run it again once the reindex has switched the alias. If no reindex is running "
        f"(one was killed), lift the block: PUT {index}/_settings {{\"index.blocks.write\": null}}"
    )




def client_from_settings(settings: Settings) -> Elasticsearch:
    options: dict[str, Any] = {
        "request_timeout": settings.es_timeout,
        # Retries are the store's (see the module's docstring), not stacked on the transport's.
        "max_retries": 0,
    }
    # Credentials written into the URL travel as basic auth, so no error or log line that
    # names the node can carry the password.
    url, url_credentials = split_credentials(settings.es_url)
    if settings.es_api_key is not None:
        options["api_key"] = settings.es_api_key.get_secret_value()
    elif settings.es_username:
        password = settings.es_password.get_secret_value() if settings.es_password else ""
        options["basic_auth"] = (settings.es_username, password)
    elif url_credentials is not None:
        options["basic_auth"] = url_credentials
    if settings.es_ca_cert is not None:
        options["ca_certs"] = str(settings.es_ca_cert)
    return Elasticsearch(url, **options)


class _IndexGeneration:
    """The next versioned index, filled by a rebuild before the alias moves to it."""

    def __init__(self, store: ElasticsearchStore, name: str) -> None:
        self.store = store
        self.name = name

    def write(self, documents: Sequence[Document]) -> list[WriteFailure]:
        return self.store._bulk(self.name, documents)

    def count(self) -> int:
        self.store._call(lambda: self.store.client.indices.refresh(index=self.name))
        return int(self.store._call(lambda: self.store.client.count(index=self.name))["count"])


# While a new index is filled nobody searches it: no refreshes, no replicas to copy to.
_FILLING_SETTINGS: dict[str, Any] = {"index": {"refresh_interval": "-1", "number_of_replicas": 0}}


def serving_settings(replicas: int) -> dict[str, Any]:
    """What a filled index gets back before searches see it (null: the cluster's default refresh)."""
    return {"index": {"refresh_interval": None, "number_of_replicas": replicas}}


class ElasticsearchStore(StoreBase):
    """Documents in Elasticsearch. The client is given, so tests and callers choose transport."""

    def __init__(
        self,
        client: Elasticsearch,
        *,
        alias: str = "dropwire-docs",
        shards: int = 1,
        replicas: int = 0,
        chunk_size: int = 500,
        attempts: int = 5,
        backoff_seconds: float = 0.5,
        languages: SearchLanguages | None = None,
    ) -> None:
        self.client = client
        # The full-text languages: sub-fields in the template, searched together.
        self.languages = search_languages(languages)
        self.text_fields = text_fields(self.languages)
        self.alias = alias
        self.shards = shards
        self.replicas = replicas
        self.chunk_size = chunk_size
        self._ready = False
        # 429, 5xx and connection failures are retried with capped exponential backoff.
        self._retrying = Retrying(
            retry=retry_if_exception(_is_transient),
            stop=stop_after_attempt(attempts),
            wait=wait_exponential(multiplier=backoff_seconds, max=8),
            reraise=True,
            before_sleep=self._say_retrying,
        )
        self._attempts = attempts
        self._registry: ElasticsearchActorIndex | None = None

    def actor_registry(self) -> ElasticsearchActorIndex:
        """`ALIAS-actors`, beside the versioned document indices (pipeline/store/es_actors.py)."""
        if self._registry is None:
            self._registry = ElasticsearchActorIndex(self)
        return self._registry

    def _say_retrying(self, state: RetryCallState) -> None:
        """Say at once that the cluster did not answer, where, and what to check: a retry
        loop that stays silent looks like a hang."""
        error = state.outcome.exception() if state.outcome is not None else None
        wait = state.next_action.sleep if state.next_action is not None else 0.0
        log.warning(
            "Elasticsearch at %s did not answer (%s); retrying in %.1f s (attempt %d of %d). "
            "If this goes on, check DROPWIRE_ES_URL, the credentials (DROPWIRE_ES_API_KEY or "
            "DROPWIRE_ES_USERNAME/PASSWORD) and TLS (DROPWIRE_ES_CA_CERT).",
            self.where,
            type(error).__name__ if error else "no answer",
            wait,
            state.attempt_number,
            self._attempts,
        )

    @property
    def where(self) -> str:
        """The nodes this store talks to, as they may be shown (no credentials)."""
        try:
            nodes = [node.base_url for node in self.client.transport.node_pool.all()]
        except AttributeError:  # a test double
            return "the configured cluster"
        return ", ".join(redacted_url(node) for node in nodes)

    @classmethod
    def from_settings(cls, settings: Settings) -> ElasticsearchStore:
        return cls(
            client_from_settings(settings),
            alias=settings.es_alias,
            shards=settings.es_shards,
            replicas=settings.es_replicas,
            chunk_size=settings.es_bulk_chunk,
            languages=languages_table(settings.languages_file).search_analyzers(),
        )

    # -- set-up --------------------------------------------------------------------

    def ensure_ready(self) -> None:
        """Install the template and, on an empty cluster, create ALIAS-v1 behind the alias."""
        if self._ready:
            return
        template = index_template(self.alias, shards=self.shards, replicas=self.replicas, languages=self.languages)
        self._call(lambda: self.client.indices.put_index_template(name=self.alias, **template))
        if self._current_index() is None:
            first = f"{self.alias}-v1"
            self._call(lambda: self.client.indices.create(index=first, aliases={self.alias: {}}))
        self._ready = True

    def _current_index(self) -> str | None:
        try:
            aliases = self._call(lambda: self.client.indices.get_alias(name=self.alias))
        except NotFoundError:
            return None
        indices = sorted(aliases.body, key=_version_of)
        return indices[-1] if indices else None

    # -- writing -------------------------------------------------------------------

    def upsert(self, documents: Sequence[Document]) -> list[WriteFailure]:
        if not documents:
            return []
        self.ensure_ready()
        return self._bulk(self.alias, documents)

    def _bulk(self, index: str, documents: Sequence[Document]) -> list[WriteFailure]:
        """Write in chunks; returns what the mapping refused. Each retry resends only the items
        not yet confirmed: those of a chunk that failed whole, and those refused with 429."""
        pending = {document.id: {"_index": index, "_id": document.id, "_source": to_source(document)} for document in documents}
        failures: list[WriteFailure] = []

        def send_pending() -> None:
            busy = 0
            for ok, item in self._stream(list(pending.values())):
                detail = item.get("index", item)
                doc_id = str(detail.get("_id"))
                if ok:
                    pending.pop(doc_id, None)
                elif detail.get("status") == 429:
                    busy += 1
                elif (detail.get("error") or {}).get("type") == _WRITE_BLOCKED:
                    raise ArchiveReadOnly(read_only_message(str(detail.get("_index", index))))
                else:
                    pending.pop(doc_id, None)
                    failures.append(WriteFailure(doc_id=doc_id, reason=_error_text(detail)))
            if busy:
                raise _BusyItems(f"{busy} item(s) refused with 429")

        self._call(send_pending)
        return failures

    def _stream(self, actions: list[dict[str, Any]]) -> Iterator[tuple[bool, dict[str, Any]]]:
        yield from helpers.streaming_bulk(
            self.client,
            actions,
            chunk_size=self.chunk_size,
            max_chunk_bytes=20 * 1024 * 1024,
            max_retries=0,  # the store's retry layer resends (see the module's docstring)
            raise_on_error=False,
            raise_on_exception=True,
            refresh="wait_for",
        )

    def delete(self, doc_id: str) -> bool:
        try:
            self._call(lambda: self.client.delete(index=self.alias, id=doc_id, refresh="wait_for"))
        except NotFoundError:
            return False
        return True

    # -- rebuilding (the loop is pipeline.store.rebuild) ------------------------------

    def _new_generation(self) -> _IndexGeneration:
        """Stop writes to the current index, then create the next one, set for filling."""
        source = self._current_index()
        assert source is not None, "ensure_ready creates the first index"
        target = f"{self.alias}-v{_version_of(source) + 1}"
        self._set_write_block(source, True)
        try:
            self._call(lambda: self.client.indices.create(index=target, settings=_FILLING_SETTINGS))
        except BaseException:
            self._set_write_block(source, False)
            raise
        return _IndexGeneration(self, target)

    def _copy_unchanged(self, generation: _IndexGeneration) -> list[WriteFailure] | None:
        """The server copies the current index itself (`_reindex`): nothing crosses the network."""
        source = self._current_index()
        assert source is not None
        answer = self._call(
            lambda: self.client.reindex(
                source={"index": source}, dest={"index": generation.name}, wait_for_completion=True, refresh=True
            )
        )
        return [
            WriteFailure(doc_id=str(failure.get("id")), reason=_error_text(failure.get("cause") or failure))
            for failure in answer.get("failures", [])
        ]

    def _set_write_block(self, index: str, blocked: bool) -> None:
        value = True if blocked else None  # null removes the setting
        self._call(lambda: self.client.indices.put_settings(index=index, settings={"index.blocks.write": value}))

    def _switch_to(self, generation: _IndexGeneration) -> tuple[str, str]:
        """Move the alias in one atomic call: searches see the old index or the new, never neither.
        The new index gets its refresh and replicas back first."""
        source = self._current_index()
        assert source is not None
        self._call(lambda: self.client.indices.put_settings(index=generation.name, settings=serving_settings(self.replicas)))
        self._call(lambda: self.client.indices.refresh(index=generation.name))
        self._call(
            lambda: self.client.indices.update_aliases(
                actions=[
                    {"remove": {"index": source, "alias": self.alias}},
                    {"add": {"index": generation.name, "alias": self.alias}},
                ]
            )
        )
        return source, generation.name

    def _discard(self, generation: _IndexGeneration) -> None:
        """Drop the new index and let writes reach the current one again."""
        self._call(lambda: self.client.indices.delete(index=generation.name, ignore_unavailable=True))
        source = self._current_index()
        if source is not None:
            self._set_write_block(source, False)

    def close(self) -> None:
        self.client.close()

    # -- reading -------------------------------------------------------------------

    def count(self) -> int:
        try:
            return int(self._call(lambda: self.client.count(index=self.alias))["count"])
        except NotFoundError:
            return 0

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return set()
        try:
            response = self._call(lambda: self.client.mget(index=self.alias, ids=wanted, source=False))
        except NotFoundError:
            return set()
        return {doc["_id"] for doc in response["docs"] if doc.get("found")}

    def ids_starting_with(self, prefix: str, *, limit: int) -> list[str]:
        try:
            response = self._call(
                lambda: self.client.search(index=self.alias, query={"prefix": {"id": prefix}}, size=limit, source=False)
            )
        except NotFoundError:
            return []
        return [str(hit["_id"]) for hit in response["hits"]["hits"]]

    def get(self, doc_id: str) -> Document | None:
        try:
            response = self._call(lambda: self.client.get(index=self.alias, id=doc_id))
        except NotFoundError:
            return None
        return from_source(response["_source"])

    def documents(self) -> Iterator[Document]:
        # A scroll cannot be resumed half-way, so it is not retried: its failure is reported.
        try:
            for hit in helpers.scan(self.client, index=self.alias, query={"query": {"match_all": {}}}, size=500):
                yield from_source(hit["_source"])
        except NotFoundError:
            return
        except (TransportConnectionError, ConnectionTimeout, ApiError) as error:
            raise self._store_error(error) from None

    def search(self, query: SearchQuery) -> SearchResults:
        return self._search(query, _aggregations(query.facet_size))[0]

    def _search(self, query: SearchQuery, aggregations: dict[str, Any]) -> tuple[SearchResults, dict[str, Any]]:
        """The results, and the raw aggregations (for those that are not facets)."""
        cursor = Cursor.decode(query.cursor) if query.cursor else None
        request: dict[str, Any] = {
            "query": {"bool": {"must": [_text_query(query.text, self.text_fields)], "filter": _filters(query)}},
            "size": query.limit,
            "track_total_hits": True,
            "sort": [{"_score": "desc"}, {"id": "asc"}],
            "aggs": aggregations,
            "highlight": {
                "max_analyzed_offset": HIGHLIGHT_MAX_ANALYZED_CHARS,
                "encoder": "html",
                "pre_tags": ["<b>"],
                "post_tags": ["</b>"],
                # Each language's sub-field marks what its analyzer matched ("élections" for "election").
                "fields": {
                    field: {"fragment_size": SNIPPET_CHARS, "number_of_fragments": 1}
                    for field in ("body", *(f"body.{code}" for code in sorted(self.languages) if code != MAIN_LANGUAGE))
                },
            },
        }
        if cursor is not None and cursor.after is not None:
            request["search_after"] = cursor.after
        else:
            request["from"] = query.offset
        try:
            response = self._call(lambda: self.client.search(index=self.alias, **request))
        except NotFoundError:
            return SearchResults(total=0, hits=[], facets=Facets()), {}
        hits = []
        for hit in response["hits"]["hits"]:
            document = from_source(hit["_source"])
            marked = hit.get("highlight", {})
            fragments = next((marked[field] for field in self._snippet_fields(document.language) if marked.get(field)), None) or [
                leading_snippet(document.body, SNIPPET_CHARS)
            ]
            hits.append(SearchHit.of(document, fragments[0], float(hit.get("_score") or 0.0)))
        total = int(response["hits"]["total"]["value"])
        raw_hits = response["hits"]["hits"]
        seen = (cursor.offset if cursor else query.offset) + len(hits)
        next_cursor = Cursor(offset=seen, after=raw_hits[-1]["sort"]).encode() if hits and seen < total else None
        found = response.get("aggregations", {})
        facets = _facets({name: found[name] for name in _FACET_NAMES if name in found})
        return SearchResults(total=total, hits=hits, facets=facets, next_cursor=next_cursor), found

    def _snippet_fields(self, language: str) -> list[str]:
        """The highlighted fields a hit's snippet is taken from, best first: its own language's
        (which marks every word that analyzer matched, "l'économie" for "economie"), then English,
        then the others (a word that matched only through another language's reading)."""
        others = [f"body.{code}" for code in sorted(self.languages) if code != MAIN_LANGUAGE]
        own = f"body.{language}"
        return [own, "body", *(field for field in others if field != own)] if own in others else ["body", *others]

    def actor_overview(self, name: str, *, hits: int = 20) -> ActorOverview:
        """One search: the hits, the facets, and nested aggregations over the actor's own
        entry in each document naming it."""
        own = lambda aggs: {  # noqa: E731
            "nested": {"path": "actors"},
            "aggs": {"own": {"filter": {"term": {"actors.name": name}}, "aggs": aggs}},
        }
        aggregations = {
            "actors": {"terms": {"field": "actor_facets", "size": 20}},
            "themes": {"terms": {"field": "themes.id", "size": 20}},
            "actor": own(
                {
                    "kinds": {"terms": {"field": "actors.kind", "size": 10}},
                    "aliases": {"terms": {"field": "actors.aliases", "size": ACTOR_ALIASES}},
                }
            ),
            "actor_months": {
                "terms": {"field": "month", "size": _MONTHS},
                "aggs": {
                    "actor": own(
                        {
                            "mentions": {"sum": {"field": "actors.mentions"}},
                            "tone": {"sum": {"field": "actors.sentiment"}},
                            "toned": {"value_count": {"field": "actors.sentiment"}},
                        }
                    )
                },
            },
        }
        results, found = self._search(SearchQuery(actors=[name], limit=hits), aggregations)
        own_of = found.get("actor", {}).get("own", {})
        buckets = lambda agg: agg.get("buckets", [])  # noqa: E731
        return ActorOverview(
            documents=results.total,
            hits=results.hits,
            facets=results.facets,
            kinds={str(b["key"]): int(b["doc_count"]) for b in buckets(own_of.get("kinds", {}))},
            aliases={str(b["key"]): int(b["doc_count"]) for b in buckets(own_of.get("aliases", {}))},
            months=[
                ActorMonth(
                    str(b["key"]),
                    int(b["doc_count"]),
                    int(b["actor"]["own"]["mentions"]["value"] or 0),
                    float(b["actor"]["own"]["tone"]["value"] or 0.0),
                    int(b["actor"]["own"]["toned"]["value"] or 0),
                )
                for b in buckets(found.get("actor_months", {}))
            ],
        )

    def _call(self, action: Any) -> Any:
        """Run one client call with retries on transient failures. An outage becomes StoreError,
        a client error (4xx) ElasticsearchRefused; NotFoundError stays, callers handle it."""
        try:
            return self._retrying(action)
        except (TransportConnectionError, ConnectionTimeout, _BusyItems, ApiError) as error:
            if isinstance(error, NotFoundError):
                raise
            raise self._store_error(error) from None

    def _store_error(self, error: Exception) -> StoreError:
        """What a failure the retries did not cure means, as the store's own error."""
        if isinstance(error, TransportConnectionError | ConnectionTimeout):
            return StoreError(f"Elasticsearch is unreachable: {error}")
        if isinstance(error, _BusyItems):
            return StoreError(f"Elasticsearch stayed too busy to take the whole batch: {error}")
        assert isinstance(error, ApiError)
        if error.meta.status in _RETRY_STATUSES:
            return StoreError(f"Elasticsearch is unavailable ({error.meta.status}): {error}")
        refusal = _refusal(error, self.where)
        if refusal.error_type == _WRITE_BLOCKED:
            return ArchiveReadOnly(read_only_message(self.alias))
        return refusal


def to_source(document: Document) -> dict[str, Any]:
    """The indexed JSON: the Document as it is, plus the derived facet fields."""
    source = document.model_dump(mode="json")
    source["dated_at"] = document.dated_at.isoformat()
    source["month"] = month_of(document.dated_at)
    source["actor_names"] = [actor.name for actor in document.actors]
    source["actor_facets"] = [f"{actor.kind.value}{_FACET_SEPARATOR}{actor.name}" for actor in document.actors]
    return source


def from_source(source: dict[str, Any]) -> Document:
    return Document.model_validate({key: value for key, value in source.items() if key not in DERIVED_FIELDS})


def _text_query(text: str, field_groups: list[list[str]]) -> dict[str, Any]:
    if not text.strip():
        return {"match_all": {}}
    readings = [
        {"simple_query_string": {"query": text, "fields": fields, "default_operator": "and", "lenient": True}}
        for fields in field_groups
    ]
    return readings[0] if len(readings) == 1 else {"bool": {"should": readings, "minimum_should_match": 1}}


def _filters(query: SearchQuery) -> list[dict[str, Any]]:
    filters: list[dict[str, Any]] = [{"term": {"actor_names": actor}} for actor in query.actors]
    filters += [{"term": {"themes.id": theme}} for theme in query.themes]
    if query.sentiment is not None:
        filters.append({"term": {"sentiment.label": query.sentiment.value}})
    if query.source_kind is not None:
        filters.append({"term": {"source.kind": query.source_kind.value}})
    if query.media_type is not None:
        filters.append({"term": {"source.media_type": query.media_type}})
    if query.language is not None:
        filters.append({"term": {"language": query.language}})
    if query.since or query.until:
        bounds: dict[str, str] = {}
        if query.since:
            bounds["gte"] = day_start(query.since).isoformat()
        if query.until:
            bounds["lte"] = day_end(query.until).isoformat()
        filters.append({"range": {"dated_at": bounds}})
    return filters


def _aggregations(size: int) -> dict[str, Any]:
    return {
        "actors": {"terms": {"field": "actor_facets", "size": size}},
        "themes": {"terms": {"field": "themes.id", "size": size}},
        "months": {
            "date_histogram": {
                "field": "dated_at",
                "calendar_interval": "month",
                "format": "yyyy-MM",
                "min_doc_count": 1,
                "time_zone": "UTC",
            }
        },
        "sentiment": {"terms": {"field": "sentiment.label", "size": 3}},
        "sources": {"terms": {"field": "source.kind", "size": 2}},
        "languages": {"terms": {"field": "language", "size": 50}},
    }


def _facets(aggregations: dict[str, Any]) -> Facets:
    buckets = {
        name: [
            (str(bucket.get("key_as_string", bucket["key"])), int(bucket["doc_count"]))
            for bucket in aggregation.get("buckets", [])
        ]
        for name, aggregation in aggregations.items()
    }
    return Facets.from_buckets(buckets, _FACET_SEPARATOR)


def _error_text(item: dict[str, Any]) -> str:
    error = item.get("error")
    if isinstance(error, dict):
        return f"{error.get('type', 'error')}: {error.get('reason', '')}".strip()
    return str(error or f"status {item.get('status')}")


def _version_of(index: str) -> int:
    match = _VERSION.search(index)
    return int(match.group(1)) if match else 0
