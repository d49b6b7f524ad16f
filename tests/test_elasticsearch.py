"""What only the Elasticsearch store does: template, mapping refusals, retries, reindex by alias."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders, NodeConfig
from elastic_transport._node import NodeApiResponse
from elastic_transport import ConnectionError as TransportConnectionError
from elasticsearch import ApiError, Elasticsearch

from conftest import make_document
from pipeline.errors import StoreError
from pipeline.ingest import Ingestor
from pipeline.models import ActorKind
from pipeline.search import SearchQuery
from pipeline.settings import Settings
from pipeline.sources.local import LocalFolder
from pipeline.store.elasticsearch import (
    HIGHLIGHT_MAX_ANALYZED_CHARS,
    ArchiveReadOnly,
    ElasticsearchRefused,
    ElasticsearchStore,
    client_from_settings,
    from_source,
    to_source,
)
from pipeline.store.es_template import index_template

KIM = ("Kim Jong Un", ActorKind.PERSON)


def test_the_template_is_strict_with_nested_actors_and_english_text() -> None:
    template = index_template("dropwire-docs", shards=3, replicas=1)
    mappings = template["template"]["mappings"]
    assert template["index_patterns"] == ["dropwire-docs-v*"]
    assert template["template"]["settings"] == {"number_of_shards": 3, "number_of_replicas": 1}
    assert mappings["dynamic"] == "strict"
    properties = mappings["properties"]
    assert properties["actors"]["type"] == "nested"
    assert set(properties["actors"]["properties"]) == {"name", "kind", "aliases", "mentions", "sentiment"}
    assert properties["body"]["analyzer"] == "english" and "exact" in properties["body"]["fields"]
    assert properties["title"]["fields"]["keyword"]["type"] == "keyword"
    assert properties["published_at"] == {"type": "date"}
    assert properties["themes"]["properties"]["id"]["type"] == "keyword"
    assert properties["sentiment"]["properties"]["score"] == {"type": "float"}
    assert properties["actor_names"] == {"type": "keyword"}


def test_the_indexed_source_round_trips_to_the_document() -> None:
    document = make_document("Kim Jong Un spoke.", actors=[KIM], themes=[("politics", None)])
    source = to_source(document)
    assert source["actor_facets"] == ["person|Kim Jong Un"] and source["month"] == "2025-04"
    assert from_source(json.loads(json.dumps(source))) == document


def test_the_installed_index_has_the_template_mapping(es_cluster) -> None:
    store = es_cluster.store()
    store.upsert([make_document("Kim Jong Un spoke in Pyongyang.", actors=[KIM])])
    mapping = store.client.indices.get_mapping(index=es_cluster.alias).body
    [(index, body)] = mapping.items()
    assert index == f"{es_cluster.alias}-v1"
    assert body["mappings"]["dynamic"] == "strict"
    assert body["mappings"]["properties"]["actors"]["type"] == "nested"


def test_documents_where_an_actor_is_mentioned_negatively_is_one_nested_query(es_cluster) -> None:
    store = es_cluster.store()
    angry = make_document("Angry words about Kim Jong Un.", actors=[KIM], sentiment=-0.6, title="angry")
    calm = make_document("Kind words about Kim Jong Un.", actors=[KIM], sentiment=0.5, title="calm")
    store.upsert([angry, calm])
    response = store.client.search(
        index=es_cluster.alias,
        query={
            "nested": {
                "path": "actors",
                "query": {"bool": {"filter": [{"term": {"actors.name": "Kim Jong Un"}}, {"range": {"actors.sentiment": {"lt": -0.05}}}]}},
            }
        },
    )
    assert [hit["_source"]["title"] for hit in response["hits"]["hits"]] == ["angry"]


def test_a_document_the_mapping_refuses_is_a_write_failure_not_an_exception(es_cluster) -> None:
    store = es_cluster.store()
    # An index created by hand with a title that is a number: every text title is refused.
    store.client.indices.create(
        index=f"{es_cluster.alias}-v1",
        aliases={es_cluster.alias: {}},
        mappings={"properties": {"title": {"type": "long"}}},
    )
    store._ready = True
    good = make_document("No title here about Seoul.", title=None)
    bad = make_document("A title that is not a number.", title="words")
    failures = store.upsert([good, bad])
    assert [failure.doc_id for failure in failures] == [bad.id]
    assert failures[0].reason
    assert store.existing_ids([good.id, bad.id]) == {good.id}


def test_ingest_quarantines_what_the_store_refuses(es_cluster, enricher, settings: Settings, tmp_path: Path) -> None:
    store = es_cluster.store()
    store.client.indices.create(
        index=f"{es_cluster.alias}-v1", aliases={es_cluster.alias: {}}, mappings={"properties": {"title": {"type": "long"}}}
    )
    store._ready = True
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "titled.txt").write_text("A headline\nJacinda Ardern opened a school in Wellington.\n")
    summary = Ingestor(settings, store, enricher=enricher).ingest(LocalFolder(inbox))
    assert (summary.indexed, summary.quarantined) == (0, 1)
    rejection = json.loads((inbox / "quarantine" / "titled.txt.rejection.json").read_text())
    assert (rejection["reason"], rejection["stage"]) == ("store_rejected", "store")


def _api_error(status: int) -> ApiError:
    meta = ApiResponseMeta(status=status, http_version="1.1", headers=HttpHeaders(), duration=0.0, node=NodeConfig("http", "localhost", 9200))
    return ApiError(f"status {status}", meta=meta, body={"error": "injected"})


class FlakyClient:
    """Fails the first `failures` calls with `error`, then answers."""

    def __init__(self, failures: int, error: Exception) -> None:
        self.failures = failures
        self.error = error
        self.calls = 0

    def count(self, index: str) -> dict:
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error
        return {"count": 7}

    def close(self) -> None:
        pass


@pytest.mark.parametrize(
    "error",
    [_api_error(429), _api_error(503), TransportConnectionError("refused")],
    ids=["429", "503", "connection"],
)
def test_transient_failures_are_retried(error: Exception) -> None:
    client = FlakyClient(failures=2, error=error)
    store = ElasticsearchStore(client, attempts=3, backoff_seconds=0)  # type: ignore[arg-type]
    assert store.count() == 7
    assert client.calls == 3


def test_an_outage_becomes_a_store_error_after_the_retries() -> None:
    client = FlakyClient(failures=99, error=_api_error(503))
    store = ElasticsearchStore(client, attempts=4, backoff_seconds=0)  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="unavailable"):
        store.count()
    assert client.calls == 4
    unreachable = ElasticsearchStore(FlakyClient(99, TransportConnectionError("refused")), attempts=2, backoff_seconds=0)  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="unreachable"):
        unreachable.count()


def test_a_client_error_is_not_retried_and_becomes_the_stores_own_error() -> None:
    client = FlakyClient(failures=99, error=_api_error(400))
    store = ElasticsearchStore(client, attempts=5, backoff_seconds=0)  # type: ignore[arg-type]
    with pytest.raises(ElasticsearchRefused, match=r"refused the request \(400 ") as refused:
        store.count()
    assert isinstance(refused.value, StoreError) and refused.value.status == 400
    assert client.calls == 1


def test_a_refusal_names_elasticsearchs_error_type_and_reason(es_cluster) -> None:
    store = es_cluster.store()
    store.ensure_ready()
    with pytest.raises(ElasticsearchRefused) as refused:
        store._call(lambda: store.client.search(index=es_cluster.alias, query={"range": {"dated_at": {"gte": "not a date"}}}))
    assert refused.value.status == 400
    assert refused.value.error_type != "error" and "not a date" in str(refused.value)


def test_the_client_does_not_retry_under_the_stores_retries() -> None:
    client = client_from_settings(Settings(_env_file=None, es_url="http://127.0.0.1:9"))
    attempts = []

    def refuse(*args, **options):
        attempts.append(1)
        raise TransportConnectionError("refused")

    for node in client.transport.node_pool.all():
        node.perform_request = refuse  # type: ignore[method-assign]
    with pytest.raises(TransportConnectionError):
        client.info()
    assert len(attempts) == 1, "the transport retried: retries would multiply with the store's"
    client.close()


class BusyBulkNode(BaseNode):
    """A cluster that answers every bulk, refusing the first item of the first one with 429."""

    bulk_sizes: list[int] = []

    def perform_request(self, method, target, body=None, headers=None, request_timeout=None):  # type: ignore[override]
        lines = [line for line in (body or b"").decode().splitlines() if line]
        ids = [json.loads(line)["index"]["_id"] for line in lines[0::2]]
        busy = not BusyBulkNode.bulk_sizes
        BusyBulkNode.bulk_sizes.append(len(ids))
        items = []
        for number, doc_id in enumerate(ids):
            if busy and number == 0:
                items.append({"index": {"_id": doc_id, "status": 429, "error": {"type": "es_rejected_execution_exception", "reason": "busy"}}})
            else:
                items.append({"index": {"_id": doc_id, "status": 201, "result": "created"}})
        payload = json.dumps({"took": 1, "errors": busy, "items": items}).encode()
        meta = ApiResponseMeta(
            status=200,
            http_version="1.1",
            headers=HttpHeaders({"content-type": "application/json", "x-elastic-product": "Elasticsearch"}),
            duration=0.0,
            node=self.config,
        )
        return NodeApiResponse(meta, payload)


def test_items_refused_with_429_are_resent_by_the_bulk_helper() -> None:
    BusyBulkNode.bulk_sizes = []
    client = Elasticsearch("http://busy.invalid:9200", node_class=BusyBulkNode)
    store = ElasticsearchStore(client, attempts=2, backoff_seconds=0)
    store._ready = True
    documents = [make_document(f"Text number {n} about Paris.") for n in range(3)]
    assert store._bulk("dropwire-docs", documents) == []
    assert BusyBulkNode.bulk_sizes == [3, 1], "only the refused item is resent, once"


def test_items_still_busy_after_the_retries_fail_the_batch() -> None:
    BusyBulkNode.bulk_sizes = []
    client = Elasticsearch("http://busy.invalid:9200", node_class=BusyBulkNode)
    store = ElasticsearchStore(client, attempts=1, backoff_seconds=0)
    store._ready = True
    with pytest.raises(StoreError, match="too busy"):
        store._bulk("dropwire-docs", [make_document("Text about Paris.")])
    assert BusyBulkNode.bulk_sizes == [1]


def test_client_settings_carry_auth_and_timeouts(tmp_path: Path) -> None:
    settings = Settings(
        _env_file=None, es_url="https://es.example:9200", es_username="elastic", es_password="secret", es_timeout=12.5
    )
    client = client_from_settings(settings)
    node = client.transport.node_pool.get()
    assert (node.config.host, node.config.port, node.config.scheme) == ("es.example", 9200, "https")
    assert "authorization" in {name.lower() for name in client._headers}
    client.close()


def test_searching_an_archive_that_does_not_exist_yet_is_empty(es_cluster) -> None:
    store = es_cluster.store()
    assert store.count() == 0
    assert store.search(SearchQuery(text="anything")).total == 0


def test_the_cli_runs_on_elasticsearch(es_cluster, isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ingest, search, reindex --reenrich and stats with --store elasticsearch, end to end."""
    from typer.testing import CliRunner

    from pipeline import cli
    from pipeline.store import elasticsearch as es_module

    monkeypatch.setattr(es_module, "client_from_settings", lambda settings: es_cluster.client())
    monkeypatch.setenv("DROPWIRE_ES_ALIAS", es_cluster.alias)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "paris.txt").write_text(
        "Macron meets Scholz\nEmmanuel Macron met Olaf Scholz in Paris on Monday for talks on trade.\n"
    )
    (inbox / "bad.json").write_text("{")
    runner = CliRunner()

    ingested = runner.invoke(cli.app, ["ingest", "--store", "elasticsearch", str(inbox)], catch_exceptions=False)
    assert ingested.exit_code == 0, ingested.output
    assert "malformed_json" in ingested.output

    found = runner.invoke(cli.app, ["search", "talks", "--store", "elasticsearch", "--actor", "Olaf Scholz", "--json"])
    payload = json.loads(found.stdout)
    assert payload["total"] == 1 and "<b>talks</b>" in payload["hits"][0]["highlight"]

    reindexed = runner.invoke(cli.app, ["reindex", "--store", "elasticsearch", "--reenrich", "--all"], catch_exceptions=False)
    assert reindexed.exit_code == 0, reindexed.output
    said = " ".join(reindexed.output.split())
    assert f"into {es_cluster.alias}-v2; the index before ({es_cluster.alias}-v1) is retired" in said
    aliases = es_cluster.client().indices.get_alias(name=es_cluster.alias).body
    assert list(aliases) == [f"{es_cluster.alias}-v2"]

    stats = runner.invoke(cli.app, ["stats", "--store", "elasticsearch"], catch_exceptions=False)
    assert "documents: 1" in stats.output and "Emmanuel Macron" in stats.output
    assert not (isolated_env / "index").exists(), "an Elasticsearch run must not create the embedded index"


def test_each_retry_is_said_at_once_with_where_and_what_to_check(caplog: pytest.LogCaptureFixture) -> None:
    client = FlakyClient(failures=2, error=TransportConnectionError("refused"))
    store = ElasticsearchStore(client, attempts=3, backoff_seconds=0)  # type: ignore[arg-type]
    with caplog.at_level("WARNING", logger="pipeline.store.elasticsearch"):
        assert store.count() == 7
    retries = [record.getMessage() for record in caplog.records if "did not answer" in record.getMessage()]
    assert len(retries) == 2
    assert "attempt 1 of 3" in retries[0] and "DROPWIRE_ES_URL" in retries[0]


def test_credentials_in_the_url_travel_as_basic_auth_never_in_the_node_url() -> None:
    from pipeline.settings import Settings
    from pipeline.store.elasticsearch import client_from_settings

    client = client_from_settings(Settings(_env_file=None, es_url="http://writer:hunter2@127.0.0.1:9"))
    nodes = [node.base_url for node in client.transport.node_pool.all()]
    assert nodes == ["http://127.0.0.1:9"]
    assert ElasticsearchStore(client).where == "http://127.0.0.1:9"


# -- reindex while ingest goes on --------------------------------------------------------


def _indices_behind(store: ElasticsearchStore) -> list[str]:
    return sorted(store.client.indices.get_alias(name=store.alias).body)


def test_a_write_during_a_reindex_is_refused_not_lost(es_cluster) -> None:
    store = es_cluster.store()
    store.upsert([make_document("Kim Jong Un spoke."), make_document("Olaf Scholz spoke.")])
    late = make_document("Emmanuel Macron spoke while the archive was copied.")
    refused: list[ArchiveReadOnly] = []

    def copy_while_ingest_writes(documents):
        for document in documents:
            try:
                store.upsert([late])  # ingest, through the alias, still on the old index
            except ArchiveReadOnly as error:
                refused.append(error)
            yield document

    report = store.reindex(copy_while_ingest_writes)
    assert refused, "a write reached the old index during the copy: it would vanish at the swap"
    assert "reindex" in str(refused[0]) and "index.blocks.write" in str(refused[0])
    assert (report.documents, _indices_behind(store)) == (2, [f"{es_cluster.alias}-v2"])
    store.upsert([late])  # the batch, retried after the swap
    assert store.count() == 3 and store.get(late.id) is not None


def test_a_failed_reindex_lets_writes_reach_the_current_index_again(es_cluster) -> None:
    store = es_cluster.store()
    store.upsert([make_document("Kim Jong Un spoke.")])

    def broken(documents):
        yield from ()
        raise RuntimeError("enrichment crashed")

    with pytest.raises(RuntimeError):
        store.reindex(broken)
    store.upsert([make_document("Olaf Scholz spoke.")])
    assert store.count() == 2 and _indices_behind(store) == [f"{es_cluster.alias}-v1"]


def test_a_reindex_without_a_transform_is_copied_by_the_server(es_cluster, monkeypatch: pytest.MonkeyPatch) -> None:
    store = es_cluster.store()
    store.upsert([make_document(f"Text number {n} about Paris.") for n in range(3)])

    def no_client_side_copy():
        raise AssertionError("documents were read back through the client")

    monkeypatch.setattr(store, "documents", no_client_side_copy)
    report = store.reindex()
    assert report.documents == 3 and _indices_behind(store) == [f"{es_cluster.alias}-v2"]


def test_the_new_index_is_filled_without_refresh_or_replicas_then_gets_them_back(es_cluster) -> None:
    store = es_cluster.store(replicas=0)
    store.upsert([make_document("Kim Jong Un spoke.")])
    calls: list[tuple[str, dict]] = []
    real_create, real_put_settings = store.client.indices.create, store.client.indices.put_settings

    def create(**options):
        calls.append(("create", options))
        return real_create(**options)

    def put_settings(**options):
        calls.append(("put_settings", options))
        return real_put_settings(**options)

    store.client.indices.create = create  # type: ignore[method-assign]
    store.client.indices.put_settings = put_settings  # type: ignore[method-assign]
    store.reindex(lambda documents: iter(documents))
    target = f"{es_cluster.alias}-v2"
    [created] = [options for name, options in calls if name == "create"]
    assert created["index"] == target
    assert created["settings"]["index"] == {"refresh_interval": "-1", "number_of_replicas": 0}
    restored = [options["settings"] for name, options in calls if name == "put_settings" and options["index"] == target]
    assert restored == [{"index": {"refresh_interval": None, "number_of_replicas": 0}}]


def test_a_long_hit_is_highlighted_within_the_bound_instead_of_failing_the_search(es_cluster) -> None:
    store = es_cluster.store()
    long_text = "Kim Jong Un spoke. " + "Filler words without the name. " * 2000
    store.upsert([make_document(long_text)])
    sent: list[dict] = []
    real_search = store.client.search

    def search(**request):
        sent.append(request)
        return real_search(**request)

    store.client.search = search  # type: ignore[method-assign]
    results = store.search(SearchQuery(text="Kim"))
    assert results.total == 1 and "<b>Kim</b>" in results.hits[0].highlight
    assert sent[0]["highlight"]["max_analyzed_offset"] == HIGHLIGHT_MAX_ANALYZED_CHARS <= 1_000_000


def test_a_drop_arriving_during_a_reindex_stays_in_the_inbox_for_the_retry(
    es_cluster, enricher, settings: Settings, tmp_path: Path
) -> None:
    """Not quarantined as refused: the batch stops, the drop waits, the retry after the swap stores it."""
    store = es_cluster.store()
    store.upsert([make_document("Kim Jong Un spoke.")])
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "ardern.txt").write_text("Wellington\nJacinda Ardern opened a school in Wellington.\n")
    generation = store._new_generation()  # a reindex has begun: the current index is read-only
    with pytest.raises(ArchiveReadOnly):
        Ingestor(settings, store, enricher=enricher).ingest(LocalFolder(inbox))
    assert (inbox / "ardern.txt").exists() and not (inbox / "quarantine").exists()
    generation.write(list(store.documents()))
    generation.count()
    store._switch_to(generation)
    summary = Ingestor(settings, store, enricher=enricher).ingest(LocalFolder(inbox))
    assert summary.indexed == 1 and store.count() == 2


def test_reading_every_document_reports_a_refusal_as_the_stores_error() -> None:
    class RefusingScrolls(FlakyClient):
        def options(self, **options):
            return self

        def search(self, **request):
            raise _api_error(403)

    store = ElasticsearchStore(RefusingScrolls(failures=0, error=_api_error(403)), attempts=1, backoff_seconds=0)  # type: ignore[arg-type]
    with pytest.raises(ElasticsearchRefused, match="403"):
        list(store.documents())


def test_a_name_claim_waits_for_no_refresh_and_the_record_after_the_commit_does(es_cluster, monkeypatch) -> None:
    """A claim is made per chunk, before the store: waiting for Elasticsearch's refresh (up to a
    second) there would stall every chunk. The record after the commit makes them searchable."""
    from pipeline.models import Actor
    from pipeline.registry import ActorRegistry

    store = es_cluster.store()
    try:
        registry = ActorRegistry(store.actor_registry())
        refreshes: list[object] = []
        bulk = Elasticsearch.bulk

        def noting_bulk(self, *args, **kwargs):
            refreshes.append(kwargs.get("refresh"))
            return bulk(self, *args, **kwargs)

        monkeypatch.setattr(Elasticsearch, "bulk", noting_bulk)
        actors = [Actor(name="Orla Stennick", kind=ActorKind.PERSON, aliases=["Orla Stennick"], mentions=1)]
        staged = registry.stage(registry.canonicalize(actors))
        assert registry.claim([staged]) == set()
        registry.record([staged.without_names()])
        assert refreshes == [False, "wait_for"]
        assert ActorRegistry(store.actor_registry()).names()["orla stennick"] == "Orla Stennick"
    finally:
        store.close()
