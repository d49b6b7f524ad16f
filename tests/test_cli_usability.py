"""What a new user meets first in the CLI: short ids, help screens, hints for the next step."""

from __future__ import annotations

import re
from pathlib import Path

import click
import typer.main
from typer.testing import CliRunner

from conftest import TWIN_BODIES, TWIN_PREFIX, corpus, make_document
from pipeline.cli import app
from pipeline.store.tantivy import TantivyStore

runner = CliRunner()


def invoke(*args: str, columns: int = 200):
    return runner.invoke(app, list(args), env={"COLUMNS": str(columns)}, catch_exceptions=False)


def _fill(data_dir: Path, documents) -> None:
    with TantivyStore(data_dir / "index") as store:
        store.upsert(list(documents))


def test_delete_takes_the_short_ids_search_prints(isolated_env: Path) -> None:
    documents = corpus()
    twins = [make_document(body) for body in TWIN_BODIES]
    _fill(isolated_env, [*documents, *twins])
    printed = re.findall(r"\b[0-9a-f]{12}\b", invoke("search", "--limit", "20").output)
    assert documents[0].id[:12] in printed

    removed = invoke("delete", documents[0].id[:12])
    assert removed.exit_code == 0, removed.output
    assert f"deleted {documents[0].id}" in removed.output

    ambiguous = invoke("delete", TWIN_PREFIX)
    assert ambiguous.exit_code == 1
    assert all(twin.id[:12] in ambiguous.output for twin in twins), ambiguous.output
    assert "more than one" in ambiguous.output

    short = invoke("delete", documents[1].id[:6])
    assert short.exit_code == 1 and "too short" in short.output and "at least 8" in short.output

    gone = invoke("delete", documents[0].id[:12])
    assert gone.exit_code == 1 and f"no document {documents[0].id[:12]}" in gone.output

    # One bad id among good ones: the good ones go, the bad one is named, the exit says so.
    mixed = invoke("delete", documents[1].id[:10].upper(), "zzzz-not-an-id")
    assert mixed.exit_code == 1
    assert f"deleted {documents[1].id}" in mixed.output and "not a document id" in mixed.output
    assert invoke("search", "--json").output.count('"id"') >= 1
    assert f'"{documents[1].id}"' not in invoke("search", "--json").output
