"""Helpers for the Airflow tests: the harness runner and the loopback AWS handle."""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HARNESS = Path(__file__).with_name("harness.py")
AIRFLOW = Path(sys.executable).with_name("airflow")
TEST_POLICY = Path(__file__).with_name("airflow_config") / "airflow_local_settings.py"


def install_test_policy(airflow_home: Path) -> None:
    """Put the tests' cluster policy (airflow_config/airflow_local_settings.py: a short retry
    delay where DROPWIRE_TEST_RETRY_DELAY_SECONDS asks for one) where Airflow at `airflow_home`
    loads it."""
    config = airflow_home / "config"
    config.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(TEST_POLICY, config / TEST_POLICY.name)


class Harness:
    """A harness process (`harness.py serve`) that runs command after command: Airflow's import,
    the metadata DB and the NLP model are paid for once, not once per command. Each call sends
    the whole environment the command runs in. A command that fails or hangs fails the test with
    the process's log since the call; a process that died or hung is replaced at the next call.
    `fresh=True` runs the command in a process that has run no command before (started anew if
    this one has), for what must see a clean process: the modules the DAG files import."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.env = env
        self.log_path = log_path
        self._process: subprocess.Popen | None = None
        self._replies: int | None = None
        self._buffer = b""
        self._lock = threading.Lock()
        self._commands = 0  # run by the current process

    def run(self, env: dict[str, str], *args: str, timeout: float = 300, fresh: bool = False) -> dict[str, Any]:
        with self._lock:
            if fresh and self._commands:
                self.close()
            process = self._started()
            self._commands += 1
            offset = self.log_path.stat().st_size
            process.stdin.write(json.dumps({"env": env, "args": list(args)}).encode() + b"\n")
            process.stdin.flush()
            line = self._reply(timeout)
            if line is None:
                self.close()
                raise AssertionError(f"harness {args[0]} gave no answer in {timeout:.0f}s (process ended or hung):\n{self._log(offset)}")
            reply = json.loads(line)
            if "error" in reply:
                raise AssertionError(f"harness {args[0]} failed:\n{reply['error']}\n--- its log:\n{self._log(offset)}")
            return reply["result"]

    def _started(self) -> subprocess.Popen:
        if self._process is not None and self._process.poll() is None:
            return self._process
        self.close()
        read_end, write_end = os.pipe()
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(
                [sys.executable, str(HARNESS), "serve", str(write_end)],
                env=self.env, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, pass_fds=[write_end],
            )  # fmt: skip
        os.close(write_end)  # the reply pipe then ends (EOF) when the process does
        self._replies, self._buffer, self._commands = read_end, b"", 0
        return self._process

    def _reply(self, timeout: float) -> str | None:
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self._replies], [], [], remaining)[0]:
                return None
            chunk = os.read(self._replies, 65536)
            if not chunk:
                return None
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode()

    def _log(self, offset: int) -> str:
        with self.log_path.open("rb") as log:
            log.seek(offset)
            return log.read().decode(errors="replace")[-6000:]

    def close(self) -> None:
        if self._process is not None:
            self._process.stdin.close()
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None
        if self._replies is not None:
            os.close(self._replies)
            self._replies = None


@dataclass
class AwsOnLoopback:
    """moto in server mode: S3 with real bucket notifications into SQS."""

    endpoint: str
    bucket: str
    queue_url: str
    s3: Any
    sqs: Any

    def connection_env(self, conn_id: str = "dropwire_aws") -> dict[str, str]:
        connection = {
            "conn_type": "aws",
            "login": "testing",
            "password": "testing",
            "extra": {"endpoint_url": self.endpoint, "region_name": "us-east-1"},
        }
        return {
            f"AIRFLOW_CONN_{conn_id.upper()}": json.dumps(connection),
            "DROPWIRE_AWS_CONN_ID": conn_id,
            "DROPWIRE_SQS_QUEUE_URL": self.queue_url,
            "DROPWIRE_S3_INBOX": f"s3://{self.bucket}/",
            "DROPWIRE_S3_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
        }

    def keys(self) -> list[str]:
        return sorted(item["Key"] for item in self.s3.list_objects_v2(Bucket=self.bucket).get("Contents", []))
