"""A name the model read as several kinds in several documents is one facet value, of the kind
most documents gave it; readings the registry's vote reached too late count the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.synthetic import synthetic_document
from pipeline.models import Actor, ActorKind
from pipeline.search import SearchQuery, voted_kinds
from pipeline.store.tantivy import TantivyStore

P, O, L, G = ActorKind.PERSON, ActorKind.ORG, ActorKind.PLACE, ActorKind.GROUP


@pytest.mark.parametrize(
    ("readings", "expected"),
    [
        # A person reading of a place joins it, even for a name of two words.
        ([("Costa Verde", L, 9), ("Costa Verde", P, 3)], {("Costa Verde", L, 12)}),
        # A one-word name: an organisation or place wins a tie against a person reading.
        ([("Halden", O, 2), ("Halden", P, 2)], {("Halden", O, 4)}),
        # A party the model read as a person in one document is the group most read.
        ([("Greens", G, 5), ("Greens", P, 1)], {("Greens", G, 6)}),
        # A full name most documents read as a person is that person, whatever two reviews said.
        ([("Nadia Okoro", P, 10), ("Nadia Okoro", O, 2)], {("Nadia Okoro", P, 12)}),
        # ... but not when the person reading is no clear majority.
        ([("Nadia Okoro", P, 3), ("Nadia Okoro", O, 2)], {("Nadia Okoro", P, 3), ("Nadia Okoro", O, 2)}),
        # A club and its city are two actors: organisation and place readings stay apart.
        ([("Dunmore", O, 8), ("Dunmore", L, 5), ("Dunmore", P, 1)], {("Dunmore", O, 9), ("Dunmore", L, 5)}),
        # A one-word name most read as a person keeps its place reading apart.
        ([("Ossory", P, 6), ("Ossory", L, 2)], {("Ossory", P, 6), ("Ossory", L, 2)}),
    ],
)
def test_each_name_takes_the_kind_most_documents_gave_it(readings, expected) -> None:
    assert set(voted_kinds(readings)) == expected


def test_the_facet_of_an_archive_shows_one_value_per_voted_actor(tmp_path: Path) -> None:
    import random

    rng = random.Random(3)
    documents = []
    for number in range(6):
        document = synthetic_document(number, rng)
        kind = ActorKind.ORG if number < 2 else ActorKind.PERSON
        documents.append(document.model_copy(update={"actors": [Actor(name="Nadia Okoro", kind=kind, aliases=["Nadia Okoro"], mentions=1)]}))
    store = TantivyStore(tmp_path / "index", writer_heap_bytes=20_000_000)
    try:
        store.upsert(documents)
        facets = store.search(SearchQuery(limit=0, facet_size=50)).facets.actors
        rows = [(facet.value, facet.kind, facet.count) for facet in facets if facet.value == "Nadia Okoro"]
        assert rows == [("Nadia Okoro", ActorKind.PERSON, 6)]
        assert store.search(SearchQuery(actors=["Nadia Okoro"], limit=0)).total == 6
    finally:
        store.close()


def test_a_tie_between_kinds_is_decided_alike_in_any_bucket_order() -> None:
    readings = [("Kelvar", O, 3), ("Kelvar", L, 3), ("Kelvar", P, 1), ("Port Ossory", O, 2), ("Port Ossory", L, 2), ("Port Ossory", P, 1)]
    assert set(voted_kinds(readings)) == set(voted_kinds(list(reversed(readings))))
