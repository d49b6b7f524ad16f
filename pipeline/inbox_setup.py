"""Create an S3 inbox whose new objects are announced on an SQS queue (idempotent).

For MinIO, moto or LocalStack in the Compose stack, and for a first try on real AWS (where
infra/aws/ has the queue policy and the equivalent aws-cli commands).

Only objects under the inbox prefix are announced: Dropwire files originals under
`processed/` and `quarantine/` at the bucket root, and a notification for those writes would
start a DAG run for nothing. With the inbox at the bucket root no S3 filter can exclude them
(S3 filters are prefix and suffix only), so the Compose stack keeps its inbox under `incoming/`.

`python -m pipeline.inbox_setup --every SECONDS` keeps the inbox there: an in-memory S3
(moto) forgets the bucket, queue and notification when it restarts, and a one-shot set-up
would not run again.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
NOTIFICATION_ID = "dropwire-inbox"


@dataclass(frozen=True, slots=True)
class InboxQueue:
    bucket: str
    queue_url: str
    queue_arn: str


def queue_policy(queue_arn: str, bucket: str) -> dict[str, Any]:
    """The SQS policy that lets the bucket (and only it) send its notifications."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "DropwireInboxNotifications",
                "Effect": "Allow",
                "Principal": {"Service": "s3.amazonaws.com"},
                "Action": "sqs:SendMessage",
                "Resource": queue_arn,
                "Condition": {"ArnLike": {"aws:SourceArn": f"arn:aws:s3:::{bucket}"}},
            }
        ],
    }


def inbox_notification(queue_arn: str, prefix: str = "") -> dict[str, Any]:
    """The bucket's notification: ObjectCreated under `prefix` (everything when it is empty)."""
    queue: dict[str, Any] = {"Id": NOTIFICATION_ID, "QueueArn": queue_arn, "Events": ["s3:ObjectCreated:*"]}
    if prefix:
        queue["Filter"] = {"Key": {"FilterRules": [{"Name": "prefix", "Value": prefix}]}}
    return {"QueueConfigurations": [queue]}


def _same_notification(current: dict[str, Any], wanted: dict[str, Any]) -> bool:
    """S3 answers filter rule names in its own case ("Prefix"): compare without it."""

    def shape(config: dict[str, Any]) -> list[tuple[str, str, tuple[str, ...], tuple[tuple[str, str], ...]]]:
        return sorted(
            (
                queue.get("Id", ""),
                queue["QueueArn"],
                tuple(sorted(queue.get("Events", []))),
                tuple(
                    sorted(
                        (rule["Name"].lower(), rule["Value"])
                        for rule in queue.get("Filter", {}).get("Key", {}).get("FilterRules", [])
                    )
                ),
            )
            for queue in config.get("QueueConfigurations", [])
        )

    return shape(current) == shape(wanted)


def create_inbox(
    s3: Any, sqs: Any, bucket: str, queue: str, *, region: str = "us-east-1", prefix: str = ""
) -> InboxQueue:
    """Bucket, queue, policy and notification, each made only when missing or different.

    The notification is written only when it changed, because S3 answers every write with an
    `s3:TestEvent` message, which would start an empty ingest run each time."""
    existing = {item["Name"] for item in s3.list_buckets().get("Buckets", [])}
    if bucket not in existing:
        options = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
        s3.create_bucket(Bucket=bucket, **options)
    queue_url = sqs.create_queue(QueueName=queue)["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"Policy": json.dumps(queue_policy(queue_arn, bucket))})
    wanted = inbox_notification(queue_arn, prefix)
    current = s3.get_bucket_notification_configuration(Bucket=bucket)
    if not _same_notification(current, wanted):
        s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration=wanted)
    return InboxQueue(bucket=bucket, queue_url=queue_url, queue_arn=queue_arn)


def keep_inbox(
    make: Callable[[], InboxQueue], every_seconds: float, *, ready_file: Path | None = None, rounds: int | None = None
) -> None:
    """Call `make()` now and every `every_seconds` (forever unless `rounds`); a failure is
    logged and tried again next round, so the inbox comes back after the S3 service does.
    `ready_file` exists while the last round succeeded (the container's health check)."""
    done = 0
    while rounds is None or done < rounds:
        try:
            created = make()
            log.info("inbox s3://%s/ announces on %s", created.bucket, created.queue_url)
            if ready_file is not None:
                ready_file.touch()
        except Exception as error:  # an S3 service that is down or restarting: next round
            log.warning("could not set up the inbox yet: %s", error)
            if ready_file is not None:
                ready_file.unlink(missing_ok=True)
        done += 1
        if rounds is None or done < rounds:
            time.sleep(every_seconds)


def main(argv: list[str] | None = None) -> None:
    """Set up the inbox that DROPWIRE_S3_INBOX names, announced on the queue named here."""
    import boto3

    from pipeline.settings import Settings
    from pipeline.sources.s3 import S3Location

    parser = argparse.ArgumentParser(prog="python -m pipeline.inbox_setup", description=main.__doc__)
    parser.add_argument("--queue", default="dropwire-inbox", help="SQS queue name")
    parser.add_argument("--every", type=float, default=0, help="keep the inbox: check again every SECONDS")
    parser.add_argument("--ready-file", type=Path, help="exists while the inbox is in place (with --every)")
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    settings = Settings()
    if not settings.s3_inbox:
        parser.error("set DROPWIRE_S3_INBOX to s3://bucket/prefix/")
    location = S3Location.parse(settings.s3_inbox)
    options = {"endpoint_url": settings.s3_endpoint_url, "region_name": settings.aws_region}

    def make() -> InboxQueue:
        s3, sqs = boto3.client("s3", **options), boto3.client("sqs", **options)
        return create_inbox(s3, sqs, location.bucket, arguments.queue, region=settings.aws_region, prefix=location.prefix)

    if arguments.every > 0:
        keep_inbox(make, arguments.every, ready_file=arguments.ready_file)
    else:
        make()


if __name__ == "__main__":
    main()
