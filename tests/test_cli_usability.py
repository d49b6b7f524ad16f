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
from pipeline.vocabulary import ActorKind

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


def _every_command(command, path: tuple[str, ...] = ()):
    yield path, command
    if hasattr(command, "list_commands"):
        context = click.Context(command)
        for name in command.list_commands(context):
            yield from _every_command(command.get_command(context, name), (*path, name))


# What typer prints for a parameter's Python type: <bool>, <str>, <int range>, <list[Path]>.
TYPE_METAVAR = re.compile(r"<[a-z_]+(?:\[[^\]<>]*\])?(?: range)?>", re.IGNORECASE)


# Braces, brackets or dots said twice: {PATH...}..., [[ID]...]..., NAME......
DOUBLED_USAGE = re.compile(r"[{}]|\[\[|\]\.\.\.\]|\.\.\.\]\.\.\.|\.{6}|\.\.\.\S*\.\.\.")


def test_every_help_reads_like_documentation() -> None:
    """No `<type>` metavar on any screen; a flag shows no value; the usage line names each
    argument once, as NAME, NAME... or [NAME...] (no braces, no doubled dots)."""
    screens = 0
    for path, command in _every_command(typer.main.get_command(app)):
        shown = invoke(*path, "--help", columns=250).output
        assert TYPE_METAVAR.search(shown) is None, (path, TYPE_METAVAR.findall(shown))
        usage = next(line for line in shown.splitlines() if "Usage:" in line)
        assert DOUBLED_USAGE.search(usage) is None, (path, usage)
        context = click.Context(command)
        for option in command.get_params(context):
            if option.param_type_name != "option" or not option.help:
                continue
            line = next(line for line in shown.splitlines() if line.startswith(f"│ {option.opts[0]} "))
            after_names = [word for word in line.strip("│ ").split() if word not in option.opts]
            # A flag is followed by its help, an option by the value it takes, then its help.
            expected = option.help.split()[0] if option.is_flag else (option.metavar or option.name.upper())
            assert after_names[0] == expected, (path, line)
        screens += 1
    assert screens >= 25


def test_arguments_read_once_in_the_usage_line() -> None:
    usages = {
        ("ingest",): "ingest [OPTIONS] PATH...",
        ("delete",): "delete [OPTIONS] [ID...]",
        ("actors", "merge"): "merge [OPTIONS] NAME OTHER...",
        ("search",): "search [OPTIONS] [QUERY]",
    }
    for path, expected in usages.items():
        assert expected in invoke(*path, "--help").output, path


def test_kind_says_what_it_does_in_each_command() -> None:
    def kind_help(*path: str) -> str:
        line = next(line for line in invoke(*path, "--help").output.splitlines() if line.startswith("│ --kind"))
        return " ".join(line.strip("│ ").split())

    assert "Only actors of this kind" in kind_help("actors", "list")
    for path in (("actors", "merge"), ("actors", "rename")):
        assert "Only actors" not in kind_help(*path) and "File" in kind_help(*path), path


def test_version_as_an_option_prints_what_the_command_prints() -> None:
    option, command = invoke("--version"), invoke("version")
    assert option.exit_code == 0 and option.output == command.output and command.output.strip()


def test_a_shared_name_is_refused_naming_the_argument_it_came_from(isolated_env: Path) -> None:
    bill = make_document("Bill Clinton opened the library.", actors=[("Bill Clinton", ActorKind.PERSON)])
    hillary = make_document("Hillary Clinton spoke in the Senate.", actors=[("Hillary Clinton", ActorKind.PERSON)])
    _fill(isolated_env, [bill, hillary])
    shown = invoke("actors", "show", "Clinton", columns=250)
    assert shown.exit_code == 2
    assert "Invalid value for NAME" in shown.output and "--actor" not in shown.output, shown.output
    searched = invoke("search", "--actor", "Clinton", columns=250)
    assert searched.exit_code == 2 and "Invalid value for --actor" in searched.output


def test_search_says_how_to_see_the_hits_it_did_not_show(isolated_env: Path) -> None:
    _fill(isolated_env, [make_document(f"Ferry crossing number {n} left Dunmore at dawn.") for n in range(19)])
    first = invoke("search")
    assert "19 document(s) match" in first.output
    hint = next(line for line in first.output.splitlines() if "--offset" in line)
    assert "1-10 of 19" in hint and "--offset 10" in hint and "--limit" in hint
    # The option it names shows the rest, and then there is nothing more to say.
    rest = invoke("search", "--offset", "10")
    assert re.search(r"^19\. ", rest.output, re.MULTILINE) and "--offset" not in rest.output
    everything = invoke("search", "--limit", "19")
    assert "--offset" not in everything.output and "--cursor" not in everything.output
    assert "--offset" not in invoke("search", "--limit", "0").output


def test_actors_suggest_says_how_to_accept_a_suggestion(isolated_env: Path) -> None:
    _fill(
        isolated_env,
        [
            make_document("Tony Blair spoke in Sedgefield.", actors=[("Tony Blair", ActorKind.PERSON)]),
            make_document("Blair spoke again on Tuesday.", actors=[("Blair", ActorKind.PERSON)]),
        ],
    )
    listed = invoke("actors", "suggest", "--limit", "5")
    assert listed.exit_code == 0 and "Blair" in listed.output
    command = re.search(r"run: (dropwire actors suggest .*--accept NUMBER)", listed.output)
    assert command, listed.output
    words = command.group(1).replace("NUMBER", "1").split()[1:]
    assert words[:4] == ["actors", "suggest", "--limit", "5"]
    accepted = invoke(*words)
    assert accepted.exit_code == 0 and "merged 'Blair' into 'Tony Blair'" in accepted.output
    assert "run:" not in accepted.output  # accepting, it has nothing more to teach
