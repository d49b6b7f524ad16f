"""One actor, one facet value across documents; the alias file wins, end to end."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.enrich.aliases import AliasEntry, AliasTable
from pipeline.models import Actor, ActorKind
from pipeline.registry import ActorRegistry


def person(name: str, *aliases: str, mentions: int = 1, sentiment: float = 0.0) -> Actor:
    return Actor(name=name, kind=ActorKind.PERSON, aliases=[name, *aliases], mentions=mentions, sentiment=sentiment)


def test_a_spelling_seen_before_gets_the_name_given_first(tmp_path: Path) -> None:
    registry = ActorRegistry(tmp_path / "state.sqlite3")
    registry.learn([person("Kim Jong Un", "Kim Jong-un", "Kim")])
    [renamed] = registry.canonicalize([person("Kim Jong-un")])
    assert renamed.name == "Kim Jong Un"
    registry.close()
    reopened = ActorRegistry(tmp_path / "state.sqlite3")
    assert reopened.canonicalize([person("Kim Jong-un")])[0].name == "Kim Jong Un"


def test_a_lone_name_part_maps_only_when_unambiguous(tmp_path: Path) -> None:
    registry = ActorRegistry(tmp_path / "state.sqlite3")
    registry.learn([person("Kim Jong Un")])
    assert registry.canonicalize([person("Kim")])[0].name == "Kim Jong Un"
    registry.learn([person("Kim Yo Jong")])
    assert registry.canonicalize([person("Kim")])[0].name == "Kim", "two registered people start with Kim: left alone"
    assert registry.canonicalize([person("Jong")])[0].name == "Kim Yo Jong", "only one ends with Jong"
    registry.learn([person("Angela Merkel")])
    assert registry.canonicalize([person("Merkel")])[0].name == "Angela Merkel"
    other = ActorRegistry(tmp_path / "other.sqlite3")
    other.learn([person("Kim Jong Un", "Kim"), person("Kim Yo Jong")])
    assert other.canonicalize([person("Kim")])[0].name == "Kim Jong Un", "'Kim' was seen as his alias"


def test_two_actors_that_meet_under_one_name_are_merged(tmp_path: Path) -> None:
    registry = ActorRegistry(tmp_path / "state.sqlite3")
    registry.learn([person("Angela Merkel")])
    merged = registry.canonicalize([person("Angela Merkel", mentions=3, sentiment=0.5), person("Merkel", mentions=1, sentiment=-0.5)])
    assert len(merged) == 1
    assert (merged[0].mentions, merged[0].sentiment, merged[0].aliases) == (4, 0.25, ["Angela Merkel", "Merkel"])


def test_names_pinned_in_the_alias_file_are_never_renamed(tmp_path: Path) -> None:
    pinned = AliasTable([AliasEntry(name="Kim Jong-un", kind=ActorKind.PERSON, aliases=["Kim Jong Un"])])
    registry = ActorRegistry(tmp_path / "state.sqlite3", pinned=pinned)
    registry.learn([person("Kim Jong Un")])
    assert registry.canonicalize([person("Kim Jong-un")])[0].name == "Kim Jong-un"


def search(runner: CliRunner, *args: str) -> dict:
    result = runner.invoke(app, ["search", "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_across_documents_and_with_an_edited_alias_file(isolated_env: Path, tmp_path: Path, monkeypatch) -> None:
    from pipeline.settings import get_settings

    runner = CliRunner()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Summit\nKim Jong Un met envoys in Pyongyang. Kim said talks would go on.\n")
    (inbox / "b.txt").write_text("Parade\nOn Monday Kim watched a military parade in Pyongyang with his generals.\n")
    (inbox / "c.txt").write_text("Robots\nShares in Zenith Robotics Corp rose after the company said it would build a plant in Osaka.\n")
    assert runner.invoke(app, ["ingest", str(inbox)], catch_exceptions=False).exit_code == 0
    kim = search(runner, "--actor", "Kim Jong Un")
    assert kim["total"] == 2, "'Kim' alone in b.txt is the Kim Jong Un of a.txt"
    assert search(runner, "--actor", "Zenith Robotics Corp")["total"] == 1

    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("actors:\n  - name: Zenith Group\n    kind: org\n    aliases: [Zenith Robotics Corp, Zenith Robotics]\n")
    monkeypatch.setenv("DROPWIRE_ALIASES_FILE", str(aliases))
    get_settings.cache_clear()
    result = runner.invoke(app, ["reindex", "--reenrich", "--all"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert search(runner, "--actor", "Zenith Group")["total"] == 1
    assert search(runner, "--actor", "Zenith Robotics Corp")["total"] == 0
    facets = {facet["value"] for facet in search(runner)["facets"]["actors"]}
    assert "Zenith Group" in facets and "Zenith Robotics Corp" not in facets


def test_a_split_also_holds_across_documents(tmp_path: Path) -> None:
    pinned = AliasTable([], splits=[["Kim", "Kim Jong Un"]])
    registry = ActorRegistry(tmp_path / "state.sqlite3", pinned=pinned)
    registry.learn([person("Kim Jong Un")])
    assert registry.canonicalize([person("Kim")])[0].name == "Kim"


def test_a_broken_alias_file_is_a_clear_error(tmp_path: Path) -> None:
    import pytest

    from pipeline.enrich.aliases import load_alias_table
    from pipeline.errors import ConfigurationError

    path = tmp_path / "aliases.yaml"
    path.write_text("actors:\n  - name: X\n    kind: spaceship\n")
    with pytest.raises(ConfigurationError, match="alias file .* is not valid"):
        load_alias_table(path)
