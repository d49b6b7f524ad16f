"""What the Dropwire DAGs share: how tasks retry, the pool that keeps a reindex apart from
the tasks that write to the archive, and the window a scheduled backfill covers.

Plain Python with no Airflow import, so it is tested without Airflow.

The pool: every task that writes to the archive (an ingest batch, a backfill) takes one slot
of `ARCHIVE_POOL`; the reindex takes all of them, so it starts only when no writer runs and no
writer starts until it ends. The pool must exist (`airflow pools set`, which the Compose
stack's airflow-init runs); a task in a missing pool is never scheduled. A write that slips
past it anyway (a CLI ingest, a second Airflow) is refused by the store while the copy runs,
and its batch retried (see `pipeline.store.elasticsearch`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

ARCHIVE_POOL = "dropwire_archive"
# Writers that may run at once; the reindex takes every slot. Keep at or below core.parallelism.
ARCHIVE_POOL_SLOTS = 8
POOL_DESCRIPTION = "Dropwire archive writers; dropwire_reindex takes every slot"

# A failed batch (Elasticsearch busy or read-only during a reindex, S3 unreachable) is tried
# again: 30 s, 60 s, 120 s, ... up to 10 minutes apart (Airflow 3 reads the backoff as the
# delay's multiplier; `True` would be 1, a constant 30 s). Ingest is idempotent, so a retry
# redoes only what did not finish.
RETRY_ARGS: dict[str, Any] = {
    "retries": 4,
    "retry_delay": dt.timedelta(seconds=30),
    "retry_exponential_backoff": 2.0,
    "max_retry_delay": dt.timedelta(minutes=10),
}
# How far back a scheduled backfill looks: its data interval (the day before its run).
BACKFILL_INTERVAL = dt.timedelta(days=1)


def pool_command() -> list[str]:
    """`airflow pools set ...`: what creates the archive pool (idempotent)."""
    return ["airflow", "pools", "set", ARCHIVE_POOL, str(ARCHIVE_POOL_SLOTS), POOL_DESCRIPTION]


def backfill_window(
    params: Mapping[str, Any], interval_start: dt.datetime | None, interval_end: dt.datetime | None
) -> tuple[dt.date | None, dt.date | None]:
    """The (since, until) dates a backfill covers: the params when given, else the run's data
    interval (a scheduled run), else everything (a manual run has no interval)."""
    since = dt.date.fromisoformat(params["since"]) if params.get("since") else None
    until = dt.date.fromisoformat(params["until"]) if params.get("until") else None
    if since is None and until is None and interval_start is not None and interval_end is not None:
        return interval_start.date(), interval_end.date()
    return since, until
