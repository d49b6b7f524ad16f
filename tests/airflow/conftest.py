"""Airflow runs in subprocesses against a temporary SQLite metadata DB; S3 and SQS are moto."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
HARNESS = Path(__file__).with_name("harness.py")
AIRFLOW = Path(sys.executable).with_name("airflow")


@pytest.fixture(scope="session")
def airflow_home(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An Airflow home with a migrated SQLite DB, and the environment that points at it."""
    home = tmp_path_factory.mktemp("airflow-home")
    env = {
        **os.environ,
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__PARALLELISM": "4",
        "AIRFLOW__LOGGING__LOGGING_LEVEL": "WARNING",
    }
    for name in ("DROPWIRE_SQS_QUEUE_URL", "DROPWIRE_INBOX_DIR", "DROPWIRE_S3_INBOX", "DROPWIRE_STORE"):
        env.pop(name, None)
    done = subprocess.run([str(AIRFLOW), "db", "migrate"], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return env


def run_harness(env: dict[str, str], *args: str, timeout: float = 300) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(HARNESS), *args], env=env, capture_output=True, text=True, timeout=timeout, cwd=ROOT
    )
    for line in done.stdout.splitlines():
        if line.startswith("HARNESS-RESULT "):
            return json.loads(line.removeprefix("HARNESS-RESULT "))
    raise AssertionError(f"harness {args[0]} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}")


@dataclass
class AwsOnLoopback:
    """moto in server mode: S3 with real bucket notifications into SQS."""

    endpoint: str
    bucket: str
    queue_url: str
    s3: Any
    sqs: Any

    def connection_env(self, conn_id: str = "dropwire_aws") -> dict[str, str]:
        connection = {
            "conn_type": "aws",
            "login": "testing",
            "password": "testing",
            "extra": {"endpoint_url": self.endpoint, "region_name": "us-east-1"},
        }
        return {
            f"AIRFLOW_CONN_{conn_id.upper()}": json.dumps(connection),
            "DROPWIRE_AWS_CONN_ID": conn_id,
            "DROPWIRE_SQS_QUEUE_URL": self.queue_url,
            "DROPWIRE_S3_INBOX": f"s3://{self.bucket}/",
            "DROPWIRE_S3_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
        }

    def keys(self) -> list[str]:
        return sorted(item["Key"] for item in self.s3.list_objects_v2(Bucket=self.bucket).get("Contents", []))


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def aws(moto_endpoint: str) -> AwsOnLoopback:
    """A fresh inbox bucket whose ObjectCreated events go to a fresh SQS queue."""
    import boto3

    options = {
        "endpoint_url": moto_endpoint,
        "region_name": "us-east-1",
        "aws_access_key_id": "testing",
        "aws_secret_access_key": "testing",
    }
    s3, sqs = boto3.client("s3", **options), boto3.client("sqs", **options)
    name = f"inbox-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=name)
    queue_url = sqs.create_queue(QueueName=name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    s3.put_bucket_notification_configuration(
        Bucket=name,
        NotificationConfiguration={"QueueConfigurations": [{"QueueArn": arn, "Events": ["s3:ObjectCreated:*"]}]},
    )
    return AwsOnLoopback(endpoint=moto_endpoint, bucket=name, queue_url=queue_url, s3=s3, sqs=sqs)
