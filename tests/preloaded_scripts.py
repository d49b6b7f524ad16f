"""Runs Python scripts (the benchmarks, for their smoke tests) as forks of one process that has
imported spaCy and the pipeline and loaded the default model already.

A benchmark script started as `python bench/X.py` spends about 2.5 s of CPU importing spaCy and
the pipeline and loading the model before it does what its smoke test checks; the suite runs a
dozen of them. Here one server process per test worker pays that once and forks a child per
run, as multiprocessing's fork server does: the child gets the script's own argv, working
folder, environment, standard streams (files the caller reads) and `sys.path[0]` (the script's
folder, as `python SCRIPT` sets it), runs the script as `__main__` and exits with its status.
What differs from a fresh interpreter is only what is in memory already: the modules the server
imported and the model it loaded (a script's own imports still run, and a name it never
imports is still a NameError).

    server:  python tests/preloaded_scripts.py      (JSON requests a line on stdin, replies on stdout)
    client:  PreloadedScripts().run(script, args, cwd=..., timeout=...) -> subprocess.CompletedProcess
             PreloadedScripts().bench("throughput.py", "--docs", "6")   (bench/SCRIPT, from the checkout)

The tests get one per worker from the `preloaded_scripts` fixture (tests/conftest.py).
"""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class PreloadedScripts:
    """The client: starts the server on first use, restarts it after a timeout."""

    def __init__(self) -> None:
        self._server: subprocess.Popen | None = None

    def run(self, script: Path, args: list[str], *, cwd: Path = ROOT, timeout: float = 600, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        server = self._started()
        with tempfile.TemporaryDirectory(prefix="preloaded-") as folder:
            out, err = Path(folder) / "stdout", Path(folder) / "stderr"
            request = {
                "script": str(script), "args": list(args), "cwd": str(cwd),
                "env": dict(os.environ if env is None else env), "stdout": str(out), "stderr": str(err),
            }  # fmt: skip
            assert server.stdin is not None and server.stdout is not None
            server.stdin.write(json.dumps(request) + "\n")
            server.stdin.flush()
            reply = read_line(server.stdout, timeout)
            if reply is None:
                self.close()
                raise subprocess.TimeoutExpired([str(script), *args], timeout)
            if not reply:
                code = server.wait()
                self._server = None
                raise RuntimeError(f"the preloaded script server ended (exit {code}) while running {script.name}")
            returncode = json.loads(reply)["returncode"]
            return subprocess.CompletedProcess(
                [str(script), *args], returncode, out.read_text("utf-8", "replace"), err.read_text("utf-8", "replace")
            )

    def bench(self, script: str, *args: str) -> subprocess.CompletedProcess:
        """bench/SCRIPT ARGS, run from the checkout's root, as `python bench/SCRIPT ARGS` would be."""
        return self.run(ROOT / "bench" / script, list(args), cwd=ROOT, timeout=600)

    def _started(self) -> subprocess.Popen:
        if self._server is None or self._server.poll() is not None:
            self._server = subprocess.Popen(
                [sys.executable, str(Path(__file__).resolve())],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT,
            )  # fmt: skip
        return self._server

    def close(self) -> None:
        if self._server is not None:
            self._server.kill()
            self._server.wait()
            self._server = None


def read_line(stream, timeout: float) -> str | None:
    """One line from a server, '' when it ended, None when `timeout` passed first."""
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        if not selector.select(timeout):
            return None
    return stream.readline()


# -- the server -------------------------------------------------------------------------------


def _preload() -> None:
    """What every benchmark script imports and loads before its own work."""
    import spacy  # noqa: F401

    import pipeline.ingest  # noqa: F401
    from pipeline.enrich.nlp import load_nlp
    from pipeline.settings import Settings

    load_nlp(Settings(_env_file=None).spacy_model)


def enter_child(cwd: str, env: dict[str, str], stdout: int, stderr: int) -> None:
    """In a forked child: the working folder, environment and standard streams that a fresh
    process started with them would have (stdin empty; `stdout` and `stderr`, open descriptors,
    become 1 and 2 and are closed)."""
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    stdin = os.open(os.devnull, os.O_RDONLY)
    for source, target in ((stdin, 0), (stdout, 1), (stderr, 2)):
        os.dup2(source, target)
    for source in {stdin, stdout, stderr}:
        os.close(source)
    # The server's stdin object holds read-ahead requests: the child gets an empty stdin.
    sys.stdin = open(0, closefd=False)


def _run_child(request: dict) -> None:
    """In the forked child: become `python SCRIPT ARGS` and never return."""
    import atexit
    import runpy
    import traceback

    code = 1
    try:
        stdout = os.open(request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        stderr = os.open(request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        enter_child(request["cwd"], request["env"], stdout, stderr)
        script = Path(request["script"]).resolve()
        sys.argv = [str(script), *request["args"]]
        # The library caches its settings per process: the script's environment must be read anew.
        from pipeline.settings import get_settings

        get_settings.cache_clear()
        sys.path[0] = str(script.parent)
        try:
            runpy.run_path(str(script), run_name="__main__")
            code = 0
        except SystemExit as ended:
            if ended.code is None or isinstance(ended.code, int):
                code = ended.code or 0
            else:  # sys.exit("message"), as the interpreter does: the message, status 1
                print(ended.code, file=sys.stderr)
                code = 1
        except BaseException:
            traceback.print_exc()
            code = 1
        atexit._run_exitfuncs()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def serve() -> None:
    _preload()
    requests, replies = sys.stdin, sys.stdout
    for line in requests:
        request = json.loads(line)
        child = os.fork()
        if child == 0:
            _run_child(request)
        _, status = os.waitpid(child, 0)
        returncode = os.waitstatus_to_exitcode(status)
        replies.write(json.dumps({"returncode": returncode}) + "\n")
        replies.flush()


if __name__ == "__main__":
    serve()
