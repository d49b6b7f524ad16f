"""Starts the test stack's Airflow processes (its airflow-init commands, the api-server, the
scheduler, the dag-processor, the triggerer and the Celery workers) as forks of one process that
has imported Airflow already.

Each `airflow` process spends about 3 s of CPU importing Airflow and its command's modules and
reading its configuration before it does anything, and the stack starts eight of them (the
scale-out test's restart of a killed worker is one). Here one server process per stack pays that
once, with the stack's environment, and forks a child per command line, as Celery's prefork
pool and Airflow's own task supervisor fork theirs: the child starts a session of its own (as
`Popen(start_new_session=True)` does), gets its working folder, its environment, an empty stdin
and its log file as stdout and stderr, and runs its commands one after another through
Airflow's own entry point (`airflow.__main__.main`, what the `airflow` executable calls), the
first that fails ending it with its status, as the Compose stack's airflow-init runs `airflow db
migrate && airflow pools set ...`. What differs from a fresh `airflow` process: what is in
memory already (Airflow and the modules below, imported with the server's environment, and the
server's own module as `__main__`), its parent (the server), and `sys.argv[0]` ("airflow", the
name and not the executable's path). Airflow reads its configuration when it is imported, so a
child's environment must agree with the server's on every AIRFLOW_ variable: the server refuses
a command whose environment does not (a Celery worker's own folder and name are DROPWIRE_
variables, read when they are used). The server is not started again once it has ended: its
children's exit statuses went with it.

    server:  python tests/workflows/preloaded_airflow.py   (JSON requests a line on stdin, replies on stdout)
    client:  AirflowForks(env, cwd).spawn([["celery", "worker", ...]], log=PATH, env=...) -> ForkedProcess
"""

from __future__ import annotations

import importlib
import json
import os
import selectors
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NoReturn

# tests/ is on the path of the suite and on the stack's PYTHONPATH (celery_stack.CeleryStack.env).
from preloaded_scripts import LineServer, enter_child, run_and_exit, status_of

# The folder of the `airflow` executable: `sys.path[0]` of a process started as `airflow ...`.
AIRFLOW_BIN = Path(sys.executable).parent

# Imported by the server before it forks, beside Airflow itself: the modules of the commands the
# stack runs (each component's job runner, the execution API's app, the Celery executor and its
# CLI). Of Dropwire's, only the Celery settings (pipeline.airflow_celery, a dict) that Airflow's
# Celery app reads when it is imported: a Celery worker imports the pipeline and loads the model
# itself, at its own start, with its own environment.
PRELOAD = (
    "airflow.__main__",
    "airflow.cli.cli_parser",
    "airflow.jobs.scheduler_job_runner",
    "airflow.jobs.triggerer_job_runner",
    "airflow.dag_processing.manager",
    "airflow.api_fastapi.execution_api.app",
    "airflow.providers.celery.executors.celery_executor",
    "airflow.providers.celery.cli.celery_command",
)
# How often the server reaps its ended children while no request comes.
_REAP_SECONDS = 0.2


def airflow_settings(env: Mapping[str, str]) -> dict[str, str]:
    """The variables Airflow reads when it is imported: its configuration and its home."""
    return {name: value for name, value in env.items() if name.startswith("AIRFLOW")}


class ForkedProcess:
    """A child of the server, handled as a `subprocess.Popen`: pid (its process group's too),
    poll, wait, returncode (minus the signal's number when a signal ended it)."""

    def __init__(self, pid: int, forks: AirflowForks, args: list[list[str]]) -> None:
        self.pid = pid
        self.args = args
        self.returncode: int | None = None
        self._forks = forks

    def poll(self) -> int | None:
        if self.returncode is None:
            self.returncode = self._forks.status(self.pid)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() >= deadline:
                raise subprocess.TimeoutExpired(["airflow", *self.args[0]], timeout or 0)
            time.sleep(0.1)
        assert self.returncode is not None
        return self.returncode


class AirflowForks:
    """The client: starts the server (with `env`, in `cwd`) on first use."""

    def __init__(self, env: Mapping[str, str], cwd: Path, *, log: Path, timeout: float = 120) -> None:
        self.env = dict(env)
        self.cwd = cwd
        self.log = log  # the server's own stderr: its imports' warnings, a refused request
        self.timeout = timeout
        self._server = LineServer(Path(__file__).resolve(), cwd=cwd, env=self.env, stderr=log, once=True)
        self._lock = threading.Lock()

    def spawn(self, commands: Sequence[Sequence[str]], *, log: Path, env: Mapping[str, str] | None = None) -> ForkedProcess:
        """Run `airflow C` for each command line C in a new child, its output appended to `log`."""
        env = dict(self.env if env is None else env)
        reply = self._ask({"op": "spawn", "commands": [list(c) for c in commands], "env": env, "cwd": str(self.cwd), "log": str(log)})
        return ForkedProcess(reply["pid"], self, [list(c) for c in commands])

    def status(self, pid: int) -> int | None:
        """A child's exit status once it has ended, else None."""
        return self._ask({"op": "status", "pid": pid})["returncode"]

    def _ask(self, request: dict) -> dict:
        with self._lock:
            line = self._server.ask(request, self.timeout)
        if not line:
            raise RuntimeError(
                f"the preloaded Airflow server {'ended' if line == '' else 'did not answer'} "
                f"({request['op']}); its log, {self.log}:\n{_tail(self.log)}"
            )
        reply = json.loads(line)
        if "error" in reply:
            raise RuntimeError(f"the preloaded Airflow server refused {request['op']}: {reply['error']}")
        return reply

    def close(self) -> None:
        """Stop the server (its children, in sessions of their own, are the caller's to stop)."""
        self._server.close()


def _tail(path: Path, chars: int = 3000) -> str:
    return path.read_text(errors="replace")[-chars:] if path.exists() else "(no log)"


# -- the server -------------------------------------------------------------------------------


def _run_child(request: dict, started: int, channels: tuple[int, ...]) -> NoReturn:
    """In the forked child: become `airflow C` for each command line C, and never return.
    `started` is closed once the child leads a session of its own (the server answers the spawn
    then, so a signal to the child's process group finds it)."""

    def commands() -> int:
        os.setsid()
        os.close(started)
        for channel in channels:  # the server's requests, replies and selector are none of the child's
            os.close(channel)
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        enter_child(request["cwd"], request["env"], log, log)
        sys.path[0] = str(AIRFLOW_BIN)
        return _run_commands(request["commands"])

    run_and_exit(commands)


def _run_commands(commands: list[list[str]]) -> int:
    """`airflow C` for each C, as a shell runs `airflow A && airflow B`: the status of the last
    one run. More than one command: each is announced on stdout (`$ airflow C`) before it runs."""
    from setproctitle import setproctitle

    from airflow.__main__ import main as airflow_main

    for command in commands:
        setproctitle(" ".join([sys.executable, str(AIRFLOW_BIN / "airflow"), *command]))
        if len(commands) > 1:
            print(f"$ airflow {' '.join(command)}", flush=True)
        sys.argv = ["airflow", *command]
        try:
            airflow_main()  # the executable: sys.exit(main()), and main() returns None
            code = 0
        except SystemExit as ended:
            code = status_of(ended)
        sys.stdout.flush()
        if code != 0:
            return code
    return 0


def _refusal(request: dict) -> str | None:
    own, asked = airflow_settings(os.environ), airflow_settings(request["env"])
    if own != asked:
        differing = sorted(name for name in own.keys() | asked.keys() if own.get(name) != asked.get(name))
        return (
            f"the command's Airflow settings differ from the ones this server imported Airflow with "
            f"({', '.join(differing)}): start a server with that environment"
        )
    return None


def serve() -> None:
    # Requests and replies move to descriptors of their own, first: whatever Airflow or a library
    # prints in the server (a warning while it is imported) goes to its stderr, never into a reply.
    requests = os.fdopen(os.dup(0), "r")
    replies = os.fdopen(os.dup(1), "w")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)
    for module in PRELOAD:
        importlib.import_module(module)
    # setproctitle (Airflow's and Celery's process titles) takes over the memory of argv and the
    # environment when first used: here, before a child replaces its environment and the titles
    # would no longer fit. Each child then shows its own command line, as a fresh `airflow` does.
    import setproctitle

    setproctitle.setproctitle(setproctitle.getproctitle())
    ended: dict[int, int] = {}
    children: set[int] = set()

    def reap() -> None:
        for pid in list(children):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                children.discard(pid)
                ended[pid] = os.waitstatus_to_exitcode(status)

    with selectors.DefaultSelector() as selector:
        selector.register(requests, selectors.EVENT_READ)
        while True:
            reap()
            if not selector.select(_REAP_SECONDS):
                continue
            line = requests.readline()
            if not line:
                return
            request = json.loads(line)
            if request["op"] == "status":
                reap()
                pid = request["pid"]
                if pid in children or pid in ended:
                    reply: dict = {"returncode": ended.get(pid)}
                else:
                    reply = {"error": f"process {pid} is no child of this server"}
            elif (refusal := _refusal(request)) is not None:
                reply = {"error": refusal}
            else:
                sys.stdout.flush()
                sys.stderr.flush()
                started, started_in_child = os.pipe()
                child = os.fork()
                if child == 0:
                    os.close(started)
                    _run_child(request, started_in_child, (requests.fileno(), replies.fileno(), selector.fileno()))
                os.close(started_in_child)
                os.read(started, 1)  # b"": the child has closed its end, after setsid
                os.close(started)
                ended.pop(child, None)  # a pid used again: its earlier child's status is not this one's
                children.add(child)
                reply = {"pid": child}
            replies.write(json.dumps(reply) + "\n")
            replies.flush()


if __name__ == "__main__":
    serve()
