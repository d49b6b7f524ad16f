"""Airflow's Celery settings for Dropwire's workers: Airflow's own, plus modules each worker
imports once, before it forks its pool.

Name it in Airflow's configuration (the Compose stack does, for every Airflow process):
`AIRFLOW__CELERY__CELERY_CONFIG_OPTIONS=pipeline.airflow_celery.CELERY_CONFIG`.

Why: Airflow 3's Celery worker runs every task in a process of its own, forked (plain
`os.fork` on Linux) by the task supervisor inside the worker's pool process, which Celery
forked from the worker's main process. Whatever the main process has loaded, every task
process finds in memory (shared copy-on-write); whatever it has not, every task loads for
itself. Celery imports the modules named in `imports` in the main process at start-up,
before the pool exists (and nowhere else: not in the scheduler, which reads this dict too to
send tasks, nor in `celery inspect`). So an ingest batch's task finds spaCy, the language
detector and the configured enrichment model loaded (pipeline.enrich.worker_preload, about
1.5 s of CPU otherwise paid by every batch), and the modules an ingest task imports on its
way: the archive's stores, the S3 hook and the SQS trigger its DAG file names.
"""

from __future__ import annotations

from typing import Any

from airflow.providers.celery.executors.default_celery import DEFAULT_CELERY_CONFIG

# Imported by each Celery worker at start-up, in this order. A module that fails to import
# stops the worker (Celery's rule): each of these must import wherever a worker runs. Measured
# in a fresh process: Airflow's task runner 1.5 s of CPU, the ingest job, S3 source and
# Elasticsearch store 0.5 s, the S3 hook 0.1 s, the enrichment model 1.5 s or more.
WORKER_PRELOAD = (
    "airflow.sdk.execution_time.task_runner",
    "airflow.providers.amazon.aws.hooks.s3",
    "airflow.providers.common.messaging.triggers.msg_queue",
    "pipeline.ingest",
    "pipeline.sources.s3",
    "pipeline.store.elasticsearch",
    "pipeline.enrich.worker_preload",
)

CELERY_CONFIG: dict[str, Any] = {
    **DEFAULT_CELERY_CONFIG,
    "imports": (*DEFAULT_CELERY_CONFIG.get("imports", ()), *WORKER_PRELOAD),
}
