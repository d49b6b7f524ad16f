"""Catch up with the inbox and re-enrich old documents, on a schedule or on demand.

Params: `source` (s3://bucket/prefix or a folder; default the configured inbox), `since` and
`until` (YYYY-MM-DD, on arrival for drops and on publication for documents), `reenrich`.
Without `since` and `until`, a scheduled run covers its data interval (the day before it).
Idempotent and resumable; safe beside dropwire_ingest (both skip what is already done).

The id is `dropwire_backfill`, not `backfill`: Airflow's own backfill (`airflow backfill
create`) re-runs past intervals of any DAG, this one included; the prefix keeps them apart.
"""

from __future__ import annotations

from airflow.sdk import CronTriggerTimetable, Param, dag, task
from dropwire_policy import ARCHIVE_POOL, BACKFILL_INTERVAL, RETRY_ARGS, backfill_window

from pipeline.settings import Settings

settings = Settings()
default_source = settings.s3_inbox or (str(settings.inbox_dir) if settings.inbox_dir else None)


@dag(
    # A data interval of one day before each run, so a scheduled run knows what to catch up.
    schedule=CronTriggerTimetable(settings.backfill_schedule, timezone="UTC", interval=BACKFILL_INTERVAL),
    catchup=False,
    default_args={**RETRY_ARGS, "pool": ARCHIVE_POOL},
    max_active_runs=1,
    tags=["dropwire"],
    doc_md=__doc__,
    params={
        "source": Param(default_source, type=["null", "string"], description="s3://bucket/prefix or a folder"),
        "since": Param(None, type=["null", "string"], format="date"),
        "until": Param(None, type=["null", "string"], format="date"),
        "reenrich": Param(False, type="boolean", description="Re-enrich documents of older pipeline versions"),
        "reprocess": Param(False, type="boolean", description="Read drops already filed in processed/ again"),
    },
)
def dropwire_backfill():
    @task
    def backfill(params=None, data_interval_start=None, data_interval_end=None) -> dict:
        from airflow.providers.amazon.aws.hooks.s3 import S3Hook

        from pipeline.ingest import backfill

        source = params["source"]
        s3 = S3Hook(aws_conn_id=settings.aws_conn_id).get_conn() if source and source.startswith("s3://") else None
        since, until = backfill_window(params, data_interval_start, data_interval_end)
        return backfill(
            source,
            settings,
            since=since,
            until=until,
            reenrich=params["reenrich"],
            reprocess=params["reprocess"],
            s3=s3,
        )

    backfill()


dropwire_backfill()
