"""Fixtures for the Airflow tests: an Airflow home, the harness process that runs dag.test (on a
SQLite metadata DB it migrates itself), moto S3 and SQS on loopback, and the real Airflow stack
(CeleryExecutor on PostgreSQL and Redis) that the scale-out and the live Airflow tests share."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import SERVICES_REQUIRED
from workflows.celery_stack import Services, ServicesMissing, SharedStack, loopback_services, shared_stack
from workflows.support import ROOT, AwsOnLoopback, Harness, install_test_policy


@pytest.fixture(scope="session")
def airflow_home(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An Airflow home for the harness (which makes and migrates its SQLite metadata DB when it
    starts), and the environment that points at it."""
    home = tmp_path_factory.mktemp("airflow-home")
    install_test_policy(home)
    return {**airflow_env(home), "AIRFLOW__CORE__PARALLELISM": "4", "AIRFLOW__LOGGING__LOGGING_LEVEL": "WARNING"}


def airflow_env(home: Path) -> dict[str, str]:
    """This process's environment with Airflow at `home`, the DAGs of this checkout, and no
    Dropwire inbox, queue or store setting of the caller's."""
    env = {
        **os.environ,
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
    }
    for name in ("DROPWIRE_SQS_QUEUE_URL", "DROPWIRE_INBOX_DIR", "DROPWIRE_S3_INBOX", "DROPWIRE_STORE"):
        env.pop(name, None)
    return env


@pytest.fixture(scope="session")
def harness(airflow_home: dict[str, str]) -> Iterator[Harness]:
    """The harness process of this worker: one Airflow import and model load for every dag.test."""
    running = Harness(airflow_home, Path(airflow_home["AIRFLOW_HOME"]) / "harness.log")
    yield running
    running.close()


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


@pytest.fixture(scope="package")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """PostgreSQL and Redis on loopback (see celery_stack.loopback_services), for the stack."""
    try:
        with loopback_services(tmp_path_factory.mktemp("services")) as started:
            yield started
    except ServicesMissing as missing:
        if SERVICES_REQUIRED:
            raise RuntimeError(f"{missing} (see .ci/run)") from None
        pytest.skip(str(missing))


# Package scope, not session: the stack stops once the last test of tests/workflows on its
# worker has run, not when the worker's last test has (idle, its ten processes still poll).
@pytest.fixture(scope="package")
def airflow_stack(
    services: Services, moto_endpoint: str, osmem_base_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SharedStack]:
    """One real Airflow deployment for the tests that run on one: about ten Airflow processes,
    whose start-up and polling are most of each such test's CPU. The scale-out test runs on it first (it
    counts every run and document of the stack), then the live Airflow test; tests/conftest.py
    orders them so and hands both files to one xdist worker."""
    with shared_stack(tmp_path_factory.mktemp("airflow-stack"), services, moto_endpoint, osmem_base_url) as running:
        yield running
