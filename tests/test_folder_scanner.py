from __future__ import annotations

import os
import time
from pathlib import Path

from pipeline.sources.local import FolderScanner


def write(path: Path, text: str, age_seconds: float = 0.0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if age_seconds:
        moment = time.time() - age_seconds
        os.utime(path, (moment, moment))
    return path


def test_settled_files_are_reported_once(tmp_path: Path) -> None:
    old = write(tmp_path / "old.txt", "written a while ago", age_seconds=60)
    scanner = FolderScanner(tmp_path, settle_seconds=5)
    assert scanner.scan() == [old]
    assert scanner.scan() == []


def test_a_fresh_file_waits_until_it_stops_changing(tmp_path: Path) -> None:
    scanner = FolderScanner(tmp_path, settle_seconds=3600)
    growing = write(tmp_path / "growing.txt", "part one")
    assert scanner.scan() == []  # first sight of a file written just now
    write(growing, "part one and two")
    assert scanner.scan() == []  # it changed since
    assert scanner.scan() == [growing]  # unchanged across two scans: settled


def test_a_restarted_scanner_does_not_report_again(tmp_path: Path) -> None:
    first = write(tmp_path / "a.txt", "x", age_seconds=60)
    assert FolderScanner(tmp_path, settle_seconds=1).scan() == [first]
    second = write(tmp_path / "b.txt", "y", age_seconds=60)
    assert FolderScanner(tmp_path, settle_seconds=1).scan() == [second]


def test_a_file_replaced_under_the_same_name_is_new(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "first", age_seconds=60)
    scanner = FolderScanner(tmp_path, settle_seconds=1)
    assert scanner.scan() == [path]
    path.unlink()
    assert scanner.scan() == []
    write(path, "second version", age_seconds=30)
    assert scanner.scan() == [path]


def test_filed_hidden_and_partial_files_are_ignored(tmp_path: Path) -> None:
    write(tmp_path / "processed" / "done.txt", "x", age_seconds=60)
    write(tmp_path / "quarantine" / "bad.json", "{", age_seconds=60)
    write(tmp_path / ".hidden", "x", age_seconds=60)
    write(tmp_path / "upload.txt.part", "x", age_seconds=60)
    nested = write(tmp_path / "2025" / "deep.md", "x", age_seconds=60)
    scanner = FolderScanner(tmp_path, settle_seconds=1)
    assert scanner.scan() == [nested]
    assert (tmp_path / ".dropwire-scanner.json").exists()


def test_a_missing_folder_or_a_broken_state_file_is_not_an_error(tmp_path: Path) -> None:
    assert FolderScanner(tmp_path / "not-yet").scan() == []
    (tmp_path / ".dropwire-scanner.json").write_text("{broken")
    path = write(tmp_path / "a.txt", "x", age_seconds=60)
    assert FolderScanner(tmp_path, settle_seconds=1).scan() == [path]
