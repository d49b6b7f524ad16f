"""Documents per language wherever the archive is shown, on every store: `dropwire stats`,
`dropwire search --language fr`, and the search page's Language facet and filter.

The drops are the French and English ones of tests/fixtures/aliases/, written for the tests.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from pipeline.enrich import Enricher
from pipeline.ingest import Ingestor
from pipeline.settings import Settings
from pipeline.sources.local import LocalFolder
from pipeline.store import open_store
from pipeline.web import create_app

FIXTURES = Path(__file__).parent / "fixtures" / "aliases"
FRENCH_TITLES = {"Nouvelles sanctions européennes contre la Russie", "Sommet de l'OTAN : Washington rassure ses alliés"}


@pytest.fixture(params=["tantivy", "elasticsearch"])
def store_name(
    request: pytest.FixtureRequest, isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, enricher: Enricher
) -> str:
    """An archive of two French and two English drops in the store the commands then read."""
    if request.param == "elasticsearch":
        from pipeline.store import elasticsearch as es_module

        cluster = request.getfixturevalue("es_cluster")
        monkeypatch.setattr(es_module, "client_from_settings", lambda settings: cluster.client())
        monkeypatch.setenv("DROPWIRE_ES_ALIAS", cluster.alias)
    monkeypatch.setenv("DROPWIRE_STORE", request.param)
    inbox = tmp_path / "inbox"
    shutil.copytree(FIXTURES, inbox)
    settings = Settings()
    # The run's loaded models (the session's Enricher), as `dropwire ingest` would use them.
    with open_store(settings) as store:
        store.ensure_ready()
        summary = Ingestor(settings, store, enricher=enricher).ingest(LocalFolder(inbox))
    assert (summary.indexed, summary.quarantined) == (4, 0)
    return request.param


def test_stats_search_and_the_page_show_documents_per_language(store_name: str) -> None:
    """One archive per store (ingesting loads two models), three ways of reading it."""
    _stats_counts_documents_per_language()
    _search_filters_on_a_language()
    _the_search_page_shows_the_language_facet_and_filters_on_it()


def _stats_counts_documents_per_language() -> None:
    from pipeline.cli import app

    stats = CliRunner().invoke(app, ["stats"], catch_exceptions=False)
    said = " ".join(stats.output.split())  # rich wraps long lines to the terminal
    assert stats.exit_code == 0 and "languages: English (en) 2, French (fr) 2" in said, said


def _search_filters_on_a_language() -> None:
    from pipeline.cli import app

    runner = CliRunner()
    french = json.loads(runner.invoke(app, ["search", "--language", "fr", "--json"], catch_exceptions=False).stdout)
    assert french["total"] == 2 and {hit["title"] for hit in french["hits"]} == FRENCH_TITLES
    assert [(facet["value"], facet["count"]) for facet in french["facets"]["languages"]] == [("fr", 2)]
    # With words: "sommet" is in one French drop; the English one saying "summit" is filtered out.
    words = json.loads(runner.invoke(app, ["search", "sommet", "--language", "fr", "--json"], catch_exceptions=False).stdout)
    assert [hit["title"] for hit in words["hits"]] == ["Sommet de l'OTAN : Washington rassure ses alliés"]
    english = json.loads(runner.invoke(app, ["search", "--language", "en", "--json"], catch_exceptions=False).stdout)
    assert english["total"] == 2 and not {hit["title"] for hit in english["hits"]} & FRENCH_TITLES
    refused = runner.invoke(app, ["search", "--language", "French"])
    assert refused.exit_code != 0


def _the_search_page_shows_the_language_facet_and_filters_on_it() -> None:
    settings = Settings()
    with open_store(settings, create=False) as store, TestClient(create_app(settings, store=store)) as client:
        page = client.get("/")
        assert page.status_code == 200
        facet = re.search(r'<section id="facet-languages">(.*?)</section>', page.text, re.S)
        assert facet is not None
        entries = re.findall(r'href="([^"]+)" data-language="(\w+)">([^<]+)</a> <span class="count">(\d+)</span>', facet.group(1))
        assert {(code, name, int(count)) for _, code, name, count in entries} == {("en", "English", 2), ("fr", "French", 2)}
        link = next(href for href, code, _, _ in entries if code == "fr").replace("&amp;", "&")
        filtered = client.get(link)
        assert filtered.status_code == 200
        # A part of each title without quotes, which the page escapes in its own way.
        parts = {"Nouvelles sanctions européennes": "fr", "Washington rassure ses alliés": "fr", "EU agrees new sanctions": "en", "Washington reassures": "en"}
        assert {parts[part] for part in parts if part in filtered.text} == {"fr"}
        assert sum(part in filtered.text for part in parts) == 2
