"""The actor registry: one canonical name per actor across documents.

Within a document, spellings are merged by the enrichment; across documents, the registry
remembers which canonical name each spelling (alias key) was given first, so "Kim Jong-un"
in one article and "Kim Jong Un" in the next are one facet value. A lone surname or first
name ("Kim") maps to a person only when exactly one registered person has it. Names pinned
in the alias file are never renamed. Kept in SQLite beside the embedded index.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from pipeline.enrich.aliases import AliasTable, alias_key
from pipeline.models import Actor, ActorKind

_SCHEMA = """
create table if not exists aliases (key text primary key, name text not null, kind text not null);
create table if not exists name_parts (part text not null, name text not null, primary key (part, name));
"""


class ActorRegistry:
    def __init__(self, path: Path, pinned: AliasTable | None = None) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.connection = sqlite3.connect(path, timeout=30, isolation_level=None)
        self.connection.execute("pragma journal_mode=wal")
        # A lost last write only means a name is learnt again from the next document:
        # not worth an fsync per document on the ingest path.
        self.connection.execute("pragma synchronous=normal")
        self.connection.executescript(_SCHEMA)
        self.pinned = pinned
        # Read once, then kept in step with what this process learns: the registry only grows
        # and the first name given wins, so what is read stays true.
        self._names: dict[str, tuple[str, str]] = {
            key: (name, kind) for key, name, kind in self.connection.execute("select key, name, kind from aliases")
        }
        self._parts: dict[str, set[str]] = {}
        # Learnt from documents not yet committed by the store: used, but not yet written.
        self._unsaved_names: dict[str, tuple[str, str]] = {}
        self._unsaved_parts: set[tuple[str, str]] = set()
        for part, name in self.connection.execute("select part, name from name_parts"):
            self._parts.setdefault(part, set()).add(name)

    def close(self) -> None:
        self.connection.close()

    def canonicalize(self, actors: Iterable[Actor]) -> list[Actor]:
        """The document's actors under their registered names, merged where two meet."""
        renamed = [self._renamed(actor) for actor in actors]
        return _merge_by_name(renamed)

    def learn(self, actors: Iterable[Actor], *, persist: bool = True) -> None:
        """Remember the names these actors go by (the first name given to a key wins).

        With `persist=False` they are used by this process at once but written only when
        the same actors are learnt again with `persist=True`: the ingest loop does that for
        the documents the store has committed, so a refused document leaves no name behind.
        """
        new_names: list[tuple[str, str, str]] = []
        new_parts: list[tuple[str, str]] = []
        for actor in actors:
            for surface in {actor.name, *actor.aliases}:
                key = alias_key(surface)
                if key not in self._names:
                    self._names[key] = (actor.name, actor.kind.value)
                    new_names.append((key, actor.name, actor.kind.value))
                elif persist and key in self._unsaved_names:
                    new_names.append((key, *self._unsaved_names.pop(key)))
            words = alias_key(actor.name).split()
            if actor.kind is ActorKind.PERSON and len(words) > 1:
                for part in {words[0], words[-1]}:
                    owners = self._parts.setdefault(part, set())
                    if actor.name not in owners:
                        owners.add(actor.name)
                        new_parts.append((part, actor.name))
                    elif persist and (part, actor.name) in self._unsaved_parts:
                        self._unsaved_parts.discard((part, actor.name))
                        new_parts.append((part, actor.name))
        if not persist:
            self._unsaved_names.update({key: (name, kind) for key, name, kind in new_names})
            self._unsaved_parts.update(new_parts)
            return
        if new_names or new_parts:
            with self.connection:
                self.connection.executemany("insert or ignore into aliases (key, name, kind) values (?, ?, ?)", new_names)
                self.connection.executemany("insert or ignore into name_parts (part, name) values (?, ?)", new_parts)

    def _renamed(self, actor: Actor) -> Actor:
        if self._is_pinned(actor.name):
            return actor
        keys = sorted({alias_key(surface) for surface in (actor.name, *actor.aliases)}, key=len, reverse=True)
        for key in keys:
            row = self._names.get(key)
            if row is not None and (row[1] == actor.kind.value or len(key.split()) > 1) and not self._apart(actor.name, row[0]):
                return actor.model_copy(update={"name": row[0], "kind": ActorKind(row[1])})
        words = keys[0].split() if keys else []
        if actor.kind is ActorKind.PERSON and len(words) == 1:
            owners = self._parts.get(words[0], set())
            if len(owners) == 1:
                [owner] = owners
                if not self._apart(actor.name, owner):
                    return actor.model_copy(update={"name": owner})
        return actor

    def _apart(self, name: str, other: str) -> bool:
        return self.pinned is not None and self.pinned.kept_apart(name, other)

    def _is_pinned(self, name: str) -> bool:
        known = self.pinned.lookup(alias_key(name)) if self.pinned is not None else None
        return known is not None and known.name == name


def _merge_by_name(actors: list[Actor]) -> list[Actor]:
    merged: dict[str, Actor] = {}
    for actor in actors:
        previous = merged.get(actor.name)
        if previous is None:
            merged[actor.name] = actor
            continue
        mentions = previous.mentions + actor.mentions
        merged[actor.name] = previous.model_copy(
            update={
                "aliases": list(dict.fromkeys([*previous.aliases, *actor.aliases])),
                "mentions": mentions,
                "sentiment": round((previous.sentiment * previous.mentions + actor.sentiment * actor.mentions) / mentions, 4),
            }
        )
    return list(merged.values())
