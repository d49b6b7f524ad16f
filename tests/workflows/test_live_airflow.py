"""Real Airflow processes (scheduler, triggerer, dag-processor, api-server, Celery workers)
against moto: drop a file into the inbox bucket and wait until it is searchable. The proof that
the event path works outside dag.test(), and that `airflow pools set` as the DAGs' policy
spells it (dropwire_policy.pool_command, what the Compose stack's airflow-init runs) makes the
pool their tasks run in.

It runs on the stack the Celery scale-out test runs on (tests/workflows/conftest.py's
`airflow_stack`, after that test): a second Airflow deployment would start about ten more
Airflow processes, most of what such a test costs, to show what this one stack shows. The
stack's Airflow processes are forks of one process that has imported Airflow
(workflows/preloaded_airflow.py); the last test checks that such a fork is what the `airflow`
executable would have started.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.search import SearchQuery
from workflows.celery_stack import AIRFLOW, INBOX_PREFIX, SharedStack, wait_until
from workflows.support import ROOT

sys.path.insert(0, str(ROOT / "dags"))
from dropwire_policy import ARCHIVE_POOL, ARCHIVE_POOL_SLOTS  # noqa: E402

KEY = f"{INBOX_PREFIX}drops/hanoi summit.txt"
TEXT = b"Hanoi summit\nKim Jong Un met Donald Trump in Hanoi for talks on nuclear weapons.\n"


def test_a_drop_in_the_bucket_becomes_searchable_through_real_airflow(airflow_stack: SharedStack) -> None:
    stack, s3, bucket = airflow_stack.stack, airflow_stack.s3, airflow_stack.bucket
    # The pool was made by the CLI command, not by the test: its slots are the policy's.
    assert stack.pool_output is not None, "the stack's pool was not made by `airflow pools set`"
    assert stack.query("select slots from slot_pool where pool = %s", ARCHIVE_POOL) == [(ARCHIVE_POOL_SLOTS,)]
    store = airflow_stack.cluster.store()
    try:
        wait_until(stack.health, 240, "Airflow to report every component healthy")
        dropped = time.monotonic()
        s3.put_object(Bucket=bucket, Key=KEY, Body=TEXT)
        wait_until(lambda: _searchable(store, "Kim Jong Un"), 120, "the drop to be searchable")
        print(f"\ndrop-to-searchable through real Airflow: {time.monotonic() - dropped:.1f}s")
        wait_until(lambda: _exists(s3, bucket, f"processed/{KEY}"), 30, "the original to move to processed/")
    except BaseException:
        print(stack.logs_tail())
        raise
    finally:
        store.close()


def _searchable(store, actor: str) -> bool:
    """A document names the actor (an archive not made yet names none)."""
    return store.count() > 0 and store.search(SearchQuery(actors=[actor], limit=0)).total > 0


def _exists(s3, bucket: str, key: str) -> bool:
    return any(item["Key"] == key for item in s3.list_objects_v2(Bucket=bucket, Prefix=key).get("Contents", []))


# A log line (a warning Airflow logs while it is imported): in a fresh process it is printed
# there, in a fork it was printed by the server that imported Airflow.
_LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\S* \[")


def _report(output: str) -> list[str]:
    return [line.rstrip() for line in output.splitlines() if line.strip() and not _LOG_LINE.match(line)]


def test_the_stacks_airflow_processes_are_what_the_airflow_executable_starts(airflow_stack: SharedStack, tmp_path: Path) -> None:
    stack = airflow_stack.stack
    for name, process in stack.processes.items():
        assert process.poll() is None, f"the stack's {name} has ended"
        assert os.getsid(process.pid) == process.pid, f"the stack's {name} is not in a session of its own"
    # `airflow info` prints Airflow's settings, the PATH and sys.path it runs with, its providers
    # and the tools it finds on that PATH: a command's own environment must reach the fork as it
    # reaches a fresh process. Here a PATH of its own, this folder and Airflow's (each tool found
    # would be run twice, gcloud's own Python included, to print its version).
    env = {**stack.env, "PATH": os.pathsep.join([str(tmp_path), str(AIRFLOW.parent)])}
    fresh = subprocess.run(
        [str(AIRFLOW), "info"], env=env, cwd=stack.workdir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120
    )
    forked = stack.forks.spawn([["info"]], log=tmp_path / "info.log", env=env)
    assert forked.wait(timeout=120) == fresh.returncode == 0, fresh.stdout[-3000:]
    report = _report((tmp_path / "info.log").read_text())
    assert report == _report(fresh.stdout)
    assert any(line.startswith("system_path") and str(tmp_path) in line for line in report)

    # Commands run one after the other, as `airflow A && airflow B`: a usage error ends the
    # sequence with argparse's status 2, and the command after it does not run.
    sequence = stack.forks.spawn([["version"], ["no-such-command"], ["version"]], log=tmp_path / "sequence.log")
    assert sequence.wait(timeout=120) == 2
    assert (tmp_path / "sequence.log").read_text().count("$ airflow version") == 1

    # A process the server did not start has no status there (not "still running").
    with pytest.raises(RuntimeError, match="no child of this server"):
        stack.forks.status(os.getpid())

    # Airflow reads its settings when it is imported: a command asking for others is refused.
    with pytest.raises(RuntimeError, match="AIRFLOW__CORE__PARALLELISM"):
        stack.forks.spawn([["version"]], log=tmp_path / "refused.log", env={**stack.env, "AIRFLOW__CORE__PARALLELISM": "3"})
