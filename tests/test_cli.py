from __future__ import annotations

import json
import re
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
import typer.main
from typer.testing import CliRunner

from pipeline.store import ArchiveNotFound

from pipeline.cli import app, facet_rows, highlight_markup
from pipeline.models import Document
from pipeline.schemas import json_schemas, render

runner = CliRunner()
ARTICLE = (
    "Macron and Scholz meet in Paris\n"
    "Emmanuel Macron welcomed Olaf Scholz to Paris on Monday for talks on trade and energy. "
    "Macron said the two leaders agreed on a new plan for European industry and diplomacy.\n"
)


def invoke(*args: str):
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result


def test_help_lists_every_command() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for command in ("ingest", "enrich", "search", "watch", "stats", "schemas", "demo"):
        assert command in result.output


def _leaf_commands(command, path: tuple[str, ...] = ()):
    if hasattr(command, "list_commands"):
        context = click.Context(command)
        for name in command.list_commands(context):
            yield from _leaf_commands(command.get_command(context, name), (*path, name))
    else:
        yield path, command


def test_every_help_shows_its_example_as_a_command_apart_and_its_prose_unbroken() -> None:
    """Help is Markdown: a docstring's hard-wrapped lines flow at any width, and an example stays
    an indented block even when it is the only paragraph after the first line (typer dedents it)."""
    examples = 0
    for path, command in _leaf_commands(typer.main.get_command(app)):
        if "Example:" not in (command.help or ""):
            continue
        example = command.help.split("Example:")[1].strip().splitlines()[0].strip()
        shown = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200"}, catch_exceptions=False).output
        lines = [line for line in shown[shown.index("Example:") :].splitlines() if example[:40] in line]
        assert lines and all(line.startswith("  ") for line in lines), (path, lines)
        breaks = [
            (line.split()[-1].replace("`", ""), following.split()[0].replace("`", ""))
            for paragraph in command.help.split("Example:")[0].split("\n\n")
            for line, following in zip(paragraph.splitlines(), paragraph.splitlines()[1:])
        ]
        joined = [pair for pair in breaks if any(" ".join(pair) in line for line in shown.splitlines())]
        assert len(joined) * 2 >= len(breaks), (path, set(breaks) - set(joined))
        examples += 1
    assert examples >= 15


def test_ingest_fails_when_every_drop_it_read_was_quarantined(isolated_env: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "broken.json").write_text("{")
    (inbox / "empty.json").write_text('{"title": "No body here"}')
    result = invoke("ingest", str(inbox))
    assert result.exit_code == 1, result.output
    assert "every drop read (2) was quarantined" in result.output
    assert len(list((inbox / "quarantine").glob("*.rejection.json"))) == 2


def test_ingest_then_search_and_stats(isolated_env: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "paris.txt").write_text(ARTICLE)
    (inbox / "broken.json").write_text("{")
    result = invoke("ingest", str(inbox))
    assert result.exit_code == 0, result.output
    rows = summary_rows(result.output)
    assert (rows["indexed"], rows["quarantined whole"]) == ("1", "1")
    assert "broken.json" in result.output and "malformed_json" in result.output

    found = invoke("search", "talks", "--actor", "Emmanuel Macron", "--json")
    assert found.exit_code == 0
    payload = json.loads(found.stdout)
    assert payload["total"] == 1
    assert payload["hits"][0]["title"] == "Macron and Scholz meet in Paris"
    assert "<b>talks</b>" in payload["hits"][0]["highlight"]
    assert {"value": "Olaf Scholz", "count": 1, "kind": "person"} in payload["facets"]["actors"]

    text = invoke("search", "talks")
    assert text.exit_code == 0
    assert "1 document(s) match" in text.output and "Facets" in text.output and "Emmanuel Macron" in text.output

    none = invoke("search", "talks", "--theme", "sport")
    assert "0 document(s) match" in none.output

    stats = invoke("stats")
    assert stats.exit_code == 0
    assert "documents: 1" in stats.output and "Emmanuel Macron" in stats.output


def test_ingest_twice_reports_unchanged(isolated_env: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(ARTICLE)
    invoke("ingest", str(inbox))
    (inbox / "b.txt").write_text(ARTICLE)
    result = invoke("ingest", "--keep", str(inbox / "b.txt"))
    assert summary_rows(result.output)["unchanged (already archived)"] == "1"
    assert (inbox / "b.txt").exists()


def test_enrich_prints_valid_documents_and_touches_no_store(isolated_env: Path, tmp_path: Path) -> None:
    good = tmp_path / "paris.txt"
    good.write_text(ARTICLE)
    result = invoke("enrich", str(good))
    assert result.exit_code == 0
    [line] = result.stdout.strip().splitlines()
    document = Document.model_validate_json(line)
    assert document.title == "Macron and Scholz meet in Paris"
    assert "Emmanuel Macron" in [actor.name for actor in document.actors]
    assert not isolated_env.exists()
    assert good.exists()


def test_enrich_reports_bad_files_and_exits_1(isolated_env: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"title": "x"}')
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE)
    result = invoke("enrich", str(bad), str(good))
    assert result.exit_code == 1
    assert "missing_body" in result.stderr
    assert len(result.stdout.strip().splitlines()) == 1


def test_search_rejects_a_reversed_date_range(isolated_env: Path) -> None:
    result = invoke("search", "x", "--since", "2025-05-01", "--until", "2025-01-01")
    assert result.exit_code == 2
    assert "after until" in result.output


def test_schemas_export_writes_what_is_committed(tmp_path: Path) -> None:
    result = invoke("schemas", "export", str(tmp_path))
    assert result.exit_code == 0
    for name, schema in json_schemas().items():
        assert (tmp_path / name).read_text() == render(schema)


def test_demo_ingests_the_bundled_drops_and_shows_facets(isolated_env: Path) -> None:
    result = invoke("demo")
    assert result.exit_code == 0, result.output
    assert "  indexed" in result.output
    assert "unsupported_type" in result.output and "empty" in result.output
    assert "Kim Jong Un" in result.output
    assert "talks" in result.output
    again = invoke("demo")
    # 10 documents in the 9 good drops: the e-mail and its attachment are two.
    assert summary_rows(again.output)["unchanged (already archived)"] == "10"


def test_highlight_markup_unescapes_and_escapes_for_the_terminal() -> None:
    assert highlight_markup("a &lt;b&gt; [red] <b>match</b> &amp; more") == "a <b> \\[red] [bold yellow]match[/] & more"


def test_facet_rows_put_the_rest_of_the_longest_column_in_its_last_cell() -> None:
    months = [f"2025-{month:02d} 1" for month in range(1, 13)]
    rows = facet_rows([["Kim (person) 3", "Seoul (place) 2"], ["politics 4"], months, ["negative 5"], []])
    assert rows == [
        ["Kim (person) 3", "politics 4", "2025-01 1", "negative 5", ""],
        ["Seoul (place) 2", "", "\n".join(months[1:]), "", ""],
    ]
    assert facet_rows([[], [], ["2025-01 1", "2025-02 1"], [], []]) == [["", "", "2025-01 1\n2025-02 1", "", ""]]
    assert facet_rows([[], [], [], [], []]) == []


def test_a_missing_model_is_a_clear_error(isolated_env: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE)
    env = {**os.environ, "DROPWIRE_SPACY_MODEL": "no_such_model_xx"}
    done = subprocess.run([_dropwire(), "enrich", str(good)], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2
    assert "no_such_model_xx" in done.stderr and "not installed" in done.stderr
    assert "DROPWIRE_SPACY_MODEL" in done.stderr and "French" not in done.stderr, "the English model's own remedy"
    assert "Traceback" not in done.stderr


def _dropwire() -> str:
    found = shutil.which("dropwire", path=str(Path(sys.executable).parent))
    assert found, "the dropwire console script is not installed"
    return found


def _search_json(env: dict[str, str], *args: str) -> dict:
    done = subprocess.run([_dropwire(), "search", "--json", *args], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.slow
def test_watch_ingests_files_as_they_land(tmp_path: Path) -> None:
    """End to end, as a user would: `dropwire watch`, drop files, find them with `dropwire search`."""
    inbox, archive = tmp_path / "inbox", tmp_path / "archive"
    inbox.mkdir()
    (inbox / "already-there.txt").write_text("Early note\nAngela Merkel spoke in Berlin about energy prices and gas.\n")
    env = {**os.environ, "DROPWIRE_DATA_DIR": str(archive)}
    watcher = subprocess.Popen(
        [_dropwire(), "watch", str(inbox)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        _wait_for(lambda: (inbox / "processed" / "already-there.txt").exists(), what="the file present at start")
        # A file written elsewhere and moved in, as most tools deliver; and one copied in place.
        staging = tmp_path / "staging.txt"
        staging.write_text(ARTICLE)
        staging.rename(inbox / "paris.txt")
        (inbox / "broken.json").write_text("{ not json")
        (inbox / "sub").mkdir()
        (inbox / "sub" / "nested.md").write_text("---\ntitle: Nested\n---\nJacinda Ardern visited Wellington schools.\n")

        _wait_for(lambda: _search_json(env, "--actor", "Emmanuel Macron")["total"] == 1, what="paris.txt searchable")
        _wait_for(lambda: (inbox / "quarantine" / "broken.json.rejection.json").exists(), what="broken.json quarantined")
        _wait_for(lambda: _search_json(env, "Wellington")["total"] == 1, what="the nested drop")
        assert _search_json(env, "--actor", "Angela Merkel")["total"] == 1
        rejection = json.loads((inbox / "quarantine" / "broken.json.rejection.json").read_text())
        assert rejection["reason"] == "malformed_json"
    finally:
        watcher.terminate()
        out, err = watcher.communicate(timeout=30)
    assert watcher.returncode == 0, err
    assert "  indexed" in out
    assert "Traceback" not in err


def _wait_for(condition, *, what: str, seconds: float = 180.0) -> None:
    # Generous: the watcher loads the model while other work may share the machine's two cores.
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out after {seconds:.0f}s waiting for {what}")


README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_documents_every_command_and_setting() -> None:
    from pipeline.settings import Settings

    readme = README.read_text()
    for command in app.registered_commands:
        assert f"`dropwire {command.name or command.callback.__name__}" in readme, command.name
    assert "`dropwire schemas export" in readme
    for field in Settings.model_fields:
        assert f"`DROPWIRE_{field.upper()}`" in readme, field


def test_reindex_with_reenrich_on_the_embedded_store(isolated_env: Path, tmp_path: Path) -> None:
    from pipeline.settings import get_settings
    from pipeline.store.tantivy import TantivyStore

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "paris.txt").write_text(ARTICLE)
    invoke("ingest", str(inbox))
    settings = get_settings()
    store = TantivyStore(settings.index_dir)
    [document] = list(store.documents())
    # Pretend an older pipeline made it, with no actors: reenrich must redo it.
    store.upsert([document.model_copy(update={"actors": [], "enrichment": document.enrichment.model_copy(update={"pipeline_version": "0.0.1"})})])
    store.close()
    assert invoke("search", "--actor", "Emmanuel Macron").output.startswith("0 document")

    result = invoke("reindex", "--reenrich")
    assert result.exit_code == 0, result.output
    assert "reindexed 1 document(s)" in result.output
    assert "1 document(s) match" in invoke("search", "--actor", "Emmanuel Macron").output
    reopened = TantivyStore(settings.index_dir)
    [redone] = list(reopened.documents())
    reopened.close()
    assert redone.id == document.id and redone.enrichment.pipeline_version != "0.0.1"


# Start-up time is part of the product: what each command that does not enrich must never
# import. spaCy only for commands that enrich; the actor tables (pipeline.actors, yaml) only when
# a search names an actor; settings, models and stores only for commands that open the archive.
# Nor what libraries import for features Dropwire never calls (pipeline.startup): asyncio, which
# pydantic-settings imports for async CLI commands, and importlib.metadata, which pydantic's
# plugin loader imports before it reads that every plugin is off.
UNUSED_BY_LIBRARIES = ("asyncio", "importlib.metadata")
NEVER_IMPORTED = {
    ("--help",): ("spacy", "pipeline.settings", "pydantic_settings", "pipeline.models", "pipeline.store", "tantivy", *UNUSED_BY_LIBRARIES),
    ("version",): ("spacy", "pipeline.settings", "pydantic_settings", "pipeline.models", "pipeline.store", "tantivy", *UNUSED_BY_LIBRARIES),
    # rich's emoji table (~3,600 entries) only if a console replaces :codes: again, which search
    # must not do: it prints archived text as written.
    ("search", "harbour"): (
        "spacy", "pipeline.ingest", "pipeline.enrich", "pipeline.actors", "yaml", "rich._emoji_codes", *UNUSED_BY_LIBRARIES
    ),
    ("stats",): ("spacy", "pipeline.ingest", "pipeline.enrich", "pipeline.actors", "yaml", *UNUSED_BY_LIBRARIES),
}


@pytest.mark.parametrize("arguments", list(NEVER_IMPORTED), ids=" ".join)
def test_commands_that_do_not_enrich_never_load_the_model(arguments: tuple[str, ...], tmp_path: Path) -> None:
    from pipeline.store.tantivy import TantivyStore

    archive = tmp_path / "archive"
    with TantivyStore(archive / "index") as store:  # an archive to open, so that the command runs to its end
        store.ensure_ready()
    probe = (
        "import sys\n"
        "from pipeline.cli import app\n"
        "try:\n"
        "    app(sys.argv[1:])\n"
        "except SystemExit as end:\n"
        "    assert not end.code, end.code\n"
        "print('loaded:', sorted(name for name in sys.modules if name in " + repr(NEVER_IMPORTED[arguments]) + "))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *arguments, *(["--data-dir", str(archive)] if arguments[0] in ("search", "stats") else [])],
        capture_output=True, text=True, timeout=120,
    )
    assert done.stdout.strip().splitlines()[-1] == "loaded: []", done.stdout + done.stderr


def test_search_as_a_process_skips_the_work_cut_from_its_start(tmp_path: Path) -> None:
    """What was cut from `dropwire search` and must not come back, checked in a fresh process run
    as the console script runs it: the hits are read without building (or checking again) the
    whole Document model; no builtin default factory sends pydantic to the tokenizer; the cyclic
    collector stays off for a quick command and is back on for one that may run long; typer
    builds the one command asked for, not all of them."""
    from conftest import corpus

    from pipeline.store.tantivy import TantivyStore

    archive = tmp_path / "archive"
    with TantivyStore(archive / "index") as store:
        store.upsert(corpus())
    probe = (
        "import gc, sys, runpy, tokenize, typer.main\n"
        "built = []\n"
        "build = typer.main.get_command_from_info\n"
        "typer.main.get_command_from_info = lambda *info, **options: built.append(info) or build(*info, **options)\n"
        "sys.argv = ['dropwire', *sys.argv[1:]]\n"
        "try:\n"
        "    runpy.run_module('pipeline.cli', run_name='__main__')\n"
        "except SystemExit as end:\n"
        "    assert not end.code, end.code\n"
        "from pipeline.models import Document\n"
        "print('Document built:', Document.__pydantic_complete__, '| tokenizer compiled:', tokenize._compile.cache_info().currsize > 0,"
        " '| collector on:', gc.isenabled(), '| commands built:', len(built))\n"
    )
    searched = subprocess.run(
        [sys.executable, "-c", probe, "search", "Kim", "--data-dir", str(archive)], capture_output=True, text=True, timeout=120
    )
    assert "document(s) match" in searched.stdout, searched.stdout + searched.stderr
    assert searched.stdout.strip().splitlines()[-1] == (
        "Document built: False | tokenizer compiled: False | collector on: False | commands built: 1"
    ), searched.stdout + searched.stderr
    ingested = subprocess.run(
        [sys.executable, "-c", probe.replace("assert not end.code", "assert end.code == 2"), "ingest", str(tmp_path / "missing")],
        capture_output=True, text=True, timeout=120,
    )
    assert ingested.stdout.strip().splitlines()[-1].endswith("collector on: True | commands built: 1"), ingested.stdout + ingested.stderr


def summary_rows(output: str) -> dict[str, str]:
    """The ingest summary table as {row label: value}."""
    return {
        cells[1].strip(): cells[2].strip()
        for line in output.splitlines()
        if (cells := line.split("│")) and len(cells) == 4
    }


def test_the_summary_counts_drops_and_documents_apart(isolated_env: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    lines = [json.dumps({"title": f"Wire {n}", "body": f"Ferry {n} sailed from Dunmore on Friday."}) for n in range(3)]
    (inbox / "wire.jsonl").write_text("\n".join([*lines, "{broken"]) + "\n")
    (inbox / "note.txt").write_text(ARTICLE)
    (inbox / "empty.txt").write_text("")
    output = invoke("ingest", str(inbox)).output
    assert summary_rows(output) == {
        "drops read": "3",
        "filed as processed": "2",
        "quarantined whole": "1",
        "documents in the processed drops": "5",
        "indexed": "4",
        "unchanged (already archived)": "0",
        "quarantined (single records)": "1",
    }


def test_an_inbox_whose_drops_are_all_filed_says_why_nothing_was_read(isolated_env: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(ARTICLE)
    invoke("ingest", str(inbox))
    again = invoke("ingest", str(inbox))
    assert "1 filed drop(s)" in again.output and "move them back into the inbox" in again.output


def test_read_only_commands_never_create_an_archive(isolated_env: Path) -> None:
    # reindex rewrites what is there: with nothing there, nothing to rewrite.
    for command in (["search", "x"], ["stats"], ["serve"], ["reindex"]):
        with pytest.raises(ArchiveNotFound, match="no archive in .* fill it with `dropwire ingest PATH`"):
            invoke(*command)
    assert not isolated_env.exists()


def test_an_unknown_theme_or_actor_is_answered_with_the_nearest_known(isolated_env: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "paris.txt").write_text(ARTICLE)
    invoke("ingest", str(inbox))
    theme = invoke("search", "--theme", "diplomcy")
    assert theme.exit_code == 2 and "did you mean diplomacy" in " ".join(re.sub(r"[│╭╮╰╯─]", " ", theme.output).split())
    any_case = invoke("search", "--actor", "emmanuel macron")
    assert "'emmanuel macron' is 'Emmanuel Macron'" in any_case.output and "1 document(s) match" in any_case.output
    surname = invoke("search", "--actor", "macron")
    assert "'macron' is 'Emmanuel Macron' (the only person of that name)" in surname.output
    misspelt = invoke("search", "--actor", "Emanuel Macrom")
    assert "no actor is named 'Emanuel Macrom'" in misspelt.output and "nearest: Emmanuel Macron" in misspelt.output
    surname_misspelt = invoke("search", "--actor", "Macrom")  # one word of the name, misspelt
    assert "nearest: Emmanuel Macron" in surname_misspelt.output
    # Theme ids in any case, as actor names are.
    assert "1 document(s) match" in invoke("search", "--theme", "Diplomacy").output
    themes = invoke("themes")
    assert themes.exit_code == 0 and "diplomacy" in themes.output and "politics" in themes.output


def test_a_bad_setting_is_one_line_naming_the_variable(tmp_path: Path) -> None:
    env = {**os.environ, "DROPWIRE_STORE": "elastic", "DROPWIRE_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "stats"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert "DROPWIRE_STORE='elastic'" in line and "tantivy" in line and "Traceback" not in done.stderr


def test_the_readme_command_table_is_the_one_the_cli_generates() -> None:
    from pipeline.cli_reference import BEGIN, END, command_table

    readme = README.read_text()
    written = readme[readme.index(BEGIN) + len(BEGIN) : readme.index(END)].strip()
    assert written == command_table(app), "run `python -m pipeline.cli_reference README.md`"


def test_export_writes_the_stored_documents_as_json_lines_and_delete_removes_them(
    isolated_env: Path, tmp_path: Path
) -> None:
    from pipeline.models import Document

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "paris.txt").write_text(ARTICLE)
    lines = [json.dumps({"title": f"Wire {n}", "body": f"Ferry {n} sailed from Dunmore on Friday."}) for n in range(3)]
    (inbox / "wire.jsonl").write_text("\n".join(lines) + "\n")
    invoke("ingest", str(inbox))
    exported = tmp_path / "all.jsonl"
    assert invoke("export", "-o", str(exported)).exit_code == 0
    documents = [Document.model_validate_json(line) for line in exported.read_text().splitlines()]
    assert len(documents) == 4
    only_paris = invoke("export", "--actor", "Emmanuel Macron").output.strip().splitlines()
    assert [Document.model_validate_json(line).title for line in only_paris if line.startswith("{")] == [
        next(d.title for d in documents if d.source.uri.endswith("paris.txt"))
    ]

    # A drop is named where it landed or where it was filed: the path a user finds it at now.
    filed_wire = (inbox / "processed" / "wire.jsonl").resolve().as_uri()
    assert invoke("delete", "--source", filed_wire).exit_code == 0
    assert "exported 1 document(s)" in invoke("export").output
    paris = next(d for d in documents if d.source.uri.endswith("paris.txt"))
    assert invoke("delete", "--source", (inbox / "paris.txt").resolve().as_uri()).exit_code == 0
    assert invoke("delete", paris.id).exit_code == 1  # already gone: said, not silent
    assert invoke("export").output.count('{"id"') == 0
    invoke("reindex")
    assert invoke("stats").output.count("documents: 0") == 1


def test_search_prints_archived_text_as_written(isolated_env: Path) -> None:
    """Emoji codes in a document are its text, not markup: ':up:' stays ':up:', not an arrow."""
    from conftest import make_document

    from pipeline.store.tantivy import TantivyStore
    from pipeline.vocabulary import ActorKind

    document = make_document(
        "Harbour fees :up: again at Dunmore, the board said.",
        title="Fees :up: at :anchor: Dunmore",
        actors=[("Board :x:", ActorKind.ORG)],
    )
    with TantivyStore(isolated_env / "index") as store:
        store.upsert([document])
    result = invoke("search", "harbour")
    assert result.exit_code == 0, result.output
    assert "Fees :up: at :anchor: Dunmore" in result.output
    assert "Board :x:" in result.output and "❌" not in result.output


def test_ingest_of_a_missing_path_says_so_before_drawing_any_bar(isolated_env: Path, tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "a.txt").write_text(ARTICLE)
    result = invoke("ingest", str(tmp_path / "inbox"), str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    # The error box wraps a long path anywhere: compare without the box and the spaces.
    letters = "".join(result.output.replace("│", " ").split())
    assert "nowheredoesnotexist" in letters, result.output
    assert "drops" not in letters and "documentsstored" not in letters, result.output


def test_ingest_keep_says_the_originals_were_kept_not_filed(isolated_env: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(ARTICLE)
    (inbox / "broken.json").write_text("{")
    kept = invoke("ingest", "--keep", str(inbox))
    rows = summary_rows(kept.output)
    assert "processed" not in kept.output
    assert rows["documents in the ingested drops"] == "1"
    assert (rows["ingested (originals kept)"], rows["quarantined whole (copies)"]) == ("1", "1")
    assert (inbox / "a.txt").exists() and (inbox / "broken.json").exists()
    (inbox / "b.txt").write_text(ARTICLE.replace("Monday", "Tuesday"))
    filed = invoke("ingest", str(inbox / "b.txt"))
    assert summary_rows(filed.output)["filed as processed"] == "1"
