"""Where drops come from and where their originals go once the store has them."""

from __future__ import annotations

from collections.abc import Iterator
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pipeline.errors import DropwireError
from pipeline.models import Drop, Rejection
from pipeline.settings import Settings


class DropSource(Protocol):
    """A place drops land: list them, read them, then file each as processed or quarantined."""

    def drops(self) -> Iterator[Drop]:
        """Every drop waiting, oldest name first; `content` is not loaded yet."""

    def read(self, drop: Drop) -> bytes: ...

    def metadata(self, drop: Drop) -> dict[str, Any]:
        """What the drop's own metadata says of it (a sidecar file, object metadata): raw keys
        and values, empty when there is none."""

    def processed_location(self, drop: Drop) -> str | None:
        """The URI `mark_processed` will file this drop at (None: it stays where it is)."""

    def mark_processed(self, drop: Drop) -> str:
        """File the original as processed; returns where it went."""

    def quarantine(self, drop: Drop, rejection: Rejection, content: bytes | None = None) -> str:
        """File the original (or, for one bad record, just `content`) in quarantine with its rejection."""


class SourceNotFound(DropwireError):
    """A path or URI given as a source names nothing that can be read."""


@dataclass(frozen=True)
class OpenedSource:
    """A source and the drops to take from it (listed lazily)."""

    source: DropSource
    drops: Iterator[Drop]


def open_source(uri: str, settings: Settings, *, s3: Any = None, reprocess: bool = False) -> OpenedSource:
    """A folder (every drop in it, recursively), one file, or `s3://bucket/prefix`.

    `s3` is a boto3 S3 client; without one, a client is made from the settings. With
    `reprocess`, drops already filed as processed are read again too (an archive that lost
    documents is filled again from them; texts still archived count as unchanged)."""
    if uri.startswith("s3://"):
        from pipeline.sources.s3 import S3Inbox, S3Location, s3_client

        try:
            location = S3Location.parse(uri)
        except ValueError as error:
            raise SourceNotFound(str(error)) from None
        inbox = S3Inbox(s3 or s3_client(settings.s3_endpoint_url, settings.aws_region), location, reprocess=reprocess)
        return OpenedSource(inbox, inbox.drops())
    from pipeline.sources.local import LocalFolder

    path = Path(uri).expanduser()
    if not os.path.lexists(path):
        raise SourceNotFound(f"{path} does not exist")
    folder = LocalFolder(
        path if path.is_dir() else path.parent,
        move_originals=settings.move_originals,
        fallback_quarantine=settings.data_dir / "quarantine",
        exclude=settings.data_dir,
        reprocess=reprocess,
    )
    if path.is_dir():
        folder.check_layout(settings.data_dir)
        return OpenedSource(folder, folder.drops())
    # One file: the folder it sits in is not read, so the archive may live beside it (a file in
    # the home folder, the data folder under ~/.local). The file itself must be a drop.
    folder.check_layout()
    folder.check_drop(path)
    return OpenedSource(folder, folder.drops_for([path]))
