"""`[core] hostname_callable` for the Celery scale-out test: two workers on one machine
record different hostnames on the task instances they run, so the test can tell whose batch
was whose. Imported by Airflow's processes (tests/ on their PYTHONPATH); nothing else."""

from __future__ import annotations

import os
import socket


def name() -> str:
    return os.environ.get("DROPWIRE_TEST_WORKER") or socket.getfqdn()
