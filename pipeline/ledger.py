"""What this machine has stored: the ids of documents the store confirmed, kept beside the
archive's other state (SQLite in the data folder).

It lets `dropwire stats` notice an archive that lost documents behind Dropwire's back (a
wiped cluster, a restored old index): the store then holds fewer than were stored.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

_SCHEMA = "create table if not exists stored (id text primary key)"


class StoredLedger:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.connection = sqlite3.connect(path, timeout=30, isolation_level=None)
        self.connection.execute("pragma journal_mode=wal")
        self.connection.execute("pragma synchronous=normal")
        self.connection.execute(_SCHEMA)

    def record(self, ids: Iterable[str]) -> None:
        with self.connection:
            self.connection.executemany("insert or ignore into stored (id) values (?)", ((i,) for i in ids))

    def forget(self, ids: Iterable[str]) -> None:
        with self.connection:
            self.connection.executemany("delete from stored where id = ?", ((i,) for i in ids))

    def count(self) -> int:
        return int(self.connection.execute("select count(*) from stored").fetchone()[0])

    def close(self) -> None:
        self.connection.close()


def missing_from_archive(ledger_path: Path, archive_count: int) -> int:
    """How many documents this machine stored that the archive no longer holds (0 if none or unknown)."""
    if not ledger_path.exists():
        return 0
    ledger = StoredLedger(ledger_path)
    try:
        return max(0, ledger.count() - archive_count)
    finally:
        ledger.close()
