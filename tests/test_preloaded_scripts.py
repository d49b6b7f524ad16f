"""The preloaded runner of the benchmark scripts' smoke tests behaves as `python SCRIPT ARGS`:
the same argv, working folder, `sys.path[0]`, environment, streams and exit status, and no name
the script did not import itself (tests/preloaded_scripts.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from preloaded_scripts import PreloadedScripts

PROBE = textwrap.dedent(
    """
    import json, os, sys
    print(json.dumps({
        "argv": sys.argv, "cwd": os.getcwd(), "path0": sys.path[0], "name": __name__,
        "probe": os.environ.get("PROBE_SETTING"), "stdin": sys.stdin.read(),
    }))
    print("to stderr", file=sys.stderr)
    sys.exit(int(sys.argv[1]))
    """
)


def _fresh(script: Path, args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(script), *args], capture_output=True, text=True, cwd=cwd, env=env, stdin=subprocess.DEVNULL, timeout=60
    )


@pytest.mark.parametrize("status", [0, 3])
def test_a_script_sees_what_a_fresh_interpreter_gives_it(preloaded_scripts: PreloadedScripts, tmp_path: Path, status: int) -> None:
    script = tmp_path / "scripts" / "probe.py"
    script.parent.mkdir()
    script.write_text(PROBE, "utf-8")
    env = {**os.environ, "PROBE_SETTING": "from the caller"}
    args = [str(status), "--flag", "a value"]
    fresh = _fresh(script, args, tmp_path, env)
    forked = preloaded_scripts.run(script, args, cwd=tmp_path, env=env, timeout=60)
    assert (forked.returncode, forked.stderr) == (fresh.returncode, fresh.stderr) == (status, "to stderr\n")
    assert json.loads(forked.stdout) == json.loads(fresh.stdout)
    assert json.loads(forked.stdout)["probe"] == "from the caller"


def test_a_name_the_script_never_imported_is_a_name_error(preloaded_scripts: PreloadedScripts, tmp_path: Path) -> None:
    """The server has imported spaCy; a script that uses it without importing it still fails."""
    script = tmp_path / "forgot.py"
    script.write_text("print(spacy.__version__)\n", "utf-8")
    forked = preloaded_scripts.run(script, [], cwd=tmp_path, timeout=60)
    assert forked.returncode == 1
    assert "NameError: name 'spacy' is not defined" in forked.stderr


def test_an_uncaught_exception_is_status_1_with_its_traceback(preloaded_scripts: PreloadedScripts, tmp_path: Path) -> None:
    script = tmp_path / "fails.py"
    script.write_text("import atexit\natexit.register(print, 'cleaned up')\nraise ValueError('bad drop')\n", "utf-8")
    forked = preloaded_scripts.run(script, [], cwd=tmp_path, timeout=60)
    assert forked.returncode == 1
    assert forked.stderr.rstrip().endswith("ValueError: bad drop")
    assert forked.stdout == "cleaned up\n"  # its exit handlers ran, as at a normal interpreter exit
