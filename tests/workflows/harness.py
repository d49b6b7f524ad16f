"""Runs Airflow work in its own process, so the test process never imports Airflow's config.

    python harness.py dagbag              -> JSON: DAGs, their tasks, schedules, watchers, errors
    python harness.py test DAG_ID CONF    -> runs dag.test(run_conf=CONF), JSON: state, XCom result
    python harness.py trigger-sqs         -> runs the ingest DAG's S3 watcher trigger once, JSON: payload
    python harness.py trigger-folder      -> runs the ingest DAG's folder watcher trigger once, JSON: payload
    python harness.py serve FD            -> the same commands, many of them: one JSON request a
                                             line on stdin ({"env": {...}, "args": [...]}), one
                                             JSON reply a line on file descriptor FD

`serve` is what the tests use: Airflow's import, its metadata DB's making (it migrates the DB
of its Airflow home first) and opening, and the NLP model's load are paid once per test session
instead of once per command. Each request brings the whole
environment the command runs in (the DAG files read their settings when parsed, and every
command parses them afresh), so one test's settings never reach the next; what a request may
not change is Airflow's own configuration, fixed when the process started (see `_check_env`).
The one-shot commands are for running one by hand.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import traceback


def _dagbag():
    from airflow.dag_processing.dagbag import DagBag

    folder = os.environ["AIRFLOW__CORE__DAGS_FOLDER"]
    # Airflow's processes put the DAG bundle's folder on sys.path (BundleDagBag), so DAG files
    # can import their shared module (dropwire_policy); a bare DagBag does not.
    if folder not in sys.path:
        sys.path.append(folder)
    return DagBag(dag_folder=folder)


def describe() -> dict:
    bag = _dagbag()
    dags = {}
    for dag_id, dag in bag.dags.items():
        assets = getattr(dag.timetable, "asset_condition", None)
        watchers = []
        for asset in getattr(assets, "objects", []) or []:
            watchers += [
                {"name": watcher.name, "trigger": type(watcher.trigger).__name__, "kwargs": watcher.trigger.serialize()[1]}
                for watcher in asset.watchers
            ]
        dags[dag_id] = {
            "tasks": sorted(task.task_id for task in dag.tasks),
            "timetable": type(dag.timetable).__name__,
            "schedule": getattr(dag.timetable, "expression", None),
            "params": {key: dag.params[key] for key in dag.params},
            "watchers": watchers,
            "catchup": dag.catchup,
            "max_active_runs": dag.max_active_runs,
            "data_interval_seconds": _seconds(getattr(dag.timetable, "interval", None)),
            "task_options": {
                task.task_id: {
                    "retries": task.retries,
                    "retry_exponential_backoff": float(task.retry_exponential_backoff),
                    "retry_delay_seconds": task.retry_delay.total_seconds(),
                    "pool": task.pool,
                    "pool_slots": task.pool_slots,
                    "priority_weight": task.priority_weight,
                }
                for task in dag.tasks
            },
        }
    heavy = sorted(name for name in ("spacy", "thinc", "vaderSentiment", "dateparser", "tantivy") if name in sys.modules)
    return {"dags": dags, "errors": {path: str(error) for path, error in bag.import_errors.items()}, "heavy_modules": heavy}


def _seconds(interval) -> float | None:
    return interval.total_seconds() if interval is not None else None


def run_test(dag_id: str, conf: dict) -> dict:
    from airflow.models.taskinstance import TaskInstance
    from airflow.models.xcom import XComModel
    from airflow.utils.session import create_session

    dag = _dagbag().dags[dag_id]
    run = dag.test(run_conf=conf)
    with create_session() as session:
        rows = session.query(XComModel).filter(XComModel.dag_id == dag_id, XComModel.run_id == run.run_id).all()
        results: dict = {}
        for row in sorted(rows, key=lambda row: row.map_index):
            if row.key != "return_value":
                continue
            value = json.loads(row.value) if isinstance(row.value, str) else row.value
            if row.map_index >= 0:
                results.setdefault(row.task_id, []).append(value)
            else:
                results[row.task_id] = value
        tries = {}
        for instance in session.query(TaskInstance).filter(TaskInstance.dag_id == dag_id, TaskInstance.run_id == run.run_id):
            tries[instance.task_id] = max(tries.get(instance.task_id, 0), instance.try_number)
    return {"state": str(run.state), "results": results, "tries": tries}


async def first_event(trigger) -> dict:
    async for event in trigger.run():
        return event.payload
    return {}


def trigger_payload(kind: str) -> dict:
    bag = _dagbag()
    dag = bag.dags["dropwire_ingest"]
    [asset] = dag.timetable.asset_condition.objects
    wanted = {"sqs": "dropwire_s3_inbox", "folder": "dropwire_local_inbox"}[kind]
    [watcher] = [w for w in asset.watchers if w.name == wanted]
    return asyncio.run(asyncio.wait_for(first_event(watcher.trigger), timeout=60))


def command(args: list[str]) -> dict:
    name = args[0]
    if name == "dagbag":
        return describe()
    if name == "test":
        return run_test(args[1], json.loads(args[2]) if len(args) > 2 else {})
    if name == "trigger-sqs":
        return trigger_payload("sqs")
    if name == "trigger-folder":
        return trigger_payload("folder")
    raise SystemExit(f"unknown command {name}")


def _airflow_config(env: dict[str, str]) -> dict[str, str]:
    """What Airflow read when it was imported: its home and its AIRFLOW__SECTION__KEY options.
    (Connections, AIRFLOW_CONN_*, are looked up when a task asks for them.)"""
    return {name: value for name, value in env.items() if name == "AIRFLOW_HOME" or name.startswith("AIRFLOW__")}


def _check_env(env: dict[str, str], started: dict[str, str]) -> None:
    if _airflow_config(env) != started:
        changed = sorted(set(_airflow_config(env).items()) ^ set(started.items()))
        raise ValueError(f"a request may not change Airflow's configuration, read at start: {changed}")


def migrate() -> None:
    """Make the metadata DB of this process's Airflow home, or bring it up to date: what
    `airflow db migrate` does, here, where Airflow is imported anyway (a CLI process beside this
    one costs its own Airflow import: about 3 s of CPU more)."""
    from airflow.utils.db import upgradedb

    upgradedb()


def serve(reply_fd: int) -> None:
    started = _airflow_config(dict(os.environ))
    migrate()
    with os.fdopen(reply_fd, "w") as replies:
        for line in sys.stdin:
            request = json.loads(line)
            try:
                _check_env(request["env"], started)
                os.environ.clear()
                os.environ.update(request["env"])
                _forget_settings()
                reply = {"result": command(request["args"])}
            except Exception:
                reply = {"error": traceback.format_exc()}
            # Where the task logs of this request end, for the test that reads them on failure.
            sys.stdout.flush()
            sys.stderr.flush()
            replies.write(json.dumps(reply, default=str) + "\n")
            replies.flush()
    # stdin closed: the tests are done. Airflow leaves threads that would hold the process open.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _forget_settings() -> None:
    """The library caches its settings per process: a request's environment must be read anew."""
    settings = sys.modules.get("pipeline.settings")
    if settings is not None:
        settings.get_settings.cache_clear()


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(int(sys.argv[2]))
    else:
        print("HARNESS-RESULT " + json.dumps(command(sys.argv[1:]), default=str))
