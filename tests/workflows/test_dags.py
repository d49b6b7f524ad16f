"""The DAGs: they import cleanly, have the expected shape, and run with dag.test()."""

from __future__ import annotations

import json
import sqlite3
import sys
import threading
import time
from pathlib import Path

from pipeline.search import SearchQuery
from pipeline.store.tantivy import TantivyStore
from workflows.support import ROOT, AwsOnLoopback, Harness

sys.path.insert(0, str(ROOT / "dags"))
from dropwire_policy import ARCHIVE_POOL, ARCHIVE_POOL_SLOTS  # noqa: E402

KIM = "Hanoi summit\nKim Jong Un met Donald Trump in Hanoi for talks on nuclear weapons.\n"
MERKEL = "Berlin\nAngela Merkel spoke in Berlin about energy prices.\n"


def test_the_dags_import_cleanly_with_the_expected_shape(airflow_home: dict[str, str], harness: Harness, tmp_path: Path) -> None:
    bare = harness.run(airflow_home, "dagbag", fresh=True)  # what the DAG files import shows
    assert bare["errors"] == {}
    dags = bare["dags"]
    assert set(dags) == {"dropwire_ingest", "dropwire_backfill", "dropwire_reindex"}
    assert dags["dropwire_ingest"]["tasks"] == ["ingest_batch", "plan_batches"]
    assert dags["dropwire_ingest"]["timetable"] == "AssetTriggeredTimetable"
    assert dags["dropwire_ingest"]["watchers"] == []  # nothing configured, nothing watched
    assert dags["dropwire_backfill"]["timetable"] == "CronTriggerTimetable"
    assert set(dags["dropwire_backfill"]["params"]) == {"source", "since", "until", "reenrich", "reprocess"}
    assert dags["dropwire_backfill"]["max_active_runs"] == 1
    assert dags["dropwire_reindex"]["timetable"] == "NullTimetable"
    assert all(not dag["catchup"] for dag in dags.values())
    # Writers retry with backoff (each mapped batch on its own) and share the archive pool;
    # the reindex takes all of it, so it never runs beside them.
    for dag_id, task_id in (("dropwire_ingest", "ingest_batch"), ("dropwire_ingest", "plan_batches"), ("dropwire_backfill", "backfill")):
        options = dags[dag_id]["task_options"][task_id]
        # Airflow 3 multiplies the delay by this at each try: 1 (what `True` reads as) is no backoff.
        assert options["retries"] >= 3 and options["retry_exponential_backoff"] >= 2, f"{task_id} does not retry with backoff"
    for dag_id, task_id in (("dropwire_ingest", "ingest_batch"), ("dropwire_backfill", "backfill")):
        assert dags[dag_id]["task_options"][task_id]["pool"] == ARCHIVE_POOL
        assert dags[dag_id]["task_options"][task_id]["pool_slots"] == 1
    reindex = dags["dropwire_reindex"]["task_options"]["reindex"]
    assert (reindex["pool"], reindex["pool_slots"]) == (ARCHIVE_POOL, ARCHIVE_POOL_SLOTS)
    # A scheduled backfill has a day-long data interval to cover (a bare cron would have none).
    assert dags["dropwire_backfill"]["data_interval_seconds"] == 86400.0
    assert bare["heavy_modules"] == [], "DAG files must not import the NLP stack at parse time"

    configured = harness.run(
        {
            **airflow_home,
            "DROPWIRE_SQS_QUEUE_URL": "http://127.0.0.1:1/123456789012/inbox",
            "DROPWIRE_INBOX_DIR": str(tmp_path),
            "DROPWIRE_BACKFILL_SCHEDULE": "0 3 * * *",
        },
        "dagbag",
    )
    watchers = {watcher["name"]: watcher for watcher in configured["dags"]["dropwire_ingest"]["watchers"]}
    assert watchers["dropwire_s3_inbox"]["trigger"] == "MessageQueueTrigger"
    s3_trigger = watchers["dropwire_s3_inbox"]["kwargs"]
    assert s3_trigger["sqs_queue"] == "http://127.0.0.1:1/123456789012/inbox"
    assert s3_trigger["waiter_delay"] == 1, "an idle queue is polled every second, not every minute"
    assert watchers["dropwire_local_inbox"]["trigger"] == "LocalFolderTrigger"
    assert watchers["dropwire_local_inbox"]["kwargs"]["directory"] == str(tmp_path)
    assert configured["dags"]["dropwire_backfill"]["schedule"] == "0 3 * * *"


def test_ingest_dag_runs_on_folder_events(airflow_home: dict[str, str], harness: Harness, tmp_path: Path) -> None:
    inbox, data = tmp_path / "inbox", tmp_path / "data"
    inbox.mkdir()
    (inbox / "kim.txt").write_text(KIM)
    (inbox / "bad.json").write_text("{")
    env = {**airflow_home, "DROPWIRE_DATA_DIR": str(data), "DROPWIRE_INBOX_DIR": str(inbox)}
    payload = harness.run(env, "trigger-folder")
    assert sorted(Path(p).name for p in payload["paths"]) == ["bad.json", "kim.txt"]

    result = harness.run(env, "test", "dropwire_ingest", json.dumps({"payloads": [payload]}))
    assert result["state"] == "success"
    [batch] = result["results"]["ingest_batch"]
    [local] = batch["local"]
    assert (local["indexed"], local["quarantined"]) == (1, 1)
    assert (inbox / "processed" / "kim.txt").exists()
    assert (inbox / "quarantine" / "bad.json.rejection.json").exists()
    store = TantivyStore(data / "index")
    assert store.search(SearchQuery(actors=["Kim Jong Un"])).total == 1
    store.close()


def test_s3_notifications_through_sqs_reach_the_archive(airflow_home: dict[str, str], harness: Harness, aws: AwsOnLoopback, tmp_path: Path) -> None:
    """moto delivers real ObjectCreated notifications to SQS; the DAG's own watcher trigger
    reads them and dag.test() runs the DAG on its payload."""
    data = tmp_path / "data"
    env = {**airflow_home, **aws.connection_env(), "DROPWIRE_DATA_DIR": str(data)}
    aws.s3.put_object(Bucket=aws.bucket, Key="docs/c d.txt", Body=KIM.encode())
    aws.s3.put_object(Bucket=aws.bucket, Key="merkel.md", Body=f"---\ntitle: Berlin\n---\n{MERKEL}".encode())
    aws.s3.put_object(Bucket=aws.bucket, Key="bad.json", Body=b"{")
    aws.s3.put_object(Bucket=aws.bucket, Key="wire.jsonl", Body=b'{"body": "Emmanuel Macron visited Lyon."}\n{oops\n')

    payloads = []
    deadline = time.monotonic() + 60
    while len({ref for p in payloads for ref in _keys(p)}) < 4 and time.monotonic() < deadline:
        payloads.append(harness.run(env, "trigger-sqs"))
    keys_seen = {ref for payload in payloads for ref in _keys(payload)}
    assert keys_seen == {"docs%2Fc+d.txt", "merkel.md", "bad.json", "wire.jsonl"}
    assert any("s3:TestEvent" in message["Body"] for payload in payloads for message in payload["message_batch"])

    result = harness.run(env, "test", "dropwire_ingest", json.dumps({"payloads": payloads}))
    assert result["state"] == "success"
    [report] = result["results"]["ingest_batch"]
    assert report["s3_objects"] == 4
    assert (report["s3"]["indexed"], report["s3"]["quarantined"]) == (3, 2)
    assert aws.keys() == [
        "processed/docs/c d.txt",
        "processed/merkel.md",
        "processed/wire.jsonl",
        "quarantine/bad.json",
        "quarantine/bad.json.rejection.json",
        "quarantine/wire.record-2.jsonl",
        "quarantine/wire.record-2.jsonl.rejection.json",
    ]
    store = TantivyStore(data / "index")
    assert store.search(SearchQuery(actors=["Kim Jong Un"])).total == 1
    assert store.search(SearchQuery(actors=["Angela Merkel"])).total == 1
    store.close()

    # A retried task (or an SQS message that came back) ingests nothing twice.
    again = harness.run(env, "test", "dropwire_ingest", json.dumps({"payloads": payloads}))
    assert again["results"]["ingest_batch"][0]["s3"]["drops"] == 0
    store = TantivyStore(data / "index")
    assert store.count() == 3
    store.close()


def test_a_burst_reaches_the_dag_in_events_of_more_than_ten_drops(airflow_home: dict[str, str], harness: Harness, aws: AwsOnLoopback, tmp_path: Path) -> None:
    """SQS hands out ten messages a read: the watcher reads DROPWIRE_SQS_POLLS_PER_EVENT times
    per event, so a burst is not cut into runs of ten."""
    env = {**airflow_home, **aws.connection_env(), "DROPWIRE_DATA_DIR": str(tmp_path / "data"), "DROPWIRE_SQS_POLLS_PER_EVENT": "3"}
    for number in range(30):
        aws.s3.put_object(Bucket=aws.bucket, Key=f"burst/{number:02d}.txt", Body=KIM.encode())
    payload = harness.run(env, "trigger-sqs")
    drops = {ref for ref in _keys(payload) if ref.startswith("burst")}
    assert 10 < len(drops) <= 30, sorted(drops)


def _keys(payload: dict) -> set[str]:
    keys = set()
    for message in payload.get("message_batch", []):
        body = json.loads(message["Body"])
        keys |= {record["s3"]["object"]["key"] for record in body.get("Records", [])}
    return keys


def test_a_burst_of_events_is_split_into_mapped_batches(airflow_home: dict[str, str], harness: Harness, tmp_path: Path) -> None:
    inbox, data = tmp_path / "inbox", tmp_path / "data"
    inbox.mkdir()
    for number in range(5):
        (inbox / f"note-{number}.txt").write_text(f"Note {number}\nEmmanuel Macron spoke in city number {number} about trade.\n")
    paths = sorted(str(path) for path in inbox.iterdir())
    env = {**airflow_home, "DROPWIRE_DATA_DIR": str(data), "DROPWIRE_INGEST_BATCH_SIZE": "2"}
    result = harness.run(env, "test", "dropwire_ingest", json.dumps({"payloads": [{"directory": str(inbox), "paths": paths}]}))
    assert result["state"] == "success"
    assert [len(batch["local"]) for batch in result["results"]["plan_batches"]] == [2, 2, 1]
    assert [sum(report["indexed"] for report in batch["local"]) for batch in result["results"]["ingest_batch"]] == [2, 2, 1]


def test_backfill_catches_missed_drops_and_reenriches_old_documents(airflow_home: dict[str, str], harness: Harness, tmp_path: Path) -> None:
    inbox, data = tmp_path / "inbox", tmp_path / "data"
    inbox.mkdir()
    env = {**airflow_home, "DROPWIRE_DATA_DIR": str(data), "DROPWIRE_INBOX_DIR": str(inbox)}
    (inbox / "missed.txt").write_text(KIM)
    first = harness.run(env, "test", "dropwire_backfill")
    assert first["state"] == "success"
    assert first["results"]["backfill"]["ingest"]["indexed"] == 1

    # Make the archived document look like an older pipeline's, then backfill with reenrich.
    store = TantivyStore(data / "index")
    [document] = list(store.documents())
    old = document.model_copy(update={"actors": [], "enrichment": document.enrichment.model_copy(update={"pipeline_version": "0.0.1"})})
    store.upsert([old])
    store.close()
    (inbox / "another.txt").write_text(MERKEL)
    second = harness.run(env, "test", "dropwire_backfill", json.dumps({"reenrich": True, "source": str(inbox)}))
    report = second["results"]["backfill"]
    assert report["ingest"]["indexed"] == 1 and report["reenriched"] == 1
    store = TantivyStore(data / "index")
    assert store.search(SearchQuery(actors=["Kim Jong Un"])).total == 1
    assert all(d.enrichment.pipeline_version != "0.0.1" for d in store.documents())
    store.close()

    # Nothing left to do: a re-run changes nothing.
    third = harness.run(env, "test", "dropwire_backfill", json.dumps({"reenrich": True}))
    assert third["results"]["backfill"]["ingest"]["drops"] == 0 and third["results"]["backfill"]["reenriched"] == 0


def test_reindex_dag_swaps_in_a_rebuilt_index(airflow_home: dict[str, str], harness: Harness, tmp_path: Path) -> None:
    inbox, data = tmp_path / "inbox", tmp_path / "data"
    inbox.mkdir()
    (inbox / "kim.txt").write_text(KIM)
    env = {**airflow_home, "DROPWIRE_DATA_DIR": str(data)}
    harness.run(env, "test", "dropwire_backfill", json.dumps({"source": str(inbox)}))
    result = harness.run(env, "test", "dropwire_reindex", json.dumps({"reenrich": True}))
    assert result["state"] == "success"
    assert result["results"]["reindex"]["documents"] == 1
    store = TantivyStore(data / "index")
    assert store.search(SearchQuery(actors=["Kim Jong Un"])).total == 1
    store.close()


def test_a_failed_batch_is_retried_and_then_stored(airflow_home: dict[str, str], harness: Harness, tmp_path: Path) -> None:
    """The first try finds no usable archive (a file where the index belongs); once the test
    clears it, Airflow's retry stores the drop. dag.test() waits out the retry delay itself:
    5 s here instead of the DAG's 30 (the tests' cluster policy, workflows/airflow_config): time
    enough for this test, polling every 0.2 s, to clear the blocker on a busy machine."""
    inbox, data = tmp_path / "inbox", tmp_path / "data"
    inbox.mkdir()
    data.mkdir()
    (inbox / "kim.txt").write_text(KIM)
    blocker = data / "index"
    blocker.write_text("not an index")
    env = {**airflow_home, "DROPWIRE_DATA_DIR": str(data), "DROPWIRE_TEST_RETRY_DELAY_SECONDS": "5"}
    payload = {"directory": str(inbox), "paths": [str(inbox / "kim.txt")]}
    outcome: dict = {}
    run = threading.Thread(
        target=lambda: outcome.update(harness.run(env, "test", "dropwire_ingest", json.dumps({"payloads": [payload]})))
    )
    run.start()
    deadline = time.monotonic() + 240
    while not _waiting_for_retry(Path(airflow_home["AIRFLOW_HOME"]) / "airflow.db", "ingest_batch"):
        assert run.is_alive() and time.monotonic() < deadline, f"the batch never waited for a retry: {outcome}"
        time.sleep(0.2)
    blocker.unlink()
    run.join(timeout=240)
    assert outcome["state"] == "success", outcome
    assert outcome["tries"]["ingest_batch"] == 2
    [batch] = outcome["results"]["ingest_batch"]
    assert batch["local"][0]["indexed"] == 1
    store = TantivyStore(data / "index")
    assert store.search(SearchQuery(actors=["Kim Jong Un"])).total == 1
    store.close()


def _waiting_for_retry(database: Path, task_id: str) -> bool:
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as connection:
            rows = connection.execute(
                "SELECT 1 FROM task_instance WHERE dag_id = 'dropwire_ingest' AND task_id = ? AND state = 'up_for_retry'",
                (task_id,),
            ).fetchall()
    except sqlite3.OperationalError:  # busy while Airflow writes: look again
        return False
    return bool(rows)
