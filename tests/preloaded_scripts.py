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

import contextlib
import json
import os
import selectors
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

ROOT = Path(__file__).resolve().parents[1]


class LineServer:
    """A server process, started on first use and again once it has ended (unless `once`), that
    takes a JSON request a line on its stdin and answers each with a JSON line on its stdout."""

    def __init__(
        self, script: Path, *, cwd: Path, env: dict[str, str] | None = None, stderr: Path | None = None, once: bool = False
    ) -> None:
        self.script, self.cwd, self.env, self.stderr, self.once = script, cwd, env, stderr, once
        self._process: subprocess.Popen | None = None
        self._started = False

    def ask(self, request: dict, timeout: float) -> str | None:
        """The server's answer line; '' when it ended first (it is started again on the next
        request, unless `once`: then that request is answered '' too), None when `timeout` passed
        first (it is stopped)."""
        if self._process is None or self._process.poll() is not None:
            if self.once and self._started:
                self.close()
                return ""
            self._started = True
            with open(self.stderr, "a") if self.stderr else contextlib.nullcontext() as stderr:
                self._process = subprocess.Popen(
                    [sys.executable, str(self.script)],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, text=True, cwd=self.cwd, env=self.env,
                )  # fmt: skip
        server = self._process
        assert server.stdin is not None and server.stdout is not None
        server.stdin.write(json.dumps(request) + "\n")
        server.stdin.flush()
        line = read_line(server.stdout, timeout)
        if not line:
            self.close()
        return line

    def close(self) -> int | None:
        """Stop the server; its exit status (None when none was running)."""
        if self._process is None:
            return None
        if self._process.poll() is None:
            self._process.kill()
        code = self._process.wait()
        self._process = None
        return code


class PreloadedScripts:
    """The client: starts the server on first use, restarts it after a timeout."""

    def __init__(self) -> None:
        self._server = LineServer(Path(__file__).resolve(), cwd=ROOT)

    def run(self, script: Path, args: list[str], *, cwd: Path = ROOT, timeout: float = 600, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        with tempfile.TemporaryDirectory(prefix="preloaded-") as folder:
            out, err = Path(folder) / "stdout", Path(folder) / "stderr"
            request = {
                "script": str(script), "args": list(args), "cwd": str(cwd),
                "env": dict(os.environ if env is None else env), "stdout": str(out), "stderr": str(err),
            }  # fmt: skip
            reply = self._server.ask(request, timeout)
            if reply is None:
                raise subprocess.TimeoutExpired([str(script), *args], timeout)
            if not reply:
                raise RuntimeError(f"the preloaded script server ended while running {script.name}")
            returncode = json.loads(reply)["returncode"]
            return subprocess.CompletedProcess(
                [str(script), *args], returncode, out.read_text("utf-8", "replace"), err.read_text("utf-8", "replace")
            )

    def bench(self, script: str, *args: str) -> subprocess.CompletedProcess:
        """bench/SCRIPT ARGS, run from the checkout's root, as `python bench/SCRIPT ARGS` would be."""
        return self.run(ROOT / "bench" / script, list(args), cwd=ROOT, timeout=600)

    def close(self) -> None:
        self._server.close()


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


def status_of(ended: SystemExit) -> int:
    """The exit status the interpreter makes of `sys.exit(code)`: None or an int is the status;
    anything else (a message) is printed to stderr and is status 1."""
    if ended.code is None or isinstance(ended.code, int):
        return ended.code or 0
    print(ended.code, file=sys.stderr)
    return 1


def run_and_exit(body: Callable[[], int]) -> NoReturn:
    """In a forked child: run `body` as the interpreter runs a program and exit with its status
    (an uncaught exception prints its traceback and is status 1; as at a normal interpreter exit,
    the threads it left running are waited for, then its exit handlers run and the streams are
    flushed)."""
    import atexit
    import threading
    import traceback

    code = 1
    try:
        try:
            code = body()
        except SystemExit as ended:
            code = status_of(ended)
        except BaseException:
            traceback.print_exc()
            code = 1
        threading._shutdown()  # what the interpreter's finalization calls first
        atexit._run_exitfuncs()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _run_child(request: dict) -> NoReturn:
    """In the forked child: become `python SCRIPT ARGS` and never return."""
    import runpy

    def script() -> int:
        stdout = os.open(request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        stderr = os.open(request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        enter_child(request["cwd"], request["env"], stdout, stderr)
        path = Path(request["script"]).resolve()
        sys.argv = [str(path), *request["args"]]
        # The library caches its settings per process: the script's environment must be read anew.
        from pipeline.settings import get_settings

        get_settings.cache_clear()
        sys.path[0] = str(path.parent)
        runpy.run_path(str(path), run_name="__main__")
        return 0

    run_and_exit(script)


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
