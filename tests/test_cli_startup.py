"""The library imports the CLI leaves out of its start-up (pipeline.startup) change nothing a
library does: each is checked in a fresh process, where the imports really happen."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap

import pytest
from typer.testing import CliRunner

from preloaded_scripts import PreloadedScripts


def run_fresh(code: str, **env: str) -> str:
    """Run `code` in a new interpreter; its last line of output."""
    environment = {key: value for key, value in os.environ.items() if key != "PYDANTIC_DISABLE_PLUGINS"} | env
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=environment, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_with_every_plugin_off_pydantic_validates_without_reading_package_metadata() -> None:
    last = run_fresh(
        """
        import sys
        from pipeline.startup import skip_pydantic_plugin_lookup
        answered = skip_pydantic_plugin_lookup()
        from pydantic import BaseModel, TypeAdapter
        class Point(BaseModel):
            x: int
        checked = Point(x="3").x, TypeAdapter(list[int]).validate_python(["1", 2])
        print(answered, checked, "importlib.metadata" in sys.modules)
        """,
        PYDANTIC_DISABLE_PLUGINS="__all__",
    )
    assert last == "True (3, [1, 2]) False"


def test_plugins_turned_on_later_are_looked_up_by_pydantic_itself() -> None:
    last = run_fresh(
        """
        import os, sys
        from pipeline.startup import skip_pydantic_plugin_lookup
        skip_pydantic_plugin_lookup()
        from pydantic import TypeAdapter
        TypeAdapter(int)
        before = "importlib.metadata" in sys.modules
        os.environ["PYDANTIC_DISABLE_PLUGINS"] = "a-plugin-nobody-installed"
        TypeAdapter(str)
        import pydantic.plugin._loader as loader
        print(before, "importlib.metadata" in sys.modules, hasattr(loader, "_plugins"), list(loader.get_plugins()) == [])
        """,
        PYDANTIC_DISABLE_PLUGINS="__all__",
    )
    assert last == "False True True True"


def test_without_the_variable_pydantic_looks_for_plugins_as_always() -> None:
    last = run_fresh(
        """
        import sys
        from pipeline.startup import skip_pydantic_plugin_lookup
        answered = skip_pydantic_plugin_lookup()
        from pydantic import TypeAdapter
        TypeAdapter(int)
        print(answered, "importlib.metadata" in sys.modules)
        """
    )
    assert last == "False True"


def test_pydantic_settings_runs_async_commands_with_the_real_asyncio() -> None:
    """pydantic-settings gets a stand-in for asyncio; its async CLI commands still run."""
    last = run_fresh(
        """
        import sys
        from pipeline.startup import asyncio_imported_on_use
        with asyncio_imported_on_use():
            from pydantic_settings import BaseSettings, CliApp
        deferred = "asyncio" not in sys.modules

        class Greeting(BaseSettings):
            name: str = "world"
            said: str = ""

            async def cli_cmd(self) -> None:
                import asyncio
                await asyncio.sleep(0)
                self.said = f"hello {self.name}"

        greeting = CliApp.run(Greeting, cli_args=["--name", "Ada"])
        import asyncio
        import pydantic_settings.main
        print(deferred, greeting.said, pydantic_settings.main.asyncio.run is asyncio.run)
        """
    )
    assert last == "True hello Ada True"


def test_after_the_block_asyncio_imports_as_usual() -> None:
    last = run_fresh(
        """
        import sys
        from pipeline.startup import asyncio_imported_on_use
        with asyncio_imported_on_use():
            import asyncio as inside
        import asyncio
        print(type(inside).__name__, asyncio.__spec__.name, hasattr(asyncio, "__path__"), inside.get_event_loop_policy is asyncio.get_event_loop_policy)
        """
    )
    assert last == "_ImportedOnUse asyncio True True"


# Command lines `run()` answers with the app narrowed to the command they name: each must read
# the same as from the whole app (output, errors, exit code).
NARROWED = [
    ("version",),
    ("search", "--help"),
    ("search", "--limit", "many"),
    ("search", "--limt", "3"),
    ("search", "--since", "2025-13-01"),
    ("actors", "--help"),
    ("actors", "list", "--help"),
    ("actors", "nosuch"),
    ("store",),
    ("schemas", "--help"),
]


@pytest.mark.parametrize("arguments", NARROWED, ids=" ".join)
def test_a_command_line_reads_the_same_from_the_app_narrowed_to_its_command(arguments: tuple[str, ...]) -> None:
    from pipeline.cli import app, only_the_command_named

    narrowed = only_the_command_named(list(arguments))
    assert narrowed is not app
    assert len(narrowed.registered_commands) + len(narrowed.registered_groups) == 1
    whole = CliRunner().invoke(app, list(arguments))
    alone = CliRunner().invoke(narrowed, list(arguments))
    assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output)
    assert whole.output


@pytest.mark.parametrize("arguments", [(), ("--help",), ("-v", "version"), ("nosuch",)], ids=repr)
def test_a_command_line_that_names_no_command_first_gets_the_whole_app(arguments: tuple[str, ...]) -> None:
    from pipeline.cli import app, only_the_command_named

    assert only_the_command_named(list(arguments)) is app


@pytest.mark.slow
@pytest.mark.bench
def test_the_cli_benchmark_ends_with_its_wall_time_against_the_absolute_target(preloaded_scripts: PreloadedScripts) -> None:
    """bench/cli.py on a tiny archive, one round: it runs and prints its figures (this checks it
    works, not how fast anything is). The commands it times are fresh processes whatever runs it."""
    done = preloaded_scripts.bench("cli.py", "--docs", "20", "--runs", "2")
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.strip().splitlines()
    assert re.fullmatch(r"cli_search_seconds: \d+\.\d{3} \(target <= 0\.40\)", lines[-1]), done.stdout
    assert re.fullmatch(r"cli_search_cpu_seconds: \d+\.\d{3} \(.*\)", lines[-2]), done.stdout
    assert "search loads spaCy: False" in lines, done.stdout
    assert re.search(r"^load average \(1 min\) \d+\.\d\d before, \d+\.\d\d after", done.stdout, re.MULTILINE), done.stdout
    assert len(re.findall(r"median \d+\.\d{3} s  \(lowest \d+\.\d{3}, upper quartile \d+\.\d{3}; CPU \d+\.\d{3} s;", done.stdout)) == 4
