"""The tests' Airflow cluster policy, copied into each test Airflow home's `config/` folder
(Airflow puts that folder on sys.path and applies `task_policy` to every task it parses).

A failed or killed task waits the DAGs' retry delay (30 s and then longer, dropwire_policy.RETRY_ARGS) before
its next try. The tests prove that the retry happens and stores the batch, not how long Airflow
waits: where DROPWIRE_TEST_RETRY_DELAY_SECONDS is set, tasks wait that long instead. Where it is
not set, the DAGs parse exactly as they ship.
"""

from __future__ import annotations

import datetime as dt
import os


def task_policy(task) -> None:
    seconds = os.environ.get("DROPWIRE_TEST_RETRY_DELAY_SECONDS")
    if seconds:
        task.retry_delay = dt.timedelta(seconds=float(seconds))
