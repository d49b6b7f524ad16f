"""Curating the actor facet: suggestions with their evidence, decisions written to the
user's alias file, and a reindex that redoes only the documents they touch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.actors.aliases import load_alias_table
from pipeline.actors.curation import AliasFileEdit, suggest_merges
from pipeline.actors.keys import alias_key
from pipeline.actors.lookup import KnownName
from pipeline.cli import app
from pipeline.models import ActorKind

P, O, G, L = ActorKind.PERSON, ActorKind.ORG, ActorKind.GROUP, ActorKind.PLACE


def pairs(known: list[KnownName], **options) -> dict[tuple[str, str], tuple[str, ...]]:
    return {(s.keep, s.other): s.evidence for s in suggest_merges(known, **options)}


@pytest.mark.parametrize(
    ("first", "second", "reason"),
    [
        (KnownName("Kim Jong Un", P, 9), KnownName("Jong Un Kim", P, 1), "the same words in another order or form"),
        (KnownName("Liberal Democrats", G, 9), KnownName("Liberal Democrat", O, 2), "singular and plural of one name"),
        (KnownName("European Central Bank", O, 9), KnownName("ECB", O, 4), "one is the initials of the other"),
        (KnownName("Volodymyr Zelenskyy", P, 9), KnownName("Volodymyr Zelensky", P, 3), "they sound alike"),
        (KnownName("Tony Blair", P, 9), KnownName("Blair", P, 5), "one is a name part of the other"),
    ],
)
def test_each_kind_of_evidence_suggests_a_pair(first: KnownName, second: KnownName, reason: str) -> None:
    found = pairs([first, second, KnownName("Lisbon", L, 3)])
    assert list(found) == [(first.name, second.name)]
    assert reason in found[(first.name, second.name)]


def test_a_person_and_an_organisation_are_never_suggested_together() -> None:
    assert pairs([KnownName("Ford", O, 9), KnownName("Harrison Ford", P, 5)]) == {}
    assert pairs([KnownName("Jordan", L, 9), KnownName("Michael Jordan", P, 5)]) == {}


def test_values_named_apart_in_one_document_rank_lower_and_say_so() -> None:
    known = [KnownName("Gordon Brown", P, 9), KnownName("Brown", P, 5), KnownName("Tony Blair", P, 9), KnownName("Blair", P, 5)]
    together = {frozenset({"Gordon Brown", "Brown"}): 2}
    ranked = suggest_merges(known, named_together=lambda a, b: together.get(frozenset({a, b}), 0))
    assert [(s.keep, s.other) for s in ranked] == [("Tony Blair", "Blair"), ("Gordon Brown", "Brown")]
    assert "named apart in the same document 2 time(s)" in ranked[1].evidence[-1]


def test_decisions_are_written_to_the_alias_file_the_enrichment_reads(tmp_path: Path) -> None:
    path = tmp_path / "aliases.yaml"
    edit = AliasFileEdit.open(path)
    edit.merge("Norland Union", ["Norlanders", "the Union"], O)
    edit.rename("Bush", "George W Bush", P)
    edit.split("Gordon Brown", "Dan Brown")
    edit.save()
    table = load_alias_table(path)
    assert table.lookup(alias_key("Norlanders")).name == "Norland Union"
    assert table.lookup(alias_key("Bush")).name == "George W Bush"
    assert table.kept_apart("Gordon Brown", "Dan Brown")
    again = AliasFileEdit.open(path)
    again.split("Norland Union", "Norlanders")  # a later decision undoes an earlier merge
    again.save()
    assert load_alias_table(path).lookup(alias_key("Norlanders")) is None


def test_merge_then_reindex_redoes_only_the_documents_it_touches(isolated_env: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Robots\nShares in Zenith Robotics rose after the company opened a plant in Osaka.\n")
    (inbox / "b.txt").write_text("Plant\nZenRob said on Monday that the Osaka plant would hire 300 people.\n")
    (inbox / "c.txt").write_text("Ferry\nMarta Oyelaran opened the new ferry terminal in Lisbon on Friday.\n")
    assert runner.invoke(app, ["ingest", str(inbox)], catch_exceptions=False).exit_code == 0

    def facets() -> set[str]:
        found = runner.invoke(app, ["search", "--json"], catch_exceptions=False)
        return {facet["value"] for facet in json.loads(found.stdout)["facets"]["actors"]}

    def enriched_at() -> dict[str, str]:
        exported = runner.invoke(app, ["export"], catch_exceptions=False).stdout.splitlines()
        return {doc["title"]: doc["enrichment"]["enriched_at"] for doc in map(json.loads, exported)}

    assert {"Zenith Robotics", "ZenRob"} <= facets()
    before = enriched_at()
    merged = runner.invoke(app, ["actors", "merge", "Zenith Robotics", "ZenRob"], catch_exceptions=False)
    assert merged.exit_code == 0 and "aliases.yaml" in merged.output
    assert (isolated_env / "aliases.yaml").exists()
    assert runner.invoke(app, ["reindex", "--reenrich"], catch_exceptions=False).exit_code == 0
    after = enriched_at()
    assert "Zenith Robotics" in facets() and "ZenRob" not in facets()
    assert after["Robots"] != before["Robots"] and after["Plant"] != before["Plant"]
    assert after["Ferry"] == before["Ferry"], "a document naming no curated actor is left alone"
    again = runner.invoke(app, ["reindex", "--reenrich"], catch_exceptions=False)
    assert enriched_at() == after and again.exit_code == 0, "once redone, the decision is settled"
    shown = runner.invoke(app, ["actors", "show", "zenrob"], catch_exceptions=False)
    assert "Zenith Robotics" in shown.output and "named in 2 document(s)" in shown.output
    listed = shown.output[shown.output.index("documents naming it (all") :]
    assert "Robots" in listed and "Plant" in listed and "Ferry" not in listed


def test_decisions_keep_the_forms_a_file_gives_per_language(tmp_path: Path) -> None:
    path = tmp_path / "aliases.yaml"
    path.write_text(
        "articles: {fr: [\"l'\"]}\n"
        "actors:\n"
        "  - {name: Norland Union, kind: org, languages: {fr: [Union norlandaise, UNO]}}\n"
        "  - {name: Norland Council, kind: org, languages: {fr: [Conseil norlandais]}}\n",
        "utf-8",
    )
    edit = AliasFileEdit.open(path)
    edit.merge("Norland Union", ["Norland Council"], O)
    edit.split("Norland Union", "UNO")
    edit.rename("Vlieburg", "Vlieburg Town", P)
    edit.save()
    french = load_alias_table(path).for_language("fr")
    assert french.find("Conseil norlandais").name == "Norland Union"
    assert french.find("l'Union norlandaise").name == "Norland Union"
    assert french.find("UNO") is None
    written = path.read_text("utf-8")
    # An entry the file gave no forms by language is written as before, without empty keys.
    assert "languages: {}" not in written and "find_name_in_text" not in written


def test_actors_list_says_when_it_shows_only_the_first(isolated_env: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Ferry\nMarta Oyelaran opened the new ferry terminal in Lisbon on Friday.\n")
    (inbox / "b.txt").write_text("Robots\nShares in Zenith Robotics rose after the company opened a plant in Osaka.\n")
    assert runner.invoke(app, ["ingest", str(inbox)], catch_exceptions=False).exit_code == 0
    everything = runner.invoke(app, ["actors", "list"], catch_exceptions=False).output
    assert "Marta Oyelaran" in everything and "Zenith Robotics" in everything and "shows more" not in everything
    first = runner.invoke(app, ["actors", "list", "--limit", "1"], catch_exceptions=False).output
    assert "the first 1 of" in first and "--limit" in first
    # A split may come before a name does, but a misspelt one would keep nobody apart: say so.
    split = runner.invoke(app, ["actors", "split", "Marta Oyelaran", "Marta Oyelaren"], catch_exceptions=False)
    assert split.exit_code == 0
    assert "no actor is named 'Marta Oyelaren'" in split.output and "nearest: Marta Oyelaran" in split.output
    assert "no actor is named 'Marta Oyelaran'" not in split.output
