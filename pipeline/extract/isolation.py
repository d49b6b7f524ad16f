"""Risky parsers run in a worker process that a drop's time limit really kills.

One long-lived worker per process (started on first need, about half a second once) reads
requests from a pipe; each drop costs a round trip, not a process start. When a drop
overruns its seconds, the worker is killed (SIGKILL: a parser stuck in C code ignores
anything softer), the drop is quarantined as `timed_out`, and the next drop starts a fresh
worker. A worker that dies (a parser crash) costs its drop alone, as `malformed_file`.

`subprocess` rather than `multiprocessing`: it works in daemonic processes (Celery, our
own enrichment pool) and never forks a parent that holds threads.
"""

from __future__ import annotations

import atexit
import os
import pickle
import select
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import BinaryIO

from pipeline.errors import ConfigurationError, DropError, RejectionReason
from pipeline.extract.records import ExtractLimits, ExtractResult, LimitExceeded

_HEADER = struct.Struct("!Q")
READY = "ready"
# Importing the parsers takes about half a second; a loaded machine may take much longer.
_START_SECONDS = 120.0
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


def write_frame(stream: BinaryIO, value: object) -> None:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(payload)) + payload)
    stream.flush()


def _read_exact(stream: BinaryIO, size: int) -> bytes:
    chunks: list[bytes] = []
    while size:
        chunk = stream.read(size)
        if not chunk:
            raise EOFError("the extraction worker closed its pipe")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def read_frame(stream: BinaryIO) -> object:
    (size,) = _HEADER.unpack(_read_exact(stream, _HEADER.size))
    return pickle.loads(_read_exact(stream, size))  # noqa: S301 - our own worker, over our own pipe


class ExtractionWorker:
    """A worker process for binary formats, replaced whenever a drop kills it."""

    def __init__(self, module: str = "pipeline.extract.worker") -> None:
        self._module = module  # tests swap in a worker that hangs
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    def run(self, name: str, content: bytes, limits: ExtractLimits) -> list[ExtractResult]:
        """The drop's results, read in the worker within `limits.seconds`; raises DropError."""
        with self._lock:
            process = self._started()
            assert process.stdin is not None and process.stdout is not None
            started = time.monotonic()
            try:
                write_frame(process.stdin, (name, content, limits))
            except (BrokenPipeError, OSError):
                self._stop()
                raise DropError(RejectionReason.MALFORMED_FILE, "the extraction worker died before reading the drop") from None
            remaining = limits.seconds - (time.monotonic() - started)
            ready, _, _ = select.select([process.stdout], [], [], max(remaining, 0.0))
            if not ready:
                self._stop()
                raise LimitExceeded(
                    RejectionReason.TIMED_OUT,
                    f"reading the drop took longer than {limits.seconds:g} s, the limit; the parser was stopped",
                )
            try:
                outcome = read_frame(process.stdout)
            except (EOFError, pickle.UnpicklingError, struct.error):
                code = self._stop()
                raise DropError(
                    RejectionReason.MALFORMED_FILE, f"the parser crashed on the drop (worker exit code {code})"
                ) from None
        if isinstance(outcome, DropError):
            raise outcome
        assert isinstance(outcome, list)
        return outcome

    def _started(self) -> subprocess.Popen[bytes]:
        """The running worker, or a new one that has said it is ready. A worker that cannot
        start (a parser library missing, say) is Dropwire's problem, not the drop's: it stops the run."""
        if self._process is not None and self._process.poll() is None:
            return self._process
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (_PACKAGE_ROOT, env.get("PYTHONPATH"))))
        process = subprocess.Popen(
            [sys.executable, "-m", self._module], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
        )
        self._process = process
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], _START_SECONDS)
        try:
            greeting = read_frame(process.stdout) if ready else None
        except (EOFError, pickle.UnpicklingError, struct.error):
            greeting = None
        if greeting != READY:
            code = self._stop()
            raise ConfigurationError(
                f"the extraction worker process did not start (exit code {code}); its error is above, on stderr"
            )
        return process

    def _stop(self) -> int | None:
        process, self._process = self._process, None
        if process is None:
            return None
        if process.poll() is None:
            process.kill()
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()
        return process.wait()

    def close(self) -> None:
        with self._lock:
            self._stop()


_worker = ExtractionWorker()
atexit.register(_worker.close)


def run_isolated(name: str, content: bytes, limits: ExtractLimits) -> list[ExtractResult]:
    return _worker.run(name, content, limits)
