"""Catch up with the inbox and re-enrich old documents, on a schedule or on demand.

Params: `source` (s3://bucket/prefix or a folder; default the configured inbox), `since` and
`until` (YYYY-MM-DD, on arrival for drops and on publication for documents), `reenrich`.
Idempotent and resumable; safe beside dropwire_ingest (both skip what is already done).
"""

from __future__ import annotations

from airflow.sdk import Param, dag, task

from pipeline.settings import Settings

settings = Settings()
default_source = settings.s3_inbox or (str(settings.inbox_dir) if settings.inbox_dir else None)


@dag(
    schedule=settings.backfill_schedule,
    catchup=False,
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
    def backfill(params=None) -> dict:
        import datetime as dt

        from airflow.providers.amazon.aws.hooks.s3 import S3Hook

        from pipeline.ingest import backfill

        source = params["source"]
        s3 = S3Hook(aws_conn_id=settings.aws_conn_id).get_conn() if source and source.startswith("s3://") else None
        return backfill(
            source,
            settings,
            since=dt.date.fromisoformat(params["since"]) if params["since"] else None,
            until=dt.date.fromisoformat(params["until"]) if params["until"] else None,
            reenrich=params["reenrich"],
            reprocess=params["reprocess"],
            s3=s3,
        )

    backfill()


dropwire_backfill()
