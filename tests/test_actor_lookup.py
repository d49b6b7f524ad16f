"""A name a user types reaches the canonical actor, in any case or spelling; ambiguity is said."""

from __future__ import annotations

import pytest

from pipeline.actors.aliases import AliasEntry, AliasTable
from pipeline.actors.lookup import KnownName, resolve_actor
from pipeline.models import ActorKind

KNOWN = [
    KnownName("Tony Blair", ActorKind.PERSON, 40),
    KnownName("Kim Jong Un", ActorKind.PERSON, 12),
    KnownName("Gordon Brown", ActorKind.PERSON, 30),
    KnownName("Dan Brown", ActorKind.PERSON, 3),
    KnownName("Conservative Party", ActorKind.ORG, 25),
    KnownName("Brownsville", ActorKind.PLACE, 1),
]
ALIASES = AliasTable([AliasEntry(name="Conservative Party", kind=ActorKind.ORG, aliases=["Tories", "Tory"])])


@pytest.mark.parametrize(
    ("asked", "name", "how"),
    [
        ("Tony Blair", "Tony Blair", "as written"),
        ("tony blair", "Tony Blair", "the same name"),
        ("kim jong-un", "Kim Jong Un", "the same name"),
        ("KIM JONG UN", "Kim Jong Un", "the same name"),
        ("blair", "Tony Blair", "the only person of that name"),
        ("Tories", "Conservative Party", "an alias in the alias file"),
    ],
)
def test_any_spelling_reaches_the_canonical_actor(asked: str, name: str, how: str) -> None:
    lookup = resolve_actor(asked, KNOWN, aliases=ALIASES)
    assert (lookup.name, lookup.how) == (name, how)


def test_a_surname_two_people_share_is_said_not_guessed() -> None:
    lookup = resolve_actor("brown", KNOWN, aliases=ALIASES)
    assert lookup.name is None and lookup.how == "ambiguous"
    assert lookup.candidates == ["Gordon Brown", "Dan Brown"]
    assert "could be Gordon Brown, Dan Brown" in lookup.explain()


def test_a_spelling_the_registry_learnt_reaches_its_actor() -> None:
    learnt = {"kim jong il": None, "mr blair": "Tony Blair"}.get
    assert resolve_actor("Mr Blair", KNOWN, learnt=learnt).name == "Tony Blair"


def test_an_unknown_name_gets_the_nearest_known_ones() -> None:
    lookup = resolve_actor("Tony Blaire", KNOWN, aliases=ALIASES)
    assert lookup.name is None and lookup.candidates[0] == "Tony Blair"
    assert "nearest: Tony Blair" in lookup.explain()


def test_a_name_the_frequent_values_leave_out_is_still_reached() -> None:
    """In a large archive most actors are named too rarely to be among the facet's values."""
    held = {"Andy Crawford"}.__contains__
    learnt = {"andy crawford": "Andy Crawford"}.get
    assert resolve_actor("Andy Crawford", KNOWN, held=held).how == "as written"
    lookup = resolve_actor("andy crawford", KNOWN, learnt=learnt, held=held)
    assert (lookup.name, lookup.how) == ("Andy Crawford", "a spelling the archive has seen")
    # A spelling the registry learnt for an actor no document names any more stays unknown.
    assert resolve_actor("andy crawford", KNOWN, learnt=learnt, held=lambda name: False).name is None


def test_the_archive_is_asked_for_an_actor_beyond_its_most_frequent_values(tmp_path) -> None:
    from bench.synthetic import synthetic_documents
    from pipeline.actors.lookup import archive_actor, archive_names, lookup_actors
    from pipeline.search import SearchQuery
    from pipeline.settings import Settings
    from pipeline.store.tantivy import TantivyStore

    store = TantivyStore(tmp_path / "index", writer_heap_bytes=20_000_000)
    try:
        store.upsert(list(synthetic_documents(120, seed=5)))
        everyone = archive_names(store)
        rare = everyone[-1]
        assert rare.name not in {entry.name for entry in archive_names(store, size=5)}
        found = archive_actor(store, rare.name)
        assert found == rare
        assert found.count == store.search(SearchQuery(actors=[rare.name], limit=0)).total
        assert archive_actor(store, "Nobody Known") is None
        settings = Settings(_env_file=None, data_dir=tmp_path / "data")
        [lookup] = lookup_actors(store, settings, [rare.name], known_size=5)
        assert (lookup.name, lookup.how) == (rare.name, "as written")
        [unknown] = lookup_actors(store, settings, ["Nobody Known"], known_size=5)
        assert unknown.name is None
    finally:
        store.close()
