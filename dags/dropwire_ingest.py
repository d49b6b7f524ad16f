"""Ingest drops as they land: an S3 inbox (through SQS notifications) and a local folder.

Both feed one asset; each watcher exists when its setting is there (DROPWIRE_SQS_QUEUE_URL,
DROPWIRE_INBOX_DIR). A manual run can name payloads in its conf: {"payloads": [...]}.
"""

from __future__ import annotations

from airflow.sdk import Asset, AssetWatcher, dag, task
from dropwire_policy import ARCHIVE_POOL, RETRY_ARGS

from pipeline.settings import Settings

settings = Settings()
watchers = []
if settings.sqs_queue_url:
    from airflow.providers.common.messaging.triggers.msg_queue import MessageQueueTrigger

    watchers.append(
        AssetWatcher(
            name="dropwire_s3_inbox",
            trigger=MessageQueueTrigger(
                scheme="sqs",
                sqs_queue=settings.sqs_queue_url,
                aws_conn_id=settings.aws_conn_id,
                region_name=settings.aws_region,
                # SQS hands out at most 10 messages a read: several reads an event make a
                # burst into batches of up to 10 x polls drops instead of runs of ten.
                max_messages=10,
                num_batches=settings.sqs_polls_per_event,
                wait_time_seconds=1,
                waiter_delay=1,
            ),
        )
    )
if settings.inbox_dir:
    from pipeline.triggers import LocalFolderTrigger

    watchers.append(AssetWatcher(name="dropwire_local_inbox", trigger=LocalFolderTrigger(directory=str(settings.inbox_dir))))

inbox = Asset("dropwire_inbox", uri="dropwire://inbox", watchers=watchers)


# Every task retries with backoff; each mapped batch retries on its own.
@dag(schedule=[inbox], catchup=False, tags=["dropwire"], doc_md=__doc__, default_args=RETRY_ARGS)
def dropwire_ingest():
    @task
    def plan_batches(triggering_asset_events=None, dag_run=None) -> list[dict]:
        from pipeline.ingest import plan_batches

        # Three quick uploads can arrive as one asset event holding three messages: take all.
        payloads = [
            event.extra.get("payload") or {}
            for events in (triggering_asset_events or {}).values()
            for event in events
        ]
        payloads += (dag_run.conf or {}).get("payloads", []) if dag_run else []
        return plan_batches(payloads, settings.ingest_batch_size)

    @task(multiple_outputs=False, pool=ARCHIVE_POOL)
    def ingest_batch(batch: dict) -> dict:
        from airflow.providers.amazon.aws.hooks.s3 import S3Hook

        from pipeline.ingest import ingest_batch

        return ingest_batch(batch, settings, s3_client=lambda: S3Hook(aws_conn_id=settings.aws_conn_id).get_conn())

    ingest_batch.expand(batch=plan_batches())


dropwire_ingest()
