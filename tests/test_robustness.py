"""Dropwire loses nothing: hostile inputs, a kill -9 mid-batch, a store that is down."""

from __future__ import annotations

import codecs
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hypothesis_settings
from hypothesis import strategies as st

from pipeline.errors import DropError, StoreError
from pipeline.extract import extract
from pipeline.ingest import Ingestor
from pipeline.models import Rejection
from pipeline.search import SearchQuery
from pipeline.settings import Settings
from pipeline.sources.local import LocalFolder
from pipeline.store.tantivy import TantivyStore

GOOD = "Ministers met in Lisbon\nMaria Lopez, the minister, met Jonas Berg in Lisbon on Monday for trade talks.\n"


def hostile_corpus() -> dict[str, bytes]:
    rng = random.Random(11)
    nested = "[" * 3000 + "]" * 3000
    return {
        "empty.txt": b"",
        "whitespace.md": b" \t\n\n   \r\n",
        "random-bytes.txt": bytes(rng.randrange(256) for _ in range(4096)),
        "invalid-utf8.txt": b"Kim \xc3\xa9 said \xff\xfe\xfd that",
        "mixed-encodings.txt": "Zürich “quoted” ".encode() + "and Köln".encode("latin-1"),
        "nul-bytes.txt": b"Reports\x00from\x00the\x00front",
        "too-big.txt": b"word " * 30_000,
        "deep.json": nested.encode(),
        "no-body.json": json.dumps({"title": "Just a title", "published_at": "2025-01-01"}).encode(),
        "some-bad-lines.jsonl": b'{"body": "Samuel Osei opened a clinic in Nairobi."}\n{nope\n\n[1]\n{"text": "Aiko Tanaka won in Osaka."}\n',
        "scripts.html": b"<html><head><title>A &amp; B</title><script>alert('x')</script></head><body><p>Caf&eacute; owners &lt;protested&gt; in Paris &#8212; loudly.</p><style>p{}</style></body></html>",
        "right-to-left.txt": "عنوان\nوصل الرئيس إلى القاهرة يوم الاثنين لإجراء محادثات. שלום עולם.".encode(),
        "emoji.md": "---\ntitle: Party 🎉\n---\nFans 🎉🔥 cheered as Lucas Moreau scored in Bergen 😀.\n".encode(),
        "name with spaces.txt": GOOD.encode(),
        "résumé – 新闻 ✓.txt": "Nouvelles\nElena Petrova a parlé à Cracovie de l'énergie.\n".encode(),
        "dots..in..name..txt": "Dots\nPriya Nair visited Toronto.\n".encode(),
        "utf16.txt": "Encoded\nJonas Berg spoke in Valparaiso.".encode("utf-16"),
        "bom.json": codecs.BOM_UTF8 + json.dumps({"body": "Northwind Energy opened a wind farm."}).encode(),
        "unknown.docx": b"PK\x03\x04 not really",
        "no-extension": b"plain words",
    }


def test_a_hostile_corpus_ends_as_documents_or_reasons(settings: Settings, store: TantivyStore, enricher, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    corpus = hostile_corpus()
    for name, content in corpus.items():
        (inbox / name).write_bytes(content)
    limited = settings.model_copy(update={"max_drop_bytes": 100_000})
    summary = Ingestor(limited, store, enricher=enricher).ingest(LocalFolder(inbox), batch_drops=7)

    assert summary.drops == len(corpus)
    assert [p for p in inbox.iterdir() if p.is_file()] == [], "every drop was filed"
    processed = {p.name for p in (inbox / "processed").iterdir()}
    quarantined = {p.name for p in (inbox / "quarantine").iterdir() if not p.name.endswith(".rejection.json")}
    whole_drops_quarantined = quarantined & set(corpus)
    assert processed | whole_drops_quarantined == set(corpus)
    assert not processed & whole_drops_quarantined
    rejections = [Rejection.model_validate_json(p.read_text()) for p in (inbox / "quarantine").glob("*.rejection.json")]
    assert len(rejections) == summary.quarantined == len(quarantined)
    assert all(rejection.message for rejection in rejections)
    assert store.count() == summary.indexed
    expected_bad = {"empty.txt", "whitespace.md", "random-bytes.txt", "invalid-utf8.txt", "mixed-encodings.txt", "nul-bytes.txt", "too-big.txt", "deep.json", "no-body.json", "unknown.docx", "no-extension"}
    assert expected_bad <= whole_drops_quarantined
    assert {"some-bad-lines.record-2.jsonl", "some-bad-lines.record-4.jsonl"} <= quarantined
    assert "some-bad-lines.jsonl" in processed
    for expected in ("name with spaces.txt", "résumé – 新闻 ✓.txt", "right-to-left.txt", "emoji.md", "scripts.html", "utf16.txt", "bom.json"):
        assert expected in processed, expected
    [html] = store.search(SearchQuery(text="protested")).hits
    assert "<protested>" in store.get(html.id).body and "alert" not in store.get(html.id).body


def _dropwire() -> str:
    return str(Path(sys.executable).with_name("dropwire"))


@pytest.mark.slow
def test_kill_9_mid_batch_then_restart_indexes_every_drop_exactly_once(tmp_path: Path) -> None:
    inbox, data = tmp_path / "inbox", tmp_path / "data"
    inbox.mkdir()
    total = 40
    for number in range(total):
        (inbox / f"{number:03d}.txt").write_text(f"Note {number}\nJonas Berg spoke in Bergen about marker{number:03d}x and trade.\n")
    # A commit per batch, so the run is killed between commits, some drops filed and some not.
    env = {
        **os.environ,
        "DROPWIRE_DATA_DIR": str(data),
        "DROPWIRE_INGEST_BATCH_SIZE": "4",
        "DROPWIRE_INGEST_COMMIT_DOCUMENTS": "4",
    }
    # A session of its own: the run's enriching workers (and their fork server) outlive the kill
    # of their parent, and are ended with the group once the test is done.
    first = subprocess.Popen(
        [_dropwire(), "ingest", str(inbox)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        _kill_mid_batch_then_rerun(first, inbox, data, env, total)
    finally:
        try:
            os.killpg(first.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _kill_mid_batch_then_rerun(first: subprocess.Popen, inbox: Path, data: Path, env: dict[str, str], total: int) -> None:
    processed = inbox / "processed"
    deadline = time.monotonic() + 120
    while not (processed.exists() and len(list(processed.iterdir())) >= 6):
        assert first.poll() is None, "the first run finished before it could be killed: make the corpus larger"
        assert time.monotonic() < deadline, "the first run never committed a batch"
        time.sleep(0.01)
    first.send_signal(signal.SIGKILL)
    first.wait()
    left = len([p for p in inbox.iterdir() if p.is_file()])
    assert 0 < left < total, "killed mid-run: some drops done, some pending"

    second = subprocess.run([_dropwire(), "ingest", str(inbox)], env=env, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    assert [p for p in inbox.iterdir() if p.is_file()] == []
    assert len(list(processed.iterdir())) == total
    store = TantivyStore(data / "index")
    assert store.count() == total
    for number in range(total):
        assert store.search(SearchQuery(text=f"marker{number:03d}x", limit=0)).total == 1, number
    ids = [document.id for document in store.documents()]
    assert len(ids) == len(set(ids)) == total
    store.close()


def test_an_unreachable_elasticsearch_leaves_every_drop_pending(es_cluster, settings: Settings, enricher, tmp_path: Path) -> None:
    from elasticsearch import Elasticsearch

    from pipeline.store.elasticsearch import ElasticsearchStore

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for number in range(6):
        (inbox / f"{number}.txt").write_text(f"Note {number}\nPriya Nair met officials in Toronto, note {number}.\n")
    (inbox / "bad.json").write_text("{")
    down = ElasticsearchStore(Elasticsearch("http://127.0.0.1:9", request_timeout=2, max_retries=0), attempts=2, backoff_seconds=0)
    with pytest.raises(StoreError, match="unreachable"):
        Ingestor(settings, down, enricher=enricher).ingest(LocalFolder(inbox), batch_drops=10)
    assert sorted(p.name for p in inbox.iterdir() if p.is_file()) == ["0.txt", "1.txt", "2.txt", "3.txt", "4.txt", "5.txt", "bad.json"]
    assert not (inbox / "processed").exists(), "nothing may be marked processed while the store is down"

    up = es_cluster.store()
    summary = Ingestor(settings, up, enricher=enricher).ingest(LocalFolder(inbox))
    assert (summary.indexed, summary.quarantined) == (6, 1)
    assert up.count() == 6


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    name=st.sampled_from(["drop.txt", "drop.md", "drop.html", "drop.json", "drop.jsonl", "drop.bin"]),
    content=st.one_of(st.binary(max_size=600), st.text(max_size=600).map(lambda text: text.encode("utf-8", "surrogatepass"))),
)
def test_any_drop_becomes_documents_or_rejections_and_the_counts_add_up(
    name: str, content: bytes, enricher, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("prop")
    inbox = folder / "inbox"
    inbox.mkdir()
    (inbox / name).write_bytes(content)
    settings = Settings(_env_file=None, data_dir=folder / "data")
    store = TantivyStore(settings.index_dir, writer_heap_bytes=15_000_000)
    try:
        summary = Ingestor(settings, store, enricher=enricher).ingest(LocalFolder(inbox))
        assert summary.drops == 1
        try:
            records = len(extract(name, content, max_bytes=settings.max_drop_bytes))
        except DropError:
            records = 0  # nothing extractable: the whole drop is the one rejection
        if (inbox / "quarantine" / name).exists():  # refused whole: one rejection, nothing indexed
            assert (summary.indexed, summary.unchanged, summary.quarantined) == (0, 0, 1)
        else:  # every record it held is counted exactly once
            assert records and summary.indexed + summary.unchanged + summary.quarantined == records
        assert store.count() == summary.indexed
        assert not (inbox / name).exists()
        for document in store.documents():
            assert document.body.strip()
    finally:
        store.close()
