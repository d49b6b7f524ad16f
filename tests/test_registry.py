"""One actor, one facet value across documents; the alias file wins, end to end."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.actors.aliases import AliasEntry, AliasTable
from pipeline.models import Actor, ActorKind
from pipeline.registry import ActorRegistry


def actor(kind: ActorKind, name: str, *aliases: str, mentions: int = 1, sentiment: float = 0.0) -> Actor:
    return Actor(name=name, kind=kind, aliases=[name, *aliases], mentions=mentions, sentiment=sentiment)


def person(name: str, *aliases: str, mentions: int = 1, sentiment: float = 0.0) -> Actor:
    return actor(ActorKind.PERSON, name, *aliases, mentions=mentions, sentiment=sentiment)


def org(name: str, *aliases: str) -> Actor:
    return actor(ActorKind.ORG, name, *aliases)


def test_a_spelling_seen_before_gets_the_name_given_first(tmp_path: Path) -> None:
    registry = ActorRegistry(tmp_path / "state.sqlite3")
    registry.learn([person("Kim Jong Un", "Kim Jong-un", "Kim")])
    [renamed] = registry.canonicalize([person("Kim Jong-un")])
    assert renamed.name == "Kim Jong Un"
    registry.close()
    reopened = ActorRegistry(tmp_path / "state.sqlite3")
    assert reopened.canonicalize([person("Kim Jong-un")])[0].name == "Kim Jong Un"


def test_a_lone_name_part_never_maps_to_a_registered_full_name(tmp_path: Path) -> None:
    registry = ActorRegistry(tmp_path / "state.sqlite3")
    registry.learn([person("Kim Jong Un", "Kim")])
    assert registry.canonicalize([person("Kim")])[0].name == "Kim", "even when only one registered person has it"
    registry.learn([person("Angela Merkel", "Merkel")])
    assert registry.canonicalize([person("Merkel")])[0].name == "Merkel"


def test_other_people_with_a_registered_surname_keep_their_names(tmp_path: Path) -> None:
    registry = ActorRegistry(tmp_path / "state.sqlite3")
    registry.learn([person("Gordon Wells", "Wells", "Mr Wells"), person("Serena Dahl", "Dahl"), person("Prince Alaric", "Alaric")])
    for name, *aliases in (("Dana Wells", "Wells"), ("Tomas Dahl", "Dahl"), ("Rory Alaric", "Alaric")):
        assert registry.canonicalize([person(name, *aliases)])[0].name == name
    assert registry.canonicalize([person("Wells")])[0].name == "Wells"


def test_an_office_with_a_surname_carries_across_documents_where_the_surname_alone_does_not(tmp_path: Path) -> None:
    registry = ActorRegistry(tmp_path / "state.sqlite3")
    registry.learn([person("Venn", "President Venn")])
    registry.learn([person("Harold J Venn", "President Harold J Venn", "Venn", "President Venn")])
    assert registry.canonicalize([person("Venn", "President Venn")])[0].name == "Harold J Venn"
    assert registry.canonicalize([person("Venn", "Senator Venn")])[0].name == "Venn"
    assert registry.canonicalize([person("Venn")])[0].name == "Venn"


def test_the_kind_of_a_name_is_the_archive_vote(tmp_path: Path) -> None:
    registry = ActorRegistry(tmp_path / "state.sqlite3")
    registry.learn(registry.canonicalize([person("Vostrak")]))
    for _ in range(3):
        registry.learn(registry.canonicalize([org("Vostrak")]))
    assert registry.canonicalize([person("Vostrak")])[0].kind is ActorKind.ORG
    registry.close()
    assert ActorRegistry(tmp_path / "state.sqlite3").canonicalize([person("Vostrak")])[0].kind is ActorKind.ORG


def test_a_tie_between_a_person_reading_and_a_place_reading_goes_to_the_place(tmp_path: Path) -> None:
    registry = ActorRegistry(tmp_path / "state.sqlite3")
    registry.learn(registry.canonicalize([actor(ActorKind.PLACE, "Harrowgate")]))
    assert registry.canonicalize([person("Harrowgate")])[0].kind is ActorKind.PLACE
    registry.learn(registry.canonicalize([person("Quillon")]))
    assert registry.canonicalize([actor(ActorKind.GROUP, "Quillon")])[0].kind is ActorKind.GROUP, "a tie among slips keeps this one"
    registry.learn(registry.canonicalize([org("Maren Oduya")]))
    assert registry.canonicalize([person("Maren Oduya")])[0].kind is ActorKind.PERSON, "a full name keeps its person reading"


def test_full_forms_carry_across_documents_and_looser_keys_do_not(tmp_path: Path) -> None:
    registry = ActorRegistry(tmp_path / "state.sqlite3")
    registry.learn([person("Harold J Venn", "Harold Venn", "Venn"), org("Quorvane Group", "QG"), org("Zembla Assembly")])
    assert registry.canonicalize([person("Harold Venn")])[0].name == "Harold J Venn"
    assert registry.canonicalize([org("QG")])[0].name == "Quorvane Group", "an acronym the document tied to it"
    assert registry.canonicalize([org("Zembla Assembly Party")])[0].name == "Zembla Assembly Party"
    assert registry.canonicalize([org("Zembla Assemblies")])[0].name == "Zembla Assemblies"


def test_an_organisation_or_place_reading_is_kept_for_its_document(tmp_path: Path) -> None:
    registry = ActorRegistry(tmp_path / "state.sqlite3")
    for _ in range(3):
        registry.learn(registry.canonicalize([actor(ActorKind.PLACE, "Dunmore")]))
    [club] = registry.canonicalize([org("Dunmore")])
    assert club.kind is ActorKind.ORG


def test_two_actors_that_meet_under_one_name_are_merged(tmp_path: Path) -> None:
    registry = ActorRegistry(tmp_path / "state.sqlite3")
    registry.learn([person("Kim Jong Un", "Kim Jong-un")])
    merged = registry.canonicalize([person("Kim Jong Un", mentions=3, sentiment=0.5), person("Kim Jong-un", mentions=1, sentiment=-0.5)])
    assert len(merged) == 1
    assert (merged[0].mentions, merged[0].sentiment, merged[0].aliases) == (4, 0.25, ["Kim Jong Un", "Kim Jong-un"])


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
    assert search(runner, "--actor", "Kim Jong Un")["total"] == 1
    assert search(runner, "--actor", "Kim")["total"] == 1, "'Kim' alone in b.txt may be any Kim: not merged across documents"
    assert search(runner, "--actor", "Zenith Robotics Corp")["total"] == 1

    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("actors:\n  - name: Zenith Group\n    kind: org\n    aliases: [Zenith Robotics Corp, Zenith Robotics]\n")
    monkeypatch.setenv("DROPWIRE_ALIASES_FILE", str(aliases))
    get_settings.cache_clear()
    result = runner.invoke(app, ["reindex", "--reenrich", "--all"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert search(runner, "--actor", "Zenith Group")["total"] == 1
    # The old name still reaches the actor, now filed under the alias file's name.
    assert search(runner, "--actor", "Zenith Robotics Corp")["total"] == 1
    facets = {facet["value"] for facet in search(runner)["facets"]["actors"]}
    assert "Zenith Group" in facets and "Zenith Robotics Corp" not in facets


def test_a_split_also_holds_across_documents(tmp_path: Path) -> None:
    pinned = AliasTable([], splits=[["Kim", "Kim Jong Un"]])
    registry = ActorRegistry(tmp_path / "state.sqlite3", pinned=pinned)
    registry.learn([person("Kim Jong Un")])
    assert registry.canonicalize([person("Kim")])[0].name == "Kim"


def test_a_broken_alias_file_is_a_clear_error(tmp_path: Path) -> None:
    import pytest

    from pipeline.actors.aliases import load_alias_table
    from pipeline.errors import ConfigurationError

    path = tmp_path / "aliases.yaml"
    path.write_text("actors:\n  - name: X\n    kind: spaceship\n")
    with pytest.raises(ConfigurationError, match="alias file .* is not valid: actors.0.kind: ") as refused:
        load_alias_table(path)
    assert "\n" not in str(refused.value) and "errors.pydantic.dev" not in str(refused.value)
    # Broken YAML: one line that says where, not PyYAML's several lines about "<unicode string>".
    path.write_text('actors:\n  - name: "Foo\n    kind: person\n')
    with pytest.raises(ConfigurationError) as refused:
        load_alias_table(path)
    message = str(refused.value)
    assert "\n" not in message and "unicode string" not in message
    assert "line 4, column 1: found unexpected end of stream (while scanning a quoted scalar at line 2, column 11)" in message


def test_a_full_name_with_a_middle_initial_or_name_is_one_person_across_documents(tmp_path: Path) -> None:
    def names(order: list[str]) -> list[str]:
        registry = ActorRegistry(tmp_path / f"{'-'.join(name.split()[1] for name in order)}.sqlite3")
        found = []
        for name in order:
            [renamed] = registry.canonicalize([person(name, "Pell")])
            registry.learn([renamed])
            found.append(renamed.name)
        registry.close()
        return found

    plain, initial, whole = "Jonas Pell", "Jonas C. Pell", "Jonas Carl Pell"
    for order in ([plain, initial, whole], [initial, plain, whole], [initial, whole, plain], [whole, initial, plain]):
        assert set(names(order)) == {order[0]}, order
    # A whole middle name alone says nothing of the name without it ("Juan Miguel" is not
    # every "Juan"): where both came before any initialled spelling, the two stay apart.
    assert names([whole, plain, initial]) == [whole, plain, whole]
    assert names([plain, whole, initial]) == [plain, whole, whole]


def test_people_whose_middle_initials_differ_stay_apart_and_a_surname_or_suffix_gains_nothing(tmp_path: Path) -> None:
    registry = ActorRegistry(tmp_path / "state.sqlite3")
    registry.learn([person("Arlo H. W. Venn"), person("Nadia Rusk")])
    assert registry.canonicalize([person("Arlo W. Venn")])[0].name == "Arlo W. Venn"
    assert registry.canonicalize([person("Arlo K. Venn")])[0].name == "Arlo K. Venn"
    registry.learn([person("Arlo W. Venn")])
    assert registry.canonicalize([person("Arlo H. W. Venn")])[0].name == "Arlo H. W. Venn"
    # A middle word is not a surname: "Nadia Rusk" gives no "Nadia Rusk Oduya" or "Rusk".
    assert registry.canonicalize([person("Nadia Rusk Oduya")])[0].name == "Nadia Rusk Oduya"
    assert registry.canonicalize([person("Rusk")])[0].name == "Rusk"
    # "Tobin Hale Jr." is not "Tobin Jr.", and his father "Tobin Hale" is not him.
    registry.learn([person("Tobin Hale Jr.")])
    assert registry.canonicalize([person("Tobin Hale")])[0].name == "Tobin Hale"


def test_an_office_written_with_the_full_name_carries_to_the_office_with_the_surname(tmp_path: Path) -> None:
    registry = ActorRegistry(tmp_path / "state.sqlite3")
    registry.learn([person("Hal Venn", "President Hal Venn"), person("Ada N. Pell", "Gov. Ada N. Pell")])
    assert registry.canonicalize([person("Venn", "President Venn")])[0].name == "Hal Venn"
    # The office as another article abbreviates or writes it out.
    assert registry.canonicalize([person("Pell", "Governor Pell")])[0].name == "Ada N. Pell"
    assert registry.canonicalize([person("Pell", "Gov. Pell")])[0].name == "Ada N. Pell"
    # Another office, or the surname alone, says nothing.
    assert registry.canonicalize([person("Venn", "Senator Venn")])[0].name == "Venn"
    assert registry.canonicalize([person("Pell")])[0].name == "Pell"


def test_initials_do_not_join_a_body_the_archive_spelt_out_otherwise(tmp_path: Path) -> None:
    registry = ActorRegistry(tmp_path / "state.sqlite3")
    registry.learn([org("Economic Planning Agency", "EPA")])
    [other] = registry.canonicalize([org("Environmental Protection Agency", "EPA")])
    assert other.name == "Environmental Protection Agency"
    registry.learn([other])
    # The second body's own spelling now leads to it, never to the first.
    assert registry.canonicalize([org("Environmental Protection Agency")])[0].name == "Environmental Protection Agency"
    # Initials alone, with nothing spelt out, still go where the archive first learnt them.
    assert registry.canonicalize([org("EPA")])[0].name == "Economic Planning Agency"


def test_a_body_named_by_initials_in_both_documents_is_told_apart_by_its_spelling(tmp_path: Path) -> None:
    registry = ActorRegistry(tmp_path / "state.sqlite3")
    registry.learn([org("MDA", "Mobile Data Association")])
    [other] = registry.canonicalize([org("MDA", "Missile Defense Agency")])
    assert other.name == "Missile Defense Agency"
    assert registry.canonicalize([org("MDA", "Mobile Data Association")])[0].name == "MDA"


def test_spellings_that_hold_each_others_words_are_one_body_across_documents(tmp_path: Path) -> None:
    registry = ActorRegistry(tmp_path / "state.sqlite3")
    registry.learn([org("Federal Reserve", "Fed"), org("World Health Organisation", "WHO")])
    assert registry.canonicalize([org("US Federal Reserve", "Fed")])[0].name == "Federal Reserve"
    # One body in British and American spelling.
    assert registry.canonicalize([org("World Health Organization", "WHO")])[0].name == "World Health Organisation"
    # A firm with and without its legal ending, and with the comma of its full name.
    registry.learn([org("Goldman Sachs")])
    assert registry.canonicalize([org("Goldman, Sachs & Co.")])[0].name == "Goldman Sachs"
    registry.learn([org("BBC", "British Broadcasting Corporation")])
    assert registry.canonicalize([org("British Broadcasting Corp", "BBC")])[0].name == "BBC"
