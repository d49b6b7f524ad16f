"""A name a user typed -> the canonical actor the archive files it under.

`--actor blair`, `/api/actors/kim jong-un` and the page's filter all come here: the exact
facet value, then the same name in any case and spelling, then a known alias (the packaged
and the user's alias files, the names the registry has learnt), then a lone first or last
name of exactly one person. Several people sharing that name part is said, not guessed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pipeline.actors.aliases import AliasTable
from pipeline.actors.keys import alias_key
from pipeline.errors import StoreError
from pipeline.models import ActorKind
from pipeline.search import SearchQuery
from pipeline.settings import Settings
from pipeline.store import Store
from pipeline.suggest import nearest

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class KnownName:
    """An actor facet value: a canonical name, its kind, the documents naming it."""

    name: str
    kind: ActorKind
    count: int = 0


@dataclass(frozen=True, slots=True)
class ActorLookup:
    asked: str
    name: str | None = None
    how: str = ""
    candidates: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.name is not None and self.name != self.asked

    def explain(self) -> str:
        if self.name is not None:
            return f"{self.asked!r} is {self.name!r} ({self.how})"
        if self.candidates and self.how == "ambiguous":
            return f"{self.asked!r} could be {', '.join(self.candidates)}: name one of them"
        also = f"; nearest: {', '.join(self.candidates)}" if self.candidates else ""
        return f"no actor is named {self.asked!r} in the archive{also}"


def resolve_actor(
    asked: str,
    known: Sequence[KnownName],
    *,
    aliases: AliasTable | None = None,
    learnt: Callable[[str], str | None] | None = None,
    held: Callable[[str], bool] | None = None,
) -> ActorLookup:
    """Which known actor `asked` names. `learnt` gives the registry's name for an alias key;
    `held` tells whether the archive holds a name that `known`, its most frequent values,
    leaves out (in a large archive most actors are named too rarely to be among them)."""
    by_name = {entry.name: entry for entry in known}
    if asked in by_name or (held is not None and held(asked)):
        return ActorLookup(asked, asked, "as written")
    key = alias_key(asked)
    same = [entry.name for entry in known if alias_key(entry.name) == key]
    if len(same) == 1:
        return ActorLookup(asked, same[0], "the same name")
    listed = aliases.lookup(key) if aliases is not None else None
    if listed is not None:
        return ActorLookup(asked, listed.name, "an alias in the alias file")
    registered = learnt(key) if learnt is not None else None
    if registered is not None and (registered in by_name or not by_name or (held is not None and held(registered))):
        return ActorLookup(asked, registered, "a spelling the archive has seen")
    if " " not in key:
        people = [
            entry
            for entry in known
            if entry.kind is ActorKind.PERSON and " " in (words := alias_key(entry.name)) and key in (words.split()[0], words.split()[-1])
        ]
        if len(people) == 1:
            return ActorLookup(asked, people[0].name, "the only person of that name")
        if len(people) > 1:
            ranked = sorted(people, key=lambda entry: -entry.count)
            return ActorLookup(asked, None, "ambiguous", [entry.name for entry in ranked[:5]])
    return ActorLookup(asked, None, "unknown", nearest(asked, [entry.name for entry in known]))


def registry_reader(store: Store) -> Callable[[str], str | None]:
    """The archive registry's name for an alias key, read without creating anything."""

    def learnt(key: str) -> str | None:
        opener = getattr(store, "actor_registry", None)
        if opener is None:
            return None
        try:
            return opener().name_of(key)
        except StoreError as error:  # a lookup still answers from the facets and alias files
            log.warning("could not read the actor registry: %s", error)
            return None

    return learnt


def archive_names(store: Store, size: int = 1000) -> list[KnownName]:
    """The archive's most frequent actor facet values."""
    facets = store.search(SearchQuery(limit=0, facet_size=size)).facets.actors
    return [KnownName(facet.value, facet.kind, facet.count) for facet in facets]


def archive_actor(store: Store, name: str) -> KnownName | None:
    """The facet value `name` (its most frequent kind), however rarely the archive names it."""
    # Every hit names it, so it is among the most frequent facet values of its own hits.
    facets = store.search(SearchQuery(actors=[name], limit=0, facet_size=1000)).facets.actors
    return next((KnownName(facet.value, facet.kind, facet.count) for facet in facets if facet.value == name), None)


def lookup_actors(store: Store, settings: Settings, asked: Sequence[str], known_size: int = 1000) -> list[ActorLookup]:
    """Each asked name looked up against the archive's actors, the alias files and the registry."""
    if not asked:
        return []
    from pipeline.actors.aliases import load_alias_table

    known = archive_names(store, size=known_size)
    if all(name in {entry.name for entry in known} for name in asked):  # the usual case: no tables to read
        return [ActorLookup(name, name, "as written") for name in asked]
    aliases = load_alias_table(settings.effective_aliases_file)
    learnt = registry_reader(store)
    held = lambda name: archive_actor(store, name) is not None  # noqa: E731
    return [resolve_actor(name, known, aliases=aliases, learnt=learnt, held=held) for name in asked]
