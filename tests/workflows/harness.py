"""Runs Airflow work in its own process, so the test process never imports Airflow's config.

    python harness.py dagbag              -> JSON: DAGs, their tasks, schedules, watchers, errors
    python harness.py test DAG_ID CONF    -> runs dag.test(run_conf=CONF), JSON: state, XCom result
    python harness.py trigger-sqs         -> runs the ingest DAG's S3 watcher trigger once, JSON: payload
    python harness.py trigger-folder      -> runs the ingest DAG's folder watcher trigger once, JSON: payload
"""

from __future__ import annotations

import asyncio
import json
import os
import sys


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
                    "retry_exponential_backoff": bool(task.retry_exponential_backoff),
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


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "dagbag":
        output = describe()
    elif command == "test":
        output = run_test(sys.argv[2], json.loads(sys.argv[3]) if len(sys.argv) > 3 else {})
    elif command == "trigger-sqs":
        output = trigger_payload("sqs")
    elif command == "trigger-folder":
        output = trigger_payload("folder")
    else:
        raise SystemExit(f"unknown command {command}")
    print("HARNESS-RESULT " + json.dumps(output, default=str))
