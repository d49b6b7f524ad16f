"""The DAGs' shared policy, without Airflow: the backfill's window, the pool the stack creates."""

from __future__ import annotations

import datetime as dt
import sys

import yaml

from workflows.support import ROOT

sys.path.insert(0, str(ROOT / "dags"))
from dropwire_policy import ARCHIVE_POOL_SLOTS, backfill_window, pool_command  # noqa: E402

START = dt.datetime(2026, 3, 1, 3, 0, tzinfo=dt.UTC)
END = dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)


def test_a_scheduled_backfill_covers_its_data_interval() -> None:
    params = {"since": None, "until": None}
    assert backfill_window(params, START, END) == (dt.date(2026, 3, 1), dt.date(2026, 3, 2))


def test_params_win_over_the_data_interval() -> None:
    assert backfill_window({"since": "2025-01-01", "until": None}, START, END) == (dt.date(2025, 1, 1), None)
    assert backfill_window({"since": None, "until": "2025-02-01"}, START, END) == (None, dt.date(2025, 2, 1))


def test_a_manual_run_without_an_interval_or_params_covers_everything() -> None:
    assert backfill_window({"since": None, "until": None}, None, None) == (None, None)


def test_the_stack_creates_the_archive_pool_with_the_slots_the_reindex_takes() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    init = " ".join(compose["services"]["airflow-init"]["command"])
    assert " ".join(pool_command()[:5]) in init, "airflow-init must create the pool the DAGs use"
    parallelism = int(compose["x-airflow-common"]["environment"]["AIRFLOW__CORE__PARALLELISM"])
    assert ARCHIVE_POOL_SLOTS <= parallelism, "the reindex could never get every slot of the pool"
