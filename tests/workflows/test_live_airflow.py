"""Real Airflow processes (scheduler, triggerer, dag-processor, api-server) against moto:
drop a file into the inbox bucket and wait until it is searchable. The proof that the event
path works outside dag.test()."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pipeline.search import SearchQuery
from pipeline.store.tantivy import TantivyStore
from workflows.support import AIRFLOW, ROOT, AwsOnLoopback, install_test_policy

sys.path.insert(0, str(ROOT / "dags"))
from dropwire_policy import pool_command  # noqa: E402

HEALTHY = ("metadatabase", "scheduler", "triggerer", "dag_processor")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.5)
    pytest.fail(f"timed out after {seconds:.0f}s waiting for {what}")


def health(port: int) -> dict | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/monitor/health", timeout=2) as response:
            report = json.loads(response.read())
    except OSError:
        return None
    return report if all(report.get(part, {}).get("status") == "healthy" for part in HEALTHY) else None


def searchable(index: Path, actor: str) -> bool:
    if not index.exists():
        return False
    store = TantivyStore(index)
    try:
        return store.search(SearchQuery(actors=[actor], limit=0)).total > 0
    finally:
        store.close()


def test_a_drop_in_the_bucket_becomes_searchable_through_real_airflow(
    aws: AwsOnLoopback, migrated_airflow_db: Path, tmp_path: Path
) -> None:
    port = free_port()
    data = tmp_path / "data"
    env = {
        **os.environ,
        **aws.connection_env(),
        "PATH": f"{AIRFLOW.parent}{os.pathsep}{os.environ['PATH']}",  # standalone starts `airflow` children
        "AIRFLOW_HOME": str(tmp_path / "airflow"),
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__PARALLELISM": "4",
        # Only the ingest DAG runs (unpaused below): the backfill's scheduled run would take an
        # executor slot, the inbox's drop and a model load beside the event path under test.
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True",
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
        "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
        # Each DAG file is parsed when the dag-processor finds it and again when asked (the
        # unpause below asks), not every 30 s as well: the files do not change during the test,
        # and each parse is a process of its own.
        "AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL": "600",
        "DROPWIRE_DATA_DIR": str(data),
        # A task that fails for a passing reason (the api-server slow to answer its first call on
        # a busy machine) is tried again after 2 s, not the DAGs' 30 (workflows/airflow_config).
        "DROPWIRE_TEST_RETRY_DELAY_SECONDS": "2",
    }
    env.pop("DROPWIRE_INBOX_DIR", None)
    # The run's migrated metadata DB (see conftest). The archive pool, which the ingest tasks run
    # in, is made while the components start: it must exist before the ingest DAG is unpaused.
    (tmp_path / "airflow").mkdir()
    database = tmp_path / "airflow" / "airflow.db"
    shutil.copyfile(migrated_airflow_db, database)
    install_test_policy(tmp_path / "airflow")
    log_path = tmp_path / "standalone.log"
    with log_path.open("w") as log:
        airflow = subprocess.Popen(
            [str(AIRFLOW), "standalone"], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    pool = subprocess.Popen([str(AIRFLOW), *pool_command()[1:]], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        started = time.monotonic()
        pool_output = pool.communicate(timeout=300)[0].decode(errors="replace")
        assert pool.returncode == 0, pool_output[-3000:]
        wait_until(lambda: health(port), 240, "Airflow to report every component healthy")
        print(f"\nairflow standalone healthy after {time.monotonic() - started:.1f}s")
        wait_until(lambda: _unpaused(database, "dropwire_ingest"), 180, "the ingest DAG to be parsed and unpaused")
        # The watcher exists once the DAG is parsed and the triggerer has picked it up: wait for
        # the trigger to consume the s3:TestEvent that setting up notifications sent, and for that
        # event's run, which exists only once the poll that took the TestEvent has ended: a drop
        # uploaded while that poll still ran was seen to wait out the queue's visibility timeout
        # (30 s) before the re-armed watcher took it.
        wait_until(lambda: _queue_is_empty(aws) and _runs(database, "dropwire_ingest"), 120, "the S3 watcher to take the test event")
        print(f"watcher armed after {time.monotonic() - started:.1f}s")

        dropped = time.monotonic()
        aws.s3.put_object(
            Bucket=aws.bucket,
            Key="drops/hanoi summit.txt",
            Body=b"Hanoi summit\nKim Jong Un met Donald Trump in Hanoi for talks on nuclear weapons.\n",
        )
        wait_until(lambda: searchable(data / "index", "Kim Jong Un"), 120, "the drop to be searchable")
        elapsed = time.monotonic() - dropped
        print(f"drop-to-searchable through real Airflow: {elapsed:.1f}s")
        wait_until(lambda: "processed/drops/hanoi summit.txt" in aws.keys(), 30, "the original to move to processed/")
    except BaseException:
        print(log_path.read_text()[-6000:])
        raise
    finally:
        if pool.poll() is None:
            pool.kill()
            pool.wait()
        os.killpg(airflow.pid, signal.SIGTERM)
        try:
            airflow.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(airflow.pid, signal.SIGKILL)
            airflow.wait()


def _unpaused(database: Path, dag_id: str) -> bool:
    """Unpause the DAG once the dag-processor has stored it, as `airflow dags unpause` does but
    without a CLI process's Airflow import, and ask for its file to be parsed again now: its S3
    watcher is registered by a parse while it is unpaused (as the API's "reparse" does)."""
    db = sqlite3.connect(database, timeout=60)
    try:
        with db:  # one transaction, committed on leaving
            if not db.execute("select 1 from dag where dag_id = ?", (dag_id,)).fetchone():
                return False
            db.execute("update dag set is_paused = 0 where dag_id = ?", (dag_id,))
            relative = f"{dag_id}.py"
            db.execute(
                "insert or ignore into dag_priority_parsing_request (id, bundle_name, relative_fileloc) values (?, ?, ?)",
                (hashlib.md5(f"dags-folder:{relative}".encode()).hexdigest(), "dags-folder", relative),
            )
        return True
    finally:
        db.close()


def _runs(database: Path, dag_id: str) -> int:
    db = sqlite3.connect(database, timeout=60)
    try:
        return db.execute("select count(*) from dag_run where dag_id = ?", (dag_id,)).fetchone()[0]
    finally:
        db.close()


def _queue_is_empty(aws: AwsOnLoopback) -> bool:
    attributes = aws.sqs.get_queue_attributes(
        QueueUrl=aws.queue_url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    )["Attributes"]
    return attributes["ApproximateNumberOfMessages"] == "0" and attributes["ApproximateNumberOfMessagesNotVisible"] == "0"
