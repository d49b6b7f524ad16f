"""The distributed path on real services: Airflow 3 with the CeleryExecutor (PostgreSQL and
Redis from Debian's packages, on loopback), a scheduler, a dag-processor, a triggerer, an
api-server and two Celery workers, against moto S3 and SQS and the Elasticsearch emulator
(the stack tests/workflows/conftest.py starts once for this test and the live Airflow test).

120 drops land in the inbox in a burst while one of the workers is killed with SIGKILL in the
middle of a batch and started again. Every drop must be indexed exactly once, both workers must
have taken batches, the killed batch must have been retried, and an actor must carry one
canonical name whichever worker's batch held the document.
"""

from __future__ import annotations

import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

import pytest

from pipeline.actors.keys import alias_key
from workflows.celery_stack import (
    ACTORS,
    INBOX_PREFIX,
    WORKERS,
    BurstDrop,
    SharedStack,
    burst_drops,
    queue_is_empty,
    wait_until,
)

# Enough for both workers to take several batches of celery_stack.BURST_BATCH drops (six batches
# or more) and for the five actors to turn up in both workers' documents (about 12 drops per
# actor per worker when the workers share evenly); more drops add minutes, not properties. Each batch is a task process:
# the number of batches, more than of drops, sets the test's cost.
DROPS = 120
# How long the stack must stay idle before the drops still in the inbox count as waiting for the
# next upload, or before more drops are uploaded (see `settled` and `victim_or_idle` in the test).
SETTLE_SECONDS = 5
# When every run has ended with no worker on a second batch, to be killed in: more uploads of this
# many drops, at most this many times (see the test).
_EXTRA_DROPS = 40
_EXTRA_BURSTS = 3
# Of the five actors, how many must turn up in documents of both workers (see the test's end).
_ACTORS_IN_BOTH = 3
_IDLE = "idle"
# The upload after the burst (see the test).
FOLLOW_UP = BurstDrop(
    key=f"{INBOX_PREFIX}follow-up.txt",
    text="Ferry timetable\nIngrid Solberg-Haugen spoke in Bergen about the winter ferry timetable.\n",
    actor=1,
    spelling="Ingrid Solberg-Haugen",
)


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


def test_a_burst_through_two_celery_workers_survives_a_killed_worker(airflow_stack: SharedStack) -> None:
    stack, cluster = airflow_stack.stack, airflow_stack.cluster
    s3, sqs, bucket = airflow_stack.s3, airflow_stack.sqs, airflow_stack.bucket
    # The stack is shared (tests/workflows/conftest.py): what this test counts must be the burst's
    # alone, so it must be the stack's first work.
    assert _keys(s3, bucket, "processed/") == [] and _keys(s3, bucket, INBOX_PREFIX) == [], "the burst must run first on its stack"
    drops = burst_drops(DROPS)
    by_key = {drop.key: drop for drop in [*drops, FOLLOW_UP]}

    client = cluster.client()
    try:
        started = time.monotonic()
        with ThreadPoolExecutor(8) as uploads:
            list(uploads.map(lambda drop: s3.put_object(Bucket=bucket, Key=drop.key, Body=drop.text.encode()), drops))
        print(f"\n{DROPS} drops uploaded in {time.monotonic() - started:.1f}s")

        # Kill a worker in the middle of a batch, once it has finished one of its own: the
        # moment its task process has marked a second batch running (no sleep that a busy machine
        # could stretch past the batch's end). Either worker: whichever reaches a second batch
        # first (a fast one takes three batches while a slow one finishes its first). A batch
        # that ended before the kill landed was not killed mid-batch: the worker is restarted
        # and the next such batch taken.
        # How many DAG runs there were when more drops were last uploaded (see below).
        runs_at_upload = 0

        def running_after_a_success() -> tuple[str, tuple[str, int]] | None:
            tries = stack.batch_tries()
            for worker in WORKERS:
                if any(t["hostname"] == worker and t["state"] == "success" for t in tries):
                    running = stack.running_batches(worker)
                    if running:
                        return worker, running[0]
            return None

        # When the stack was first seen with nothing left to run (see `victim_or_idle`).
        idle_since: list[float] = []

        def victim_or_idle() -> tuple[str, tuple[str, int]] | str | None:
            """A worker on a second batch; or _IDLE once every run has ended, the queue is
            empty and no run waits to be made, for SETTLE_SECONDS on end: between one run's end
            and the next run's making, a burst's runs have all ended for a moment."""
            victim = running_after_a_success()
            if victim is not None:
                return victim
            states = stack.run_states()
            ended = (
                len(states) > runs_at_upload
                and all(state in ("success", "failed") for state in states.values())
                and queue_is_empty(sqs, airflow_stack.queue_url)
                and not stack.queued_asset_runs()
            )
            if not ended:
                idle_since.clear()
                return None
            if not idle_since:
                idle_since.append(time.monotonic())
            return _IDLE if time.monotonic() - idle_since[0] >= SETTLE_SECONDS else None

        for _ in range(5):
            found = wait_until(victim_or_idle, 600, "a worker to run a second batch", every=0.1)
            for extra in range(_EXTRA_BURSTS):
                if found != _IDLE:
                    break
                # Every run so far ended with no worker on a second batch: more drops make more
                # batches; they are checked as the burst's are.
                runs_at_upload = len(stack.run_states())
                idle_since.clear()
                more = burst_drops(_EXTRA_DROPS, seed=17 + extra, tag=f"more{extra}-")
                by_key.update((drop.key, drop) for drop in more)
                for drop in more:
                    s3.put_object(Bucket=bucket, Key=drop.key, Body=drop.text.encode())
                print(f"{_EXTRA_DROPS} more drops uploaded: no worker had a second batch to be killed in")
                found = wait_until(victim_or_idle, 600, "a worker to run a second batch", every=0.1)
            if found == _IDLE:
                pytest.fail(f"no worker ran a second batch through {_EXTRA_BURSTS} more uploads")
            assert not isinstance(found, str)
            victim_worker, victim = found
            stack.kill_worker(victim_worker)
            if stack.try_state(victim) != "success":
                break
            stack.start_worker(victim_worker)
        else:
            pytest.fail("the workers' batches kept ending before the kill: nothing killed mid-batch")
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
                and queue_is_empty(sqs, airflow_stack.queue_url)
                and not stack.queued_asset_runs()
            )

        def settled() -> bool:
            """Idle, and still idle a moment later with the same drops waiting (or none): a
            message the watcher has just deleted reaches the metadata database as an asset
            event within the triggerer's next loops."""
            if not idle():
                return False
            waiting = _keys(s3, bucket, INBOX_PREFIX)
            if not waiting:
                return True
            time.sleep(SETTLE_SECONDS)
            return idle() and _keys(s3, bucket, INBOX_PREFIX) == waiting

        wait_until(settled, 1200, "every run of the burst to end", every=2)
        stranded = _keys(s3, bucket, INBOX_PREFIX)
        print(f"burst of {len(by_key) - 1} drops settled in {time.monotonic() - started:.1f}s through {len(stack.run_states())} DAG runs")
        # Airflow 3.3.2 queues a DAG run per asset with INSERT ... ON CONFLICT DO NOTHING, and
        # a run takes the events up to its queue row's time: an event that lands while the row
        # waits is left for the asset's next event (apache/airflow#56050). The last messages
        # of a burst wait for the next upload; here it comes, and must release them.
        print(f"{len(stranded)} drops waited for the next upload (Airflow's stranded asset events)")
        s3.put_object(Bucket=bucket, Key=FOLLOW_UP.key, Body=FOLLOW_UP.text.encode())
        wait_until(
            lambda: not _keys(s3, bucket, INBOX_PREFIX)
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
        client.close()  # the stack is the fixture's to stop

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
    assert sorted(_keys(s3, bucket, "processed/")) == sorted(f"processed/{key}" for key in by_key)
    assert _keys(s3, bucket, "quarantine/") == []

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
    # Which actor lands in which worker's batches is chance (the drops name them at random and
    # the watcher batches them in arrival order): a worker whose few batches happened to miss
    # one actor is no fault. Every actor must be found, and most in both workers' documents,
    # so the check below compares the two workers' canonical names on real cases.
    workers_of = {ACTORS[number][0]: {worker for workers in names[number].values() for worker in workers} for number in range(len(ACTORS))}
    assert all(workers_of.values()), f"actors found in no document: {workers_of}"
    in_both = [actor for actor, workers in workers_of.items() if workers == set(WORKERS)]
    assert len(in_both) >= _ACTORS_IN_BOTH, f"only {in_both} were found in documents of both workers: {workers_of}"
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
