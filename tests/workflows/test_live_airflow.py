"""Real Airflow processes (scheduler, triggerer, dag-processor, api-server, Celery workers)
against moto: drop a file into the inbox bucket and wait until it is searchable. The proof that
the event path works outside dag.test(), and that `airflow pools set` as the DAGs' policy
spells it (dropwire_policy.pool_command, what the Compose stack's airflow-init runs) makes the
pool their tasks run in.

It runs on the stack the Celery scale-out test runs on (tests/workflows/conftest.py's
`airflow_stack`, after that test): a second Airflow deployment would start about ten more
Airflow processes, most of what such a test costs, to show what this one stack shows.
"""

from __future__ import annotations

import sys
import time

from pipeline.search import SearchQuery
from workflows.celery_stack import INBOX_PREFIX, SharedStack, wait_until
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
