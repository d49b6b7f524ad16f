"""A local folder as an inbox: drops in it, `processed/` and `quarantine/` beside them."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.models import Drop, Rejection, SourceKind

PROCESSED = "processed"
QUARANTINE = "quarantine"
REJECTION_SUFFIX = ".rejection.json"
# Names editors and downloaders use while a file is still being written.
_PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".download", ".swp")


def is_candidate(path: Path) -> bool:
    """A file worth reading: not hidden, not half-written, not one of our own records."""
    name = path.name
    return not (
        name.startswith((".", "~"))
        or name.endswith(_PARTIAL_SUFFIXES)
        or name.endswith(REJECTION_SUFFIX)
    )


class LocalFolder:
    """An inbox folder. With `move_originals`, files are moved out once handled; without,
    they stay where they are and quarantined copies go to `fallback_quarantine`."""

    def __init__(self, root: Path, *, move_originals: bool = True, fallback_quarantine: Path | None = None) -> None:
        self.root = root.resolve()
        self.move_originals = move_originals
        self.processed_dir = self.root / PROCESSED
        self.quarantine_dir = self.root / QUARANTINE if move_originals else (fallback_quarantine or self.root / QUARANTINE)

    def drops(self) -> Iterator[Drop]:
        for path in self._walk():
            yield self.drop_for(path)

    def drops_for(self, paths: Iterable[Path]) -> Iterator[Drop]:
        for path in paths:
            yield self.drop_for(path.resolve())

    def drop_for(self, path: Path) -> Drop:
        size = path.stat().st_size if path.exists() else 0
        return Drop(
            uri=path.as_uri(),
            name=str(path.relative_to(self.root)) if path.is_relative_to(self.root) else path.name,
            kind=SourceKind.LOCAL,
            size_bytes=size,
            received_at=dt.datetime.now(dt.UTC),
        )

    def _walk(self) -> Iterator[Path]:
        skip = {self.processed_dir, self.quarantine_dir}
        for directory, subdirs, files in os.walk(self.root):
            here = Path(directory)
            subdirs[:] = sorted(d for d in subdirs if here / d not in skip and not d.startswith("."))
            for name in sorted(files):
                path = here / name
                if is_candidate(path) and path.is_file():
                    yield path

    def path_of(self, drop: Drop) -> Path:
        return self.root / drop.name if not Path(drop.name).is_absolute() else Path(drop.name)

    def read(self, drop: Drop) -> bytes:
        return self.path_of(drop).read_bytes()

    def mark_processed(self, drop: Drop) -> str:
        source = self.path_of(drop)
        if not self.move_originals:
            return str(source)
        target = _free_path(self.processed_dir / drop.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        return str(target)

    def quarantine(self, drop: Drop, rejection: Rejection, content: bytes | None = None) -> str:
        source = self.path_of(drop)
        if content is not None:
            name = Path(drop.name)
            target = _free_path(self.quarantine_dir / name.parent / f"{name.stem}.record-{rejection.record}{name.suffix}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        else:
            target = _free_path(self.quarantine_dir / drop.name)
            target.parent.mkdir(parents=True, exist_ok=True)
            if self.move_originals:
                os.replace(source, target)
            elif source.exists():
                shutil.copy2(source, target)
            else:
                target.write_bytes(b"")
        record = rejection.model_copy(update={"quarantined_as": str(target)})
        target.with_name(target.name + REJECTION_SUFFIX).write_text(
            json.dumps(record.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        return str(target)


def _free_path(path: Path) -> Path:
    """`path`, or `name.2.ext`, `name.3.ext`... when a drop of that name was filed before."""
    if not path.exists():
        return path
    for number in range(2, 10_000):
        candidate = path.with_name(f"{path.stem}.{number}{path.suffix}")
        if not candidate.exists():
            return candidate
    raise FileExistsError(f"too many files named like {path}")
