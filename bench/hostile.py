"""Hostile drops, folders and requests against the CLI, as a user would meet them.

    python bench/hostile.py

Each case is made in a temporary folder and run through `dropwire` in a fresh process with
a time limit. A case is held when the run ends (no hang, no traceback) with the outcome a
user should get: the drop quarantined with its reason and the rest indexed, or a one-line
error and exit code 2, and nothing private shown. Ends with `hostile_held: N/M (target M/M)`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

GOOD = "Ferry news\nMarta Oyelaran opened the ferry terminal in Dunmore on Friday.\n"
SECRET = "Vault\nThe vault code of Ilse Brandauer is 0000.\n"


def dropwire(*arguments: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *arguments],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def rejection_reasons(inbox: Path) -> dict[str, str]:
    return {
        path.name.removesuffix(".rejection.json"): json.loads(path.read_text())["reason"]
        for path in (inbox / "quarantine").rglob("*.rejection.json")
    }


def ingest_one(make: Callable[[Path, Path], str], expected_reason: str | None) -> Callable[[Path], str | None]:
    """A case: `make(inbox, outside)` writes one hostile entry beside a good drop and names it."""

    def case(work: Path) -> str | None:
        inbox, outside, data = work / "inbox", work / "outside", work / "data"
        inbox.mkdir()
        outside.mkdir()
        (inbox / "good.txt").write_text(GOOD)
        name = make(inbox, outside)
        done = dropwire("ingest", str(inbox), "--data-dir", str(data))
        if done.returncode != 0 or "Traceback" in done.stderr:
            return f"ingest exited {done.returncode}: {done.stderr.strip()[-300:]}"
        reasons = rejection_reasons(inbox)
        if expected_reason is None:
            return None if not reasons else f"rejected: {reasons}"
        if reasons.get(name) != expected_reason:
            return f"expected {name} quarantined as {expected_reason}, got {reasons}"
        found = dropwire("search", "Ilse", "--json", "--data-dir", str(data))
        if json.loads(found.stdout)["total"]:
            return "a file outside the inbox became searchable"
        return None

    return case


def link_to_file(inbox: Path, outside: Path) -> str:
    (outside / "secret.txt").write_text(SECRET)
    (inbox / "secret.txt").symlink_to(outside / "secret.txt")
    return "secret.txt"


def link_to_link(inbox: Path, outside: Path) -> str:
    link_to_file(inbox, outside)
    (inbox / "again.txt").symlink_to(inbox / "secret.txt")
    os.replace(inbox / "secret.txt", outside / "first-link.txt")
    return "again.txt"


def link_to_folder(inbox: Path, outside: Path) -> str:
    (outside / "secret.txt").write_text(SECRET)
    (inbox / "shared").symlink_to(outside)
    return "shared"


def fifo(inbox: Path, outside: Path) -> str:
    os.mkfifo(inbox / "pipe.txt")
    return "pipe.txt"


def writer(name: str, content: str) -> Callable[[Path, Path], str]:
    def make(inbox: Path, outside: Path) -> str:
        (inbox / name).write_text(content)
        return name

    return make


def layout_error(arrange: Callable[[Path], list[str]], says: str) -> Callable[[Path], str | None]:
    """A case: a layout that must stop the run at once with a one-line error (exit 2)."""

    def case(work: Path) -> str | None:
        inbox = work / "inbox"
        inbox.mkdir()
        (inbox / "good.txt").write_text(GOOD)
        done = dropwire(*arrange(work))
        if done.returncode != 2 or says not in done.stderr or "Traceback" in done.stderr:
            return f"exit {done.returncode}: {done.stderr.strip()[-300:]}"
        return None if (inbox / "good.txt").exists() else "a drop was moved although the run was refused"

    return case


def file_named_processed(work: Path) -> list[str]:
    (work / "inbox" / "processed").write_text("not a folder")
    return ["ingest", str(work / "inbox"), "--data-dir", str(work / "data")]


def search_refused(*arguments: str) -> Callable[[Path], str | None]:
    def case(work: Path) -> str | None:
        done = dropwire("search", *arguments, "--data-dir", str(work / "data"))
        return None if done.returncode == 2 and "Traceback" not in done.stderr else f"exit {done.returncode}: {done.stderr[-300:]}"

    return case


def search_answers(text: str) -> Callable[[Path], str | None]:
    def case(work: Path) -> str | None:
        done = dropwire("search", text, "--data-dir", str(work / "data"))
        return None if done.returncode == 0 else f"exit {done.returncode}: {done.stderr[-300:]}"

    return case


def password_hidden(work: Path) -> str | None:
    done = dropwire(
        "stats", "--store", "elasticsearch",
        env={"DROPWIRE_ES_URL": "http://writer:hunter2@127.0.0.1:9", "DROPWIRE_ES_TIMEOUT": "0.5"},
    )
    return "the password was shown" if "hunter2" in done.stdout + done.stderr else None


CASES: dict[str, Callable[[Path], str | None]] = {
    "link to a file outside the inbox": ingest_one(link_to_file, "link"),
    "link to a link": ingest_one(link_to_link, "link"),
    "link to a folder": ingest_one(link_to_folder, "link"),
    "FIFO in the inbox": ingest_one(fifo, "not_a_file"),
    "published in 1600": ingest_one(writer("old.json", json.dumps({"body": "A clock.", "published_at": "1600-05-01"})), "invalid_metadata"),
    "published in 2300": ingest_one(writer("later.md", "---\ndate: 2300-01-01\n---\nFrom the future.\n"), "invalid_metadata"),
    "published in year 1": ingest_one(writer("first.json", json.dumps({"body": "Old.", "published_at": "0001-01-01T00:00:00Z"})), "invalid_metadata"),
    "empty file": ingest_one(writer("empty.txt", ""), "empty"),
    "JSON nested 100,000 deep": ingest_one(writer("deep.json", "[" * 100_000), "malformed_json"),
    "a name with two leading dots": ingest_one(writer("..notes.txt", GOOD.replace("Friday", "Monday")), None),
    "a text over 1,000,000 characters": ingest_one(writer("long.txt", "Minutes\n" + "The Dunmore council met again.\n" * 34_000), None),
    "data folder inside the inbox": layout_error(
        lambda work: ["ingest", str(work / "inbox"), "--data-dir", str(work / "inbox" / "archive")], "inside the inbox"
    ),
    "a file named processed": layout_error(file_named_processed, "is a file"),
    "search since 0001-01-01": search_refused("--since", "0001-01-01"),
    "search until 9999-12-31": search_refused("--until", "9999-12-31"),
    "forged cursor": search_refused("--cursor", "eyJvZmZzZXQiOiAxZTIwfQ=="),
    "query id:*": search_answers("id:*"),
    "password in DROPWIRE_ES_URL": password_hidden,
}


def main() -> None:
    held = 0
    for name, case in CASES.items():
        with tempfile.TemporaryDirectory(prefix="dropwire-hostile-") as work:
            try:
                problem = case(Path(work))
            except subprocess.TimeoutExpired:
                problem = "hung past its time limit"
        held += problem is None
        print(f"{'held' if problem is None else 'BROKE':5s}  {name}" + (f": {problem}" if problem else ""), flush=True)
    print(f"hostile_held: {held}/{len(CASES)} (target {len(CASES)}/{len(CASES)})")


if __name__ == "__main__":
    main()
