"""The distributed path on real services: Airflow 3 with the CeleryExecutor (PostgreSQL and
Redis from Debian's packages, on loopback), a scheduler, a dag-processor, a triggerer, an
api-server and two Celery workers, against moto S3 and SQS and the Elasticsearch emulator.

120 drops land in the inbox in a burst while one worker is killed with SIGKILL in the middle
of a batch and started again. Every drop must be indexed exactly once, both workers must
have taken batches, the killed batch must have been retried, and an actor must carry one
canonical name whichever worker's batch held the document.
"""

from __future__ import annotations

import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import SERVICES_REQUIRED
from pipeline.actors.keys import alias_key
from pipeline.inbox_setup import create_inbox
from workflows.celery_stack import (
    ACTORS,
    INBOX_PREFIX,
    BurstDrop,
    CeleryStack,
    PlainJsonProxy,
    Services,
    ServicesMissing,
    burst_drops,
    loopback_services,
    wait_until,
)

# Enough for both workers to take several batches of BATCH drops (six batches or more) and for
# each of the five actors to turn up in both workers' documents (about 12 drops per actor per
# worker); more drops add minutes, not properties. Each batch is a task process that loads the
# model: the number of batches, more than of drops, sets the test's cost.
DROPS = 120
BATCH = 20
# The killed batch's next try waits this long (the DAGs' own 30 s is not what is tested here).
RETRY_DELAY_SECONDS = 2
WORKERS = ("worker-a", "worker-b")
# How long the stack must stay idle before the drops still in the inbox count as waiting for the
# next upload (see `settled` in the test).
SETTLE_SECONDS = 5
# The upload after the burst (see the test).
FOLLOW_UP = BurstDrop(
    key=f"{INBOX_PREFIX}follow-up.txt",
    text="Ferry timetable\nIngrid Solberg-Haugen spoke in Bergen about the winter ferry timetable.\n",
    actor=1,
    spelling="Ingrid Solberg-Haugen",
)


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    try:
        with loopback_services(tmp_path_factory.mktemp("services")) as started:
            yield started
    except ServicesMissing as missing:
        if SERVICES_REQUIRED:
            raise RuntimeError(f"{missing} (see .ci/run)") from None
        pytest.skip(str(missing))


def _aws_clients(endpoint: str):
    import boto3

    options = {
        "endpoint_url": endpoint,
        "region_name": "us-east-1",
        "aws_access_key_id": "testing",
        "aws_secret_access_key": "testing",
    }
    return boto3.client("s3", **options), boto3.client("sqs", **options)


def _queue_is_empty(sqs, queue_url: str) -> bool:
    attributes = sqs.get_queue_attributes(
        QueueUrl=queue_url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    )["Attributes"]
    return attributes["ApproximateNumberOfMessages"] == "0" and attributes["ApproximateNumberOfMessagesNotVisible"] == "0"


def _keys(s3, bucket: str, prefix: str = "") -> list[str]:
    keys = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        keys += [item["Key"] for item in page.get("Contents", [])]
    return keys


def _indexed(client, alias: str) -> list[dict]:
    """Every document in the index with its `_version` (1: written once)."""
    response = client.search(
        index=alias, size=DROPS * 4, version=True, source_includes=["source.uri", "actors"], query={"match_all": {}}
    )
    return response["hits"]["hits"]


def test_a_burst_through_two_celery_workers_survives_a_killed_worker(
    services: Services, moto_endpoint: str, osmem_base_url: str, tmp_path: Path
) -> None:
    from es_support import osmem_clone

    s3, sqs = _aws_clients(moto_endpoint)
    name = f"burst-{uuid.uuid4().hex[:8]}"
    inbox = create_inbox(s3, sqs, name, name, prefix=INBOX_PREFIX)
    drops = burst_drops(DROPS)
    by_key = {drop.key: drop for drop in [*drops, FOLLOW_UP]}

    with osmem_clone(osmem_base_url) as cluster:
        proxy = PlainJsonProxy(cluster.url)
        stack = CeleryStack(
            tmp_path, services, moto_endpoint, inbox.bucket, inbox.queue_url, proxy.url, batch_size=BATCH,
            retry_delay_seconds=RETRY_DELAY_SECONDS,
        )
        client = cluster.client()
        try:
            stack.prepare()
            stack.start(WORKERS)
            # The watcher is running once it has taken the s3:TestEvent the notification sent, and
            # past the poll that took it once that event's run exists: a drop uploaded while that
            # poll still ran was seen to wait out the queue's visibility timeout (30 s) before the
            # re-armed watcher took it.
            wait_until(
                lambda: _queue_is_empty(sqs, inbox.queue_url) and stack.run_states(), 180, "the S3 watcher to take the test event"
            )

            started = time.monotonic()
            with ThreadPoolExecutor(8) as uploads:
                list(uploads.map(lambda drop: s3.put_object(Bucket=inbox.bucket, Key=drop.key, Body=drop.text.encode()), drops))
            print(f"\n{DROPS} drops uploaded in {time.monotonic() - started:.1f}s")

            # Kill worker-b in the middle of a batch, once it has finished one of its own: the
            # moment its task process has marked a batch running (no sleep that a busy machine
            # could stretch past the batch's end). A batch that ended before the kill landed
            # was not killed mid-batch: the worker is restarted and its next batch taken.
            victim_worker = WORKERS[1]

            def running_after_a_success() -> tuple[str, int] | None:
                done = [t for t in stack.batch_tries() if t["hostname"] == victim_worker and t["state"] == "success"]
                running = stack.running_batches(victim_worker) if done else []
                return running[0] if running else None

            for _ in range(5):
                victim = wait_until(running_after_a_success, 600, f"{victim_worker} to run a second batch", every=0.1)
                stack.kill_worker(victim_worker)
                if stack.try_state(victim) != "success":
                    break
                stack.start_worker(victim_worker)
            else:
                pytest.fail(f"{victim_worker}'s batches kept ending before the kill: nothing killed mid-batch")
            victim_keys = stack.planned_batches()[victim]
            stored_at_kill = _stored_keys(client, cluster.alias) & set(victim_keys)
            print(f"killed {victim_worker} in batch {victim} ({len(stored_at_kill)}/{len(victim_keys)} of its drops stored)")
            stack.start_worker(victim_worker)  # as a supervisor restarts a crashed worker

            def idle() -> bool:
                """Every run ended, the watcher took every message, and no run waits to be made."""
                states = stack.run_states()
                return (
                    bool(states)
                    and all(state in ("success", "failed") for state in states.values())
                    and _queue_is_empty(sqs, inbox.queue_url)
                    and not stack.queued_asset_runs()
                )

            def settled() -> bool:
                """Idle, and still idle a moment later with the same drops waiting (or none): a
                message the watcher has just deleted reaches the metadata database as an asset
                event within the triggerer's next loops."""
                if not idle():
                    return False
                waiting = _keys(s3, inbox.bucket, INBOX_PREFIX)
                if not waiting:
                    return True
                time.sleep(SETTLE_SECONDS)
                return idle() and _keys(s3, inbox.bucket, INBOX_PREFIX) == waiting

            wait_until(settled, 1200, "every run of the burst to end", every=2)
            stranded = _keys(s3, inbox.bucket, INBOX_PREFIX)
            print(f"burst of {DROPS} settled in {time.monotonic() - started:.1f}s through {len(stack.run_states())} DAG runs")
            # Airflow 3.3.2 queues a DAG run per asset with INSERT ... ON CONFLICT DO NOTHING, and
            # a run takes the events up to its queue row's time: an event that lands while the row
            # waits is left for the asset's next event (apache/airflow#56050). The last messages
            # of a burst wait for the next upload; here it comes, and must release them.
            print(f"{len(stranded)} drops waited for the next upload (Airflow's stranded asset events)")
            s3.put_object(Bucket=inbox.bucket, Key=FOLLOW_UP.key, Body=FOLLOW_UP.text.encode())
            wait_until(
                lambda: not _keys(s3, inbox.bucket, INBOX_PREFIX)
                and all(state in ("success", "failed") for state in stack.run_states().values()),
                600,
                "the next upload to release what waited",
                every=2,
            )
            hits = _indexed(client, cluster.alias)
            model_loads = stack.model_loads()
            tries = stack.batch_tries()
            planned = stack.planned_batches()
            run_states = stack.run_states()
        except BaseException:
            print(stack.logs_tail())
            raise
        finally:
            stack.stop()
            proxy.close()
            client.close()

    assert set(run_states.values()) == {"success"}, run_states

    # Each worker loaded the enrichment model once per start, before it forked its pool; no
    # batch's task process loaded it again: each found it in memory.
    assert set(model_loads.by_worker) == set(WORKERS), model_loads
    assert all(loads == starts >= 1 for starts, loads in model_loads.by_worker.values()), model_loads
    assert model_loads.batch_logs >= len(planned), model_loads
    assert model_loads.in_batches == 0, model_loads

    # Every drop indexed exactly once: one document per drop, none written twice.
    indexed_keys = [_key_of(hit) for hit in hits]
    assert len(hits) == len(by_key)
    assert sorted(indexed_keys) == sorted(by_key)
    assert [hit["_id"] for hit in hits if hit["_version"] != 1] == [], "documents written more than once"
    assert sorted(_keys(s3, inbox.bucket, "processed/")) == sorted(f"processed/{key}" for key in by_key)
    assert _keys(s3, inbox.bucket, "quarantine/") == []

    # Both workers took batches; every key was planned into exactly one batch.
    succeeded = {(t["run_id"], t["map_index"]): t for t in tries if t["state"] == "success"}
    assert set(succeeded) == set(planned)
    assert {t["hostname"] for t in succeeded.values()} == set(WORKERS), succeeded
    planned_keys = [key for keys in planned.values() for key in keys]
    assert sorted(planned_keys) == sorted(by_key), "a drop planned twice or never"

    # The killed batch was retried and finished; nothing of it was lost.
    victim_tries = sorted((t for t in tries if (t["run_id"], t["map_index"]) == victim), key=lambda t: t["try_number"])
    assert victim_tries[0]["hostname"] == victim_worker and victim_tries[0]["state"] != "success", victim_tries
    assert victim_tries[-1]["state"] == "success" and victim_tries[-1]["try_number"] >= 2, victim_tries
    assert set(victim_keys) <= set(indexed_keys)

    # One canonical name per actor, whichever worker's batch held the document.
    worker_of = {key: succeeded[batch]["hostname"] for batch, keys in planned.items() for key in keys}
    names: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for hit, key in zip(hits, indexed_keys, strict=True):
        drop = by_key[key]
        wanted = alias_key(drop.spelling)
        for actor in hit["_source"]["actors"]:
            if wanted in {alias_key(surface) for surface in (actor["name"], *actor["aliases"])}:
                names[drop.actor][actor["name"]].add(worker_of[key])
    for number, spellings in enumerate(ACTORS):
        seen = names[number]
        assert {worker for workers in seen.values() for worker in workers} == set(WORKERS), (
            f"{spellings[0]} was not found in documents of both workers: {dict(seen)}"
        )
    split = {ACTORS[number][0]: {name: sorted(workers) for name, workers in seen.items()} for number, seen in names.items() if len(seen) > 1}
    assert split == {}, f"actors under more than one canonical name (name: workers that wrote it): {split}"


def _stored_keys(client, alias: str) -> set[str]:
    try:
        hits = _indexed(client, alias)
    except Exception:  # no index yet
        return set()
    return {_key_of(hit) for hit in hits}


def _key_of(hit: dict) -> str:
    """The inbox key a document came from: s3://BUCKET/KEY."""
    return hit["_source"]["source"]["uri"].removeprefix("s3://").split("/", 1)[1]
