"""Drop-to-searchable through Airflow with Celery workers, and how a second worker scales it.

    python bench/airflow.py [--drops 200] [--batch-size 25]

Starts the stack of tests/workflows/test_celery_scaleout.py on loopback: PostgreSQL and Redis
(Debian's packages, scripts/services.sh), Airflow 3 with the CeleryExecutor (scheduler,
dag-processor, triggerer, api-server), moto S3 and SQS, and osmem-server as Elasticsearch.
Its Airflow processes are forks of one process that has imported Airflow
(tests/workflows/preloaded_airflow.py): what is timed here is drops going through them once
they run, not their start.
After a small warm-up burst, it uploads `--drops` short drops in a burst with one Celery
worker, then as many new ones with two, and times each drop from its upload to the moment a
search finds it. Documents per second is the burst's size over the time from its first
upload to its last document searchable.

Prints p50 and p95 drop-to-searchable and documents per second for each, and ends with
`airflow_worker_scaling: S (target >= 1.5)`: two workers' documents per second over one's,
measured in this run. Each worker runs one batch at a time (`--concurrency 1`).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from workflows.celery_stack import (  # noqa: E402
    CeleryStack,
    PlainJsonProxy,
    ServicesMissing,
    burst_drops,
    loopback_services,
    wait_until,
)

TARGET = 1.5
ALIAS = "dropwire-docs"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def searchable_keys(client) -> set[str]:
    try:
        response = client.search(index=ALIAS, size=10_000, source_includes=["source.uri"], query={"match_all": {}})
    except Exception:  # no index before the first write
        return set()
    return {hit["_source"]["source"]["uri"].removeprefix("s3://").split("/", 1)[1] for hit in response["hits"]["hits"]}


def burst(s3, bucket: str, client, count: int, tag: str) -> tuple[list[float], float, int]:
    """Upload `count` drops at once; per-drop seconds to searchable, documents per second, and
    how many drops waited for a later upload (Airflow 3.3.2 strands the last asset events of a
    burst, apache/airflow#56050: after 60 s without progress one more drop is uploaded, as the
    next upload to a live inbox would, and what it releases is timed like the rest)."""
    drops = burst_drops(count, seed=sum(map(ord, tag)), tag=tag)
    uploaded: dict[str, float] = {}

    def put(drop) -> None:
        s3.put_object(Bucket=bucket, Key=drop.key, Body=drop.text.encode())
        uploaded[drop.key] = time.monotonic()

    first = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(put, drops))
    found: dict[str, float] = {}
    waited = 0
    last_progress = time.monotonic()
    deadline = time.monotonic() + 300 + count * 5
    while len(found) < count and time.monotonic() < deadline:
        now = time.monotonic()
        for key in searchable_keys(client) & set(uploaded):
            if key not in found:
                found[key] = now
                last_progress = now
        if not waited and found and now - last_progress > 60:
            waited = count - len(found)
            nudge = burst_drops(1, seed=7, tag=f"{tag}-next")[0]
            s3.put_object(Bucket=bucket, Key=nudge.key, Body=nudge.text.encode())
        time.sleep(0.25)
    if len(found) < count:
        raise SystemExit(f"only {len(found)} of {count} drops became searchable")
    latencies = [found[key] - uploaded[key] for key in uploaded]
    return latencies, count / (max(found.values()) - first), waited


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--drops", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=25)
    arguments = parser.parse_args()

    import logging

    import boto3
    from moto.server import ThreadedMotoServer
    from osmem_server import OsmemServer

    from es_support import PlainJsonNode
    from elasticsearch import Elasticsearch
    from pipeline.inbox_setup import create_inbox

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's access log
    workdir = Path(tempfile.mkdtemp(prefix="dropwire-bench-airflow-"))
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    host, port = moto.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    options = {"endpoint_url": endpoint, "region_name": "us-east-1", "aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    s3, sqs = boto3.client("s3", **options), boto3.client("sqs", **options)
    inbox = create_inbox(s3, sqs, "bench-inbox", "bench-inbox", prefix="incoming/")
    osmem = OsmemServer.start(japanese=False)
    proxy = PlainJsonProxy(osmem.url)
    client = Elasticsearch(osmem.url, node_class=PlainJsonNode, request_timeout=30)
    try:
        with loopback_services(workdir / "services") as services:
            stack = CeleryStack(workdir / "stack", services, endpoint, inbox.bucket, inbox.queue_url, proxy.url, batch_size=arguments.batch_size)
            try:
                stack.prepare()
                stack.start()
                stack.start_worker("worker-1")
                wait_until(lambda: not _pending(sqs, inbox.queue_url), 180, "the S3 watcher to poll the queue")
                burst(s3, inbox.bucket, client, 10, "warm")
                results = {}
                for workers, tag in ((1, "one"), (2, "two")):
                    if workers == 2:
                        stack.start_worker("worker-2")
                    latencies, rate, waited = burst(s3, inbox.bucket, client, arguments.drops, tag)
                    results[workers] = rate
                    label = "one worker" if workers == 1 else "two workers"
                    print(
                        f"{label}: {arguments.drops} drops, drop-to-searchable p50 {statistics.median(latencies):.1f} s, "
                        f"p95 {percentile(latencies, 0.95):.1f} s; {rate:.2f} documents/s"
                        + (f" ({waited} waited for the next upload)" if waited else ""),
                        flush=True,
                    )
            except BaseException:
                print(stack.logs_tail(), file=sys.stderr)
                raise
            finally:
                stack.stop()
    except ServicesMissing as missing:
        raise SystemExit(str(missing)) from None
    finally:
        client.close()
        proxy.close()
        osmem.close()
        moto.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"airflow_worker_scaling: {results[2] / results[1]:.2f} (target >= {TARGET})")


def _pending(sqs, queue_url: str) -> bool:
    attributes = sqs.get_queue_attributes(
        QueueUrl=queue_url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    )["Attributes"]
    return attributes["ApproximateNumberOfMessages"] != "0" or attributes["ApproximateNumberOfMessagesNotVisible"] != "0"


if __name__ == "__main__":
    main()
