"""A local folder as an inbox: drops in it, `processed/` and `quarantine/` beside them."""

from __future__ import annotations

import datetime as dt
import errno
import json
import logging
import os
import shutil
import stat
import time
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline.errors import ConfigurationError, DropError, RejectionReason
from pipeline.models import Drop, Rejection, SourceKind

log = logging.getLogger(__name__)

PROCESSED = "processed"
QUARANTINE = "quarantine"
REJECTION_SUFFIX = ".rejection.json"
# `report.txt.meta.json` beside `report.txt` says what the file cannot: its date, title, language.
SIDECAR_SUFFIX = ".meta.json"
# Names editors and downloaders use while a file is still being written.
_PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".download", ".swp")


def is_candidate(path: Path | PurePosixPath) -> bool:
    """A file worth reading: not hidden, not half-written, not one of our own records.

    Hidden means a dot then a name (".DS_Store", ".part-1"); "..notes.txt" is an odd name,
    not a hidden file, and is read like any other."""
    name = path.name
    hidden = name.startswith(".") and not name.startswith("..")
    return not (
        hidden
        or name.startswith("~")
        or name.endswith(_PARTIAL_SUFFIXES)
        or name.endswith(REJECTION_SUFFIX)
        or name.endswith(SIDECAR_SUFFIX)
    )


def read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file, never through a symbolic link and never waiting on a FIFO.

    A link, a FIFO, a socket or a device is a DropError with its own reason; a file that is
    gone or unreadable is an OSError."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise DropError(RejectionReason.LINK, f"{path.name} is a symbolic link; Dropwire never reads through links") from None
        raise
    with os.fdopen(descriptor, "rb") as file:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise DropError(RejectionReason.NOT_A_FILE, f"{path.name} is {_kind_of(mode)}, not a regular file")
        return file.read()


def _kind_of(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "a device"


class LocalFolder:
    """An inbox folder. With `move_originals`, files are moved out once handled; without,
    they stay where they are and quarantined copies go to `fallback_quarantine`.

    Links are never followed: a symbolic link in the inbox (to a file or a folder) is a drop
    that goes to quarantine as a link, and so is a FIFO, a socket or a device."""

    def __init__(
        self,
        root: Path,
        *,
        move_originals: bool = True,
        fallback_quarantine: Path | None = None,
        exclude: Path | None = None,
        reprocess: bool = False,
    ) -> None:
        self.root = root.resolve()
        self.move_originals = move_originals
        self.processed_dir = self.root / PROCESSED
        self.quarantine_dir = self.root / QUARANTINE if move_originals else (fallback_quarantine or self.root / QUARANTINE)
        # The archive's own folder, should it sit in the inbox: never read as drops.
        self.exclude = exclude.resolve() if exclude is not None else None
        # With `reprocess`, drops already filed in processed/ are read again (and stay there).
        self.reprocess = reprocess
        # Where each drop will be filed, chosen before its document is written (which records it).
        self._planned: dict[str, Path] = {}

    def check_layout(self, data_dir: Path | None = None) -> None:
        """Refuse layouts that would make every run fail or eat the archive, before any work."""
        if data_dir is not None:
            archive = data_dir.expanduser().resolve()
            if archive == self.root or archive.is_relative_to(self.root):
                raise ConfigurationError(
                    f"the archive's data folder {archive} is inside the inbox {self.root}: its index and state "
                    "would be read as drops. Set DROPWIRE_DATA_DIR (or --data-dir) to a folder outside the inbox."
                )
        for folder in (self.processed_dir, self.quarantine_dir):
            if folder.exists() and not folder.is_dir():
                raise ConfigurationError(
                    f"{folder} is a file, where Dropwire files handled drops into a folder of that name: "
                    "rename or move it, then run again"
                )

    def check_drop(self, path: Path) -> None:
        """Refuse a file named on its own that is no drop: one of the archive's own files, or an
        original already filed in processed/ or quarantine/ (filing it again would nest it)."""
        where = path.expanduser().resolve()
        if self.exclude is not None and where.is_relative_to(self.exclude):
            raise ConfigurationError(f"{where} is one of the archive's own files (in {self.exclude}), not a drop")
        filed = {PROCESSED: "already ingested", QUARANTINE: "quarantined"}.get(where.parent.name)
        if filed is not None:
            raise ConfigurationError(
                f"{where} was {filed} (it is in a {where.parent.name}/ folder, where Dropwire files originals); "
                "to ingest it again, move it out of that folder first"
            )

    def drops(self) -> Iterator[Drop]:
        for path in self.files():
            yield self.drop_for(path)

    def drops_for(self, paths: Iterable[Path]) -> Iterator[Drop]:
        for path in paths:
            yield self.drop_for(path.resolve())

    def drop_for(self, path: Path) -> Drop:
        try:
            size = path.lstat().st_size  # a link's own size: its target is never looked at
        except OSError:
            size = 0
        try:  # (is_relative_to is this same relative_to, tried and thrown away)
            name = str(path.relative_to(self.root))
        except ValueError:
            name = path.name
        return Drop(
            uri=path.as_uri(),
            name=name,
            kind=SourceKind.LOCAL,
            size_bytes=size,
            received_at=dt.datetime.now(dt.UTC),
        )

    def files(self) -> Iterator[Path]:
        """Every candidate entry under the root, outside processed/, quarantine/ and the
        archive's own folder, in name order: regular files, and links and special files, which
        reading rejects with their reason. Linked folders are not entered."""
        skip = {self.quarantine_dir, self.exclude} | (set() if self.reprocess else {self.processed_dir})
        for directory, subdirs, files in os.walk(self.root):
            here = Path(directory)
            linked = sorted(d for d in subdirs if (here / d).is_symlink())
            subdirs[:] = sorted(
                d for d in subdirs if here / d not in skip and not d.startswith(".") and d not in linked
            )
            for name in sorted([*files, *linked]):
                path = here / name
                if is_candidate(path) and path not in skip:
                    yield path

    def path_of(self, drop: Drop) -> Path:
        return Path(drop.name) if os.path.isabs(drop.name) else self.root / drop.name

    def read(self, drop: Drop) -> bytes:
        path = self.path_of(drop)
        # A drop named through a linked folder ("inbox/link/x.txt") would leave the inbox. One at
        # the inbox's top lies in the root, resolved when the folder was opened: resolving its
        # folder again (a look at every folder up to /) was the dearest step of reading it.
        if os.sep in drop.name and path.parent.resolve() != path.parent.absolute():
            raise DropError(RejectionReason.LINK, f"{drop.name} lies in a linked folder; Dropwire never reads through links")
        return read_regular_file(path)

    def _already_filed(self, drop: Drop) -> bool:
        if os.path.isabs(drop.name):
            return Path(drop.name).is_relative_to(self.processed_dir)
        # A name relative to the inbox (as drop_for writes it): filed when its first folder is
        # processed/, told from the string instead of two paths built per drop and per look.
        return drop.name.split(os.sep, 1)[0] == PROCESSED

    def processed_location(self, drop: Drop) -> str | None:
        if not self.move_originals:
            return None
        if self._already_filed(drop):
            return self.path_of(drop).as_uri()
        target = self._planned.setdefault(drop.name, _free_path(self.processed_dir / drop.name))
        return target.as_uri()

    def metadata(self, drop: Drop) -> dict[str, Any]:
        sidecar = _sidecar(self.path_of(drop))
        if not sidecar.is_file() or sidecar.is_symlink():
            return {}
        try:
            value = json.loads(sidecar.read_bytes())
        except (OSError, ValueError) as error:
            raise DropError(RejectionReason.INVALID_METADATA, f"its sidecar {sidecar.name} is not a JSON object: {error}") from None
        if not isinstance(value, dict):
            raise DropError(RejectionReason.INVALID_METADATA, f"its sidecar {sidecar.name} is not a JSON object")
        return value

    def mark_processed(self, drop: Drop) -> str:
        source = self.path_of(drop)
        planned = self._planned.pop(drop.name, None)
        if not self.move_originals or self._already_filed(drop):
            return str(source)
        target = planned if planned is not None and not os.path.lexists(planned) else _free_path(self.processed_dir / drop.name)
        try:
            os.replace(source, target)
        except FileNotFoundError:
            if not os.path.lexists(source):  # it left the inbox (deleted, or taken by another process)
                log.warning("%s left the inbox before it could be filed as processed", drop.name)
                return str(source)
            # Its folder under processed/ is made on first use (or again, if removed meanwhile):
            # making it before every move cost a failed mkdir per drop.
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
        _move_sidecar(source, target)
        return str(target)

    def quarantine(self, drop: Drop, rejection: Rejection, content: bytes | None = None) -> str:
        source = self.path_of(drop)
        if content is not None:
            target = _free_path(self.quarantine_dir / record_name(drop.name, rejection.record, rejection.path))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        else:
            target = _free_path(self.quarantine_dir / drop.name)
            target.parent.mkdir(parents=True, exist_ok=True)
            if not os.path.lexists(source):
                pass  # it left the inbox (deleted mid-run): its rejection still says what happened
            elif self.move_originals:
                os.replace(source, target)  # a link moves as a link; its target is untouched
                _move_sidecar(source, target)
            elif stat.S_ISREG(source.lstat().st_mode):
                shutil.copy2(source, target, follow_symlinks=False)
        record = rejection.model_copy(update={"quarantined_as": str(target)})
        target.with_name(target.name + REJECTION_SUFFIX).write_text(
            json.dumps(record.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        return str(target)


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def _move_sidecar(source: Path, target: Path) -> None:
    """A drop's sidecar goes where the drop goes."""
    if _sidecar(source).is_file():
        os.replace(_sidecar(source), _sidecar(target))


def record_name(name: str, record: int | None, inner_path: str | None = None) -> str:
    """Where one bad record of a multi-record drop is kept: `wire.record-3.jsonl`, or for a
    container's child, with the child's own extension: `mail.record-3.pdf`."""
    path = PurePosixPath(name)
    suffix = PurePosixPath(inner_path).suffix if inner_path else ""
    return str(path.with_name(f"{path.stem}.record-{record}{suffix or path.suffix}"))


def _free_path(path: Path) -> Path:
    """`path`, or `name.2.ext`, `name.3.ext`... when a drop of that name was filed before."""
    if not path.exists():
        return path
    for number in range(2, 10_000):
        candidate = path.with_name(f"{path.stem}.{number}{path.suffix}")
        if not candidate.exists():
            return candidate
    raise FileExistsError(f"too many files named like {path}")


STATE_FILE_NAME = ".dropwire-scanner.json"


class FolderScanner:
    """Finds files that are new and have settled, once each, even across restarts.

    A file is reported when it has not changed since the previous scan, or was last written
    more than `settle_seconds` ago (so a half-copied file waits). What was reported is kept
    in a small JSON state file, so a restarted watcher does not report it again; entries of
    files that have left the folder are pruned.
    """

    def __init__(self, root: Path, *, state_file: Path | None = None, settle_seconds: float = 1.0) -> None:
        self.root = root.resolve()
        self.state_file = state_file or self.root / STATE_FILE_NAME
        self.settle_seconds = settle_seconds
        self._last_seen: dict[str, tuple[int, int]] = {}
        self._reported = self._load()

    def scan(self, now: float | None = None) -> list[Path]:
        now = time.time() if now is None else now
        folder = LocalFolder(self.root)
        current: dict[str, tuple[int, int]] = {}
        ready: list[Path] = []
        for path in folder.files() if self.root.is_dir() else []:
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            signature = (stat.st_size, stat.st_mtime_ns)
            key = str(path)
            current[key] = signature
            if self._reported.get(key) == signature:
                continue
            settled = self._last_seen.get(key) == signature or now - stat.st_mtime >= self.settle_seconds
            if settled:
                ready.append(path)
        self._last_seen = current
        pruned = {key: value for key, value in self._reported.items() if key in current}
        for path in ready:
            pruned[str(path)] = current[str(path)]
        if ready or pruned != self._reported:
            self._reported = pruned
            self._save()
        return ready

    def _load(self) -> dict[str, tuple[int, int]]:
        try:
            raw = json.loads(self.state_file.read_text("utf-8"))
            return {key: (int(size), int(mtime)) for key, (size, mtime) in raw.items()}
        except (OSError, ValueError, TypeError):
            return {}

    def _save(self) -> None:
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.state_file.with_name(self.state_file.name + ".tmp")
        temporary.write_text(json.dumps(self._reported), "utf-8")
        os.replace(temporary, self.state_file)
