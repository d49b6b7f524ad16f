"""Where the archive keeps its registry of canonical actor names, beside its documents.

The registry (pipeline/registry.py) decides names; a backend only keeps them, shared by
every process that writes to the archive: a table beside the embedded index, an index
beside the documents on Elasticsearch (pipeline/store/es_actors.py). Two rules make
concurrent workers agree without locks: the first name recorded for a key is kept (a
later one is refused and the winner read back; only a claim whose documents the store all
refused is taken back), and kind votes are added, never overwritten.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

# (alias key, canonical name, kind) as the registry records them.
NameRow = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class RegistryChanges:
    """What the backend holds that a reader has not seen yet: names by key, and the whole
    vote count of each (name, kind) that changed. `mark` is where the reader is now: it
    passes it to its next `changes` call."""

    names: list[tuple[str, str]] = field(default_factory=list)
    votes: list[tuple[str, str, int]] = field(default_factory=list)
    mark: Any = None


class RegistryBackend(Protocol):
    def changes(self, since: Any = None) -> RegistryChanges:
        """Names and vote counts recorded by any process after `since` (the mark of the
        reader's last changes; None: everything). Reading a change twice is harmless."""

    def add_names(self, names: Sequence[NameRow], *, wait: bool = True) -> dict[str, str]:
        """Record the names whose key is still free; returns the name the archive holds for
        each given key: ours, or the one another process recorded first. Without `wait`, other
        processes' `changes` may show them a moment later (the first name still wins at once)."""

    def add_votes(self, votes: Mapping[tuple[str, str], int]) -> None:
        """Add kind votes: (name, kind) -> documents that gave the name that kind."""

    def remove_names(self, names: Sequence[tuple[str, str]]) -> None:
        """Take back (key, name) claims whose documents the store refused: a key is freed only
        while it still holds that name. Readers that took the name in keep it until they restart."""

    def name_of(self, key: str) -> str | None:
        """The recorded name for one alias key, read without creating anything."""

    def close(self) -> None: ...


_SCHEMA = """
create table if not exists aliases (key text primary key, name text not null, kind text not null);
create table if not exists kind_votes (name text not null, kind text not null, votes integer not null, primary key (name, kind));
"""


class SqliteActorTable:
    """The embedded archive's registry: two tables in the SQLite file beside its index (the
    file Dropwire's state has always lived in, so an existing archive keeps its names).
    Processes on one machine share it; the connection opens on first use."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None
        # Counts connections: a reader's mark from an earlier connection never matches a later one.
        self._opened = 0

    def _db(self) -> sqlite3.Connection:
        if self._connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            connection.execute("pragma journal_mode=wal")
            # A lost last write only means a name is learnt again from the next document:
            # not worth an fsync per batch on the ingest path.
            connection.execute("pragma synchronous=normal")
            connection.executescript(_SCHEMA)
            self._connection = connection
            self._opened += 1
        return self._connection

    def changes(self, since: Any = None) -> RegistryChanges:
        db = self._db()
        # data_version moves when another connection commits, total_changes when this one
        # writes: both still, nothing changed since the mark.
        version = (self._opened, db.execute("pragma data_version").fetchone()[0], db.total_changes)
        last_rowid, seen_version = since if since is not None else (0, None)
        if version == seen_version:
            return RegistryChanges(mark=since)
        # Aliases are only ever inserted, so rows past the last one read are the new ones.
        rows = db.execute("select rowid, key, name from aliases where rowid > ? order by rowid", (last_rowid,)).fetchall()
        votes = db.execute("select name, kind, votes from kind_votes").fetchall()
        return RegistryChanges(
            [(key, name) for _, key, name in rows],
            [(name, kind, int(count)) for name, kind, count in votes],
            mark=(rows[-1][0] if rows else last_rowid, version),
        )

    def add_names(self, names: Sequence[NameRow], *, wait: bool = True) -> dict[str, str]:
        if not names:
            return {}
        db = self._db()
        with _transaction(db):
            db.executemany("insert or ignore into aliases (key, name, kind) values (?, ?, ?)", names)
        keys = list(dict.fromkeys(key for key, _, _ in names))
        held: dict[str, str] = {}
        for start in range(0, len(keys), 500):
            part = keys[start : start + 500]
            marks = ",".join("?" * len(part))
            held.update(db.execute(f"select key, name from aliases where key in ({marks})", part).fetchall())
        return held

    def add_votes(self, votes: Mapping[tuple[str, str], int]) -> None:
        if not votes:
            return
        db = self._db()
        with _transaction(db):
            db.executemany(
                "insert into kind_votes (name, kind, votes) values (?, ?, ?) "
                "on conflict (name, kind) do update set votes = votes + excluded.votes",
                [(name, kind, count) for (name, kind), count in votes.items()],
            )

    def remove_names(self, names: Sequence[tuple[str, str]]) -> None:
        if not names:
            return
        db = self._db()
        with _transaction(db):
            db.executemany("delete from aliases where key = ? and name = ?", list(names))

    def name_of(self, key: str) -> str | None:
        if self._connection is not None:
            row = self._connection.execute("select name from aliases where key = ?", (key,)).fetchone()
            return row[0] if row else None
        if not self.path.exists():
            return None
        try:
            connection = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=5)
            try:
                row = connection.execute("select name from aliases where key = ?", (key,)).fetchone()
            finally:
                connection.close()
        except sqlite3.Error:  # no registry table yet: nothing learnt
            return None
        return row[0] if row else None

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class _transaction:
    """One write transaction on an autocommit connection (one commit per batch, not per row)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> None:
        self.connection.execute("begin immediate")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.connection.execute("rollback" if exc_type is not None else "commit")
