"""The actor page from store aggregations gives what reading every document gave, on both stores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.actor_page import profile_from_documents
from bench.synthetic import FREQUENT_ACTOR, synthetic_documents
from pipeline.models import ActorKind
from pipeline.search import SearchQuery
from pipeline.store import Store
from pipeline.store.tantivy import TantivyStore
from pipeline.views import actor_profile

DOCUMENTS = 240


@pytest.fixture(params=["tantivy", "elasticsearch-osmem"])
def archive(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "tantivy":
        store: Store = TantivyStore(tmp_path / "index", writer_heap_bytes=20_000_000)
    else:
        store = request.getfixturevalue("es_cluster").store()
    store.upsert(list(synthetic_documents(DOCUMENTS, seed=11)))
    yield store
    store.close()


def test_the_aggregated_profile_equals_the_one_read_document_by_document(archive: Store) -> None:
    names = [facet.value for facet in archive.search(SearchQuery(limit=0, facet_size=12)).facets.actors]
    assert FREQUENT_ACTOR in names
    for name in names:
        expected = profile_from_documents(archive, name)
        got = actor_profile(archive, name)
        assert got is not None and expected is not None
        assert got.model_dump() == expected.model_dump(), name
    frequent = actor_profile(archive, FREQUENT_ACTOR)
    assert frequent.documents > 50 and len(frequent.months) > 20 and len(frequent.aliases) == 3
    assert sum(month.documents for month in frequent.months) == frequent.documents


def test_replaced_and_deleted_documents_leave_the_profile(archive: Store) -> None:
    before = actor_profile(archive, FREQUENT_ACTOR)
    naming = archive.search(SearchQuery(actors=[FREQUENT_ACTOR], limit=2)).hits
    first = archive.get(naming[0].id)
    archive.upsert([first.model_copy(update={"actors": [a for a in first.actors if a.name != FREQUENT_ACTOR]})])
    archive.delete(naming[1].id)
    after = actor_profile(archive, FREQUENT_ACTOR)
    assert after.documents == before.documents - 2
    assert sum(month.documents for month in after.months) == after.documents
    assert after.model_dump() == profile_from_documents(archive, FREQUENT_ACTOR).model_dump()


def test_an_actor_nobody_names_has_no_profile(archive: Store) -> None:
    assert actor_profile(archive, "Nobody Known") is None
    overview = archive.actor_overview("Nobody Known")
    assert (overview.documents, overview.hits, overview.kinds, overview.aliases, overview.months) == (0, [], {}, {}, [])


def test_a_name_filed_under_two_kinds_shows_both(archive: Store) -> None:
    before = actor_profile(archive, FREQUENT_ACTOR).kinds
    [hit] = archive.search(SearchQuery(actors=[FREQUENT_ACTOR], limit=1)).hits
    document = archive.get(hit.id)
    usual = next(actor.kind for actor in document.actors if actor.name == FREQUENT_ACTOR)
    other = next(kind for kind in ActorKind if kind is not usual)
    archive.upsert(
        [
            document.model_copy(
                update={"actors": [a.model_copy(update={"kind": other}) if a.name == FREQUENT_ACTOR else a for a in document.actors]}
            )
        ]
    )
    profile = actor_profile(archive, FREQUENT_ACTOR)
    assert profile.kinds[other.value] == before.get(other.value, 0) + 1
    assert profile.kinds.get(usual.value, 0) == before[usual.value] - 1
    assert list(profile.kinds.values()) == sorted(profile.kinds.values(), reverse=True), "most documents first"
    assert profile.model_dump() == profile_from_documents(archive, FREQUENT_ACTOR).model_dump()
