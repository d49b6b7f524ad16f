"""Helpers for the Airflow tests: the harness runner and the loopback AWS handle."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HARNESS = Path(__file__).with_name("harness.py")
AIRFLOW = Path(sys.executable).with_name("airflow")


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


