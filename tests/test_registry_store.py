"""The actor registry lives behind the store: every worker over one archive sees the same names.

Each test runs on both stores: the table beside the embedded index, and the `-actors`
index beside the documents on Elasticsearch (an osmem clone). Two `ActorRegistry` objects
over one archive stand for two ingest workers; a new store object with an empty data
directory stands for a recreated container.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import corpus
from pipeline.models import Actor, ActorKind
from pipeline.registry import ActorRegistry, StagedNames
from pipeline.store import Store
from pipeline.store.tantivy import TantivyStore

STORES = ["tantivy", "elasticsearch-osmem"]


def actor(kind: ActorKind, name: str, *aliases: str) -> Actor:
    return Actor(name=name, kind=kind, aliases=[name, *aliases], mentions=1)


def person(name: str, *aliases: str) -> Actor:
    return actor(ActorKind.PERSON, name, *aliases)


@pytest.fixture(params=STORES)
def open_archive(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], Store]]:
    """Opens the archive under test; each call is a new store object (another process's)."""
    opened: list[Store] = []
    if request.param == "tantivy":

        def factory() -> Store:
            opened.append(TantivyStore(tmp_path / "index", writer_heap_bytes=20_000_000))
            return opened[-1]

    else:
        cluster = request.getfixturevalue("es_cluster")

        def factory() -> Store:
            opened.append(cluster.store())
            return opened[-1]

    yield factory
    for store in opened:
        store.close()


def test_a_name_recorded_by_one_worker_is_used_by_another(open_archive: Callable[[], Store]) -> None:
    first, second = ActorRegistry(open_archive().actor_registry()), ActorRegistry(open_archive().actor_registry())
    first.learn([person("Kim Jong Un", "Kim Jong-un")])
    assert second.canonicalize([person("Kim Jong-un")])[0].name == "Kim Jong-un", "not read yet: the batch has not started"
    second.refresh()  # what the ingest loop does before each stored chunk
    assert second.canonicalize([person("Kim Jong-un")])[0].name == "Kim Jong Un"


def test_two_workers_naming_one_key_agree_on_the_first_recorded(open_archive: Callable[[], Store]) -> None:
    first, second = ActorRegistry(open_archive().actor_registry()), ActorRegistry(open_archive().actor_registry())
    staged_first = first.stage(first.canonicalize([person("Harold J Venn", "Harold Venn")]))
    staged_second = second.stage(second.canonicalize([person("Harold Venn")]))
    assert second.canonicalize([person("Harold Venn")])[0].name == "Harold Venn", "its own, until it records"
    first.record([staged_first])
    second.record([staged_second])  # refused for 'harold venn': the other worker's name is read back
    for registry in (first, second):
        assert registry.canonicalize([person("Harold Venn")])[0].name == "Harold J Venn"
    third = ActorRegistry(open_archive().actor_registry())
    assert third.names()["harold venn"] == "Harold J Venn"


def test_a_claim_says_which_of_its_names_lost_and_adopts_the_winners(open_archive: Callable[[], Store]) -> None:
    first, second = ActorRegistry(open_archive().actor_registry()), ActorRegistry(open_archive().actor_registry())
    assert first.claim([first.stage(first.canonicalize([person("Harold J Venn", "Harold Venn")]))]) == set()
    staged = second.stage(second.canonicalize([person("Harold Venn"), person("Orla Stennick")]))
    assert second.claim([staged]) == {"Harold Venn"}, "'orla stennick' was free: only 'harold venn' lost"
    assert [a.name for a in second.canonicalize([person("Harold Venn"), person("Orla Stennick")])] == ["Harold J Venn", "Orla Stennick"]
    assert staged.without_names() == StagedNames([], staged.votes)
    # What the archive holds, read by key (a claim need not be searchable at once: it wins at once).
    archive = open_archive().actor_registry()
    assert [archive.name_of(key) for key in ("harold venn", "orla stennick")] == ["Harold J Venn", "Orla Stennick"]


def test_a_released_claim_frees_its_key_but_never_another_workers_name(open_archive: Callable[[], Store]) -> None:
    first, second = ActorRegistry(open_archive().actor_registry()), ActorRegistry(open_archive().actor_registry())
    first.claim([first.stage(first.canonicalize([person("Harold J Venn", "Harold Venn")]))])
    staged = second.stage(second.canonicalize([person("Harold Venn"), person("Orla Stennick")]))
    assert second.claim([staged]) == {"Harold Venn"}
    second.release(staged.names)  # its document was refused: 'harold venn' is the first worker's
    assert second.canonicalize([person("Orla Stennick", "O. Stennick")])[0].name == "Orla Stennick"
    archive = open_archive().actor_registry()
    assert (archive.name_of("orla stennick"), archive.name_of("harold venn")) == (None, "Harold J Venn")
    # Freed, the key goes to the next claim.
    third = ActorRegistry(open_archive().actor_registry())
    assert third.claim([third.stage(third.canonicalize([person("Orla Stennick-Vale", "Orla Stennick")]))]) == set()
    assert archive.name_of("orla stennick") == "Orla Stennick-Vale"


def test_a_forgotten_document_no_longer_votes_in_this_process(open_archive: Callable[[], Store]) -> None:
    registry = ActorRegistry(open_archive().actor_registry())
    registry.learn(registry.canonicalize([actor(ActorKind.ORG, "Quorvane")]))
    staged = registry.stage(registry.canonicalize([person("Quorvane")]))
    # Two person readings against one organisation: the person wins, until one is taken back.
    assert registry.canonicalize([person("Quorvane")])[0].kind is ActorKind.PERSON
    registry.forget(staged)
    assert registry.canonicalize([person("Quorvane")])[0].kind is ActorKind.ORG, "a tie on a one-word name goes to the organisation"


def test_kind_votes_of_two_workers_add_up(open_archive: Callable[[], Store]) -> None:
    first, second = ActorRegistry(open_archive().actor_registry()), ActorRegistry(open_archive().actor_registry())
    for _ in range(2):
        first.learn(first.canonicalize([actor(ActorKind.ORG, "Vostrak")]))
    second.learn(second.canonicalize([person("Vostrak")]))
    second.learn(second.canonicalize([person("Vostrak")]))
    # Each worker alone saw a tie; together the archive holds two votes each way.
    reader = open_archive().actor_registry()
    votes = {(name, kind): count for name, kind, count in reader.changes(None).votes}
    assert votes == {("Vostrak", "org"): 2, ("Vostrak", "person"): 2}
    for _ in range(2):
        first.learn(first.canonicalize([actor(ActorKind.ORG, "Vostrak")]))
    second.refresh()
    assert second.canonicalize([person("Vostrak")])[0].kind is ActorKind.ORG, "outvoted by the archive, not by itself"


def test_a_name_two_workers_saw_as_a_work_is_no_actor_in_an_article_without_a_cue(open_archive: Callable[[], Store]) -> None:
    first, second = ActorRegistry(open_archive().actor_registry()), ActorRegistry(open_archive().actor_registry())
    first.learn(first.canonicalize([actor(ActorKind.ORG, "Harbour Lights")]))  # one article read it as a firm
    first.learn(first.canonicalize([person("Ada Quill")]), works=["harbour lights"])  # "the film Harbour Lights"
    assert [a.name for a in second.canonicalize([actor(ActorKind.ORG, "Harbour Lights")])] == ["Harbour Lights"]
    second.learn(second.canonicalize([]), works=["harbour lights"])  # another worker's article: "Harbour Lights, starring"
    first.refresh()
    second.refresh()
    # Two documents saw a work, one an organisation: the work wins in either worker, and in a new one.
    assert first.canonicalize([actor(ActorKind.ORG, "Harbour Lights"), person("Ada Quill")]) == [person("Ada Quill")]
    assert second.canonicalize([actor(ActorKind.ORG, "Harbour Lights")]) == []
    third = ActorRegistry(open_archive().actor_registry())
    assert third.canonicalize([person("Harbour Lights")]) == []


def test_one_work_vote_or_more_actor_votes_keep_the_actor(open_archive: Callable[[], Store]) -> None:
    registry = ActorRegistry(open_archive().actor_registry())
    registry.learn([], works=["ray"])  # "a Ray Charles film" read once as the film "Ray"
    assert registry.canonicalize([person("Ray")]) == [person("Ray")]
    for _ in range(3):
        registry.learn(registry.canonicalize([actor(ActorKind.ORG, "Quorvane")]))
    registry.learn([], works=["quorvane"])
    registry.learn([], works=["quorvane"])
    assert [a.name for a in ActorRegistry(open_archive().actor_registry()).canonicalize([actor(ActorKind.ORG, "Quorvane")])] == ["Quorvane"]


def test_a_recreated_process_with_an_empty_data_dir_sees_the_names(
    open_archive: Callable[[], Store], tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    from pipeline.ingest.batches import Ingestor
    from pipeline.settings import Settings

    store = open_archive()
    worker = ActorRegistry(store.actor_registry())
    worker.learn([person("Kim Jong Un", "Kim Jong-un")])
    store.close()
    empty = tmp_path / "elsewhere"
    settings = Settings(_env_file=None, data_dir=empty)
    # A new Ingestor in a new container: only the archive is shared.
    with Ingestor(settings, open_archive(), enricher=_NoModel()) as recreated:
        assert recreated.registry.canonicalize([person("Kim Jong-un")])[0].name == "Kim Jong Un"
    if "elasticsearch" in request.node.callspec.params["open_archive"]:
        assert not (empty / "state.sqlite3").exists(), "nothing of the registry is kept on the machine"


def test_a_rebuild_keeps_the_registry(open_archive: Callable[[], Store]) -> None:
    store = open_archive()
    store.upsert(corpus())
    ActorRegistry(store.actor_registry()).learn([person("Kim Jong Un", "Kim Jong-un")])
    store.reindex()
    assert ActorRegistry(store.actor_registry()).canonicalize([person("Kim Jong-un")])[0].name == "Kim Jong Un"
    assert ActorRegistry(open_archive().actor_registry()).canonicalize([person("Kim Jong-un")])[0].name == "Kim Jong Un"


def test_a_lookup_reads_the_archive_registry(open_archive: Callable[[], Store]) -> None:
    from pipeline.actors.lookup import registry_reader

    store = open_archive()
    learnt = registry_reader(store)
    assert learnt("kim jong un") is None, "nothing recorded yet, nothing created"
    ActorRegistry(store.actor_registry()).learn([person("Kim Jong Un", "Supreme Leader Kim Jong Un")])
    assert registry_reader(open_archive())("supreme leader kim jong un") == "Kim Jong Un"


class _NoModel:
    """An Ingestor here only names actors: it needs the alias table, never the model."""

    aliases = None
    model = "none"


def test_two_ingest_workers_file_one_actor_under_one_name(
    open_archive: Callable[[], Store], enricher, tmp_path: Path
) -> None:
    """Two Ingestors (two Celery workers, say), each with its own store client and data dir:
    the second, started before the first stored anything, files the spelling it reads under
    the name the first recorded."""
    from pipeline.ingest.batches import Ingestor
    from pipeline.search import SearchQuery
    from pipeline.settings import Settings
    from pipeline.sources.local import LocalFolder

    workers = []
    for number in (1, 2):
        settings = Settings(_env_file=None, data_dir=tmp_path / f"worker-{number}")
        workers.append(Ingestor(settings, open_archive(), enricher=enricher))
    workers[1].registry  # opened (and read) before the first worker records anything
    for number, (worker, text) in enumerate(
        zip(
            workers,
            [
                "Summit\nKim Jong Un met envoys in Pyongyang. Kim said talks would go on.\n",
                "Parade\nOn Monday Kim Jong-un watched a military parade in Pyongyang with his generals.\n",
            ],
            strict=True,
        )
    ):
        inbox = tmp_path / f"inbox-{number}"
        inbox.mkdir()
        (inbox / "drop.txt").write_text(text)
        assert worker.ingest(LocalFolder(inbox)).indexed == 1
        worker.close()
        worker.store.close()  # the embedded index takes one writer at a time
    reader = open_archive()
    assert reader.search(SearchQuery(actors=["Kim Jong Un"])).total == 2
    assert reader.search(SearchQuery(actors=["Kim Jong-un"])).total == 0


@pytest.mark.parametrize("runs", [1, 3], ids=["one-run", "a-run-per-drop"])
def test_an_ingest_names_its_earlier_documents_by_the_full_name_a_later_one_wrote(
    open_archive: Callable[[], Store], enricher, tmp_path: Path, runs: int
) -> None:
    """"President Okonkwo" first, "President Daniel Okonkwo" in the next drop: the first is
    named in full once the archive learnt the name, as it would be had it come second, whether
    it waits for the same commit or was stored by an earlier run (another process)."""
    from pipeline.ingest.batches import Ingestor
    from pipeline.search import SearchQuery
    from pipeline.settings import Settings
    from pipeline.sources.local import LocalFolder

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    drops = {
        "1-first.txt": "Port strike talks\nPresident Okonkwo said on Monday that the port strike had to end before the harvest. "
        "Governor Bello agreed with him.\n",
        "2-full.txt": "Okonkwo visits Lagos\nPresident Daniel Okonkwo arrived in Lagos on Friday. President Okonkwo met "
        "Governor Musa Bello there. Governor Bello spoke first.\n",
        "3-bare.txt": "A rival speaks\nOkonkwo was not mentioned by name in the rival's speech in Abuja, his aides said.\n",
    }
    store = open_archive()
    settings = Settings(_env_file=None, data_dir=tmp_path / "data")
    batches = [list(drops.items())] if runs == 1 else [[item] for item in drops.items()]
    for batch in batches:
        for name, text in batch:
            (inbox / name).write_text(text)
        with Ingestor(settings, store, enricher=enricher) as ingestor:
            assert ingestor.ingest(LocalFolder(inbox)).indexed == len(batch)

    def titles(actor: str) -> set[str | None]:
        return {hit.title for hit in store.search(SearchQuery(actors=[actor], limit=10)).hits}

    assert titles("Daniel Okonkwo") == {"Port strike talks", "Okonkwo visits Lagos"}
    # Two surnames of one stored document, named again in one commit: both renames are kept.
    assert titles("Musa Bello") == {"Port strike talks", "Okonkwo visits Lagos"}
    # No office written: no evidence, and the split stays.
    assert titles("Okonkwo") == {"A rival speaks"}


def test_an_embedded_registry_reads_what_was_written_while_its_table_was_closed(tmp_path: Path) -> None:
    store = TantivyStore(tmp_path / "index", writer_heap_bytes=20_000_000)
    reader = ActorRegistry(store.actor_registry())
    store.close()  # the table closes with the store; the registry reopens it on next use
    other = TantivyStore(tmp_path / "index", writer_heap_bytes=20_000_000)
    ActorRegistry(other.actor_registry()).learn([person("Kim Jong Un", "Kim Jong-un")])
    other.close()
    reader.refresh()
    assert reader.canonicalize([person("Kim Jong-un")])[0].name == "Kim Jong Un"
    store.close()


def test_a_large_registry_is_read_whole(open_archive: Callable[[], Store]) -> None:
    """More names than one search answers (Elasticsearch scrolls the rest)."""
    names = [f"Vostrak Unit {number}" for number in range(1200)]
    ActorRegistry(open_archive().actor_registry()).learn([actor(ActorKind.ORG, name) for name in names])
    known = ActorRegistry(open_archive().actor_registry()).names()
    assert set(known.values()) == set(names) and len(known) == 1200
