"""Where drops come from and where their originals go once the store has them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from pipeline.models import Drop, Rejection


class DropSource(Protocol):
    """A place drops land: list them, read them, then file each as processed or quarantined."""

    def drops(self) -> Iterator[Drop]:
        """Every drop waiting, oldest name first; `content` is not loaded yet."""

    def read(self, drop: Drop) -> bytes: ...

    def mark_processed(self, drop: Drop) -> str:
        """File the original as processed; returns where it went."""

    def quarantine(self, drop: Drop, rejection: Rejection, content: bytes | None = None) -> str:
        """File the original (or, for one bad record, just `content`) in quarantine with its rejection."""
