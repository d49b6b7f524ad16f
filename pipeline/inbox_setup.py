"""Create an S3 inbox whose new objects are announced on an SQS queue (idempotent).

For MinIO, moto or LocalStack in the Compose stack, and for a first try on real AWS (where
infra/aws/ has the queue policy and the equivalent aws-cli commands).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


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


def create_inbox(s3: Any, sqs: Any, bucket: str, queue: str, *, region: str = "us-east-1") -> InboxQueue:
    existing = {item["Name"] for item in s3.list_buckets().get("Buckets", [])}
    if bucket not in existing:
        options = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
        s3.create_bucket(Bucket=bucket, **options)
    queue_url = sqs.create_queue(QueueName=queue)["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"Policy": json.dumps(queue_policy(queue_arn, bucket))})
    s3.put_bucket_notification_configuration(
        Bucket=bucket,
        NotificationConfiguration={
            "QueueConfigurations": [
                {
                    "Id": "dropwire-inbox",
                    "QueueArn": queue_arn,
                    "Events": ["s3:ObjectCreated:*"],
                    # Our own moves land under processed/ and quarantine/: events for them are
                    # skipped by the DAG anyway; a prefix filter here would need the inbox in a prefix.
                }
            ]
        },
    )
    return InboxQueue(bucket=bucket, queue_url=queue_url, queue_arn=queue_arn)
