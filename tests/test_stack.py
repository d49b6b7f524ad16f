"""What can be checked of the Compose stack without Docker: the file, the images, the
environment it passes, the health checks, and the image's dependencies."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from conftest import SHARED
from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
SCHEMA = SHARED / "reference" / "compose-spec" / "compose-spec.json"
ONE_SHOT = {"elasticsearch-setup", "kibana-import", "airflow-init"}
RETRY_SCRIPT = ROOT / "infra" / "compose" / "retry.sh"
# Variables read by the third-party images themselves (their documented settings).
IMAGE_VARIABLES = {
    "discovery.type", "ELASTIC_PASSWORD", "xpack.security.enabled", "xpack.security.http.ssl.enabled", "ES_JAVA_OPTS",
    "KIBANA_PASSWORD", "ELASTICSEARCH_HOSTS", "ELASTICSEARCH_USERNAME", "ELASTICSEARCH_PASSWORD",
    "XPACK_ENCRYPTEDSAVEDOBJECTS_ENCRYPTIONKEY", "MOTO_PORT", "POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB",
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AIRFLOW_CONN_DROPWIRE_AWS", "AIRFLOW_ADMIN_PASSWORD",
}


@pytest.mark.skipif(not SCHEMA.exists(), reason=f"needs the Compose Specification schema {SCHEMA}, which is not beside this checkout")
def test_the_compose_file_follows_the_compose_specification() -> None:
    import jsonschema

    jsonschema.Draft7Validator(json.loads(SCHEMA.read_text())).validate(COMPOSE)


def test_every_image_is_pinned_to_a_version() -> None:
    for name, service in SERVICES.items():
        image = service.get("image")
        assert image, f"{name} has no image"
        tag = image.rsplit(":", 1)[-1] if ":" in image.rsplit("/", 1)[-1] else ""
        assert re.match(r"\d+\.\d+(\.\d+)?", tag), f"{name}: {image} is not pinned to a version"
    elastic = {SERVICES[name]["image"].rsplit(":", 1)[1] for name in ("elasticsearch", "kibana")}
    assert len(elastic) == 1 and elastic.pop().startswith("9."), "Elasticsearch and Kibana: the same 9.x"


def test_long_running_services_have_health_checks_and_start_in_order() -> None:
    for name, service in SERVICES.items():
        if name not in ONE_SHOT:
            assert "healthcheck" in service, f"{name} has no healthcheck"
        for dependency, condition in (service.get("depends_on") or {}).items():
            assert dependency in SERVICES, f"{name} depends on unknown {dependency}"
            wanted = "service_completed_successfully" if dependency in ONE_SHOT else "service_healthy"
            assert condition == {"condition": wanted}, f"{name} -> {dependency}: {condition}"
    assert "airflow-init" in SERVICES["airflow-scheduler"]["depends_on"]
    assert "s3-inbox" in SERVICES["airflow-init"]["depends_on"]
    assert "kibana" in SERVICES["kibana-import"]["depends_on"]


def test_ports_are_bound_to_localhost_and_data_lives_in_named_volumes() -> None:
    for name, service in SERVICES.items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} beyond this machine"
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            assert source in COMPOSE["volumes"], f"{name} mounts {source}, not a named volume"


def test_secrets_come_from_the_env_file() -> None:
    text = (ROOT / "docker-compose.yml").read_text()
    example = (ROOT / ".env.example").read_text()
    required = set(re.findall(r"\$\{([A-Z_]+):\?", text))
    defined = set(re.findall(r"^([A-Z_]+)=", example, re.MULTILINE))
    assert required <= defined, f".env.example lacks {required - defined}"
    for secret in ("ELASTIC_PASSWORD", "POSTGRES_PASSWORD", "AIRFLOW_SECRET_KEY", "KIBANA_ENCRYPTION_KEY"):
        assert secret in required, f"{secret} must be required from .env, not defaulted"


def _environment_of_our_services() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for name, service in SERVICES.items():
        for variable in service.get("environment") or {}:
            found.setdefault(variable, set()).add(name)
    return found


def test_every_dropwire_variable_is_a_setting() -> None:
    fields = {f"DROPWIRE_{field.upper()}" for field in Settings.model_fields}
    passed = {variable for variable in _environment_of_our_services() if variable.startswith("DROPWIRE_")}
    assert passed, "the stack passes no DROPWIRE_* setting"
    assert passed <= fields, f"not settings Dropwire reads: {passed - fields}"


@pytest.mark.slow
@pytest.mark.airflow  # runs Airflow's own CLI (`airflow config list`), tens of seconds of imports
def test_every_other_variable_is_an_airflow_option_or_an_image_setting() -> None:
    airflow_options = _airflow_options()
    for variable, services in _environment_of_our_services().items():
        if variable.startswith("DROPWIRE_"):
            continue
        if variable.startswith("AIRFLOW__"):
            _, section, key = variable.split("__", 2)
            assert (section.lower(), key.lower()) in airflow_options, f"{variable} ({services}) is no Airflow option"
        else:
            assert variable in IMAGE_VARIABLES, f"{variable} ({services}) is read by nothing we know"


def _airflow_options() -> set[tuple[str, str]]:
    """Every option Airflow and its installed providers document, from `config list --defaults`."""
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as home:
        done = subprocess.run(
            [str(Path(sys.executable).with_name("airflow")), "config", "list", "--defaults"],
            env={**os.environ, "AIRFLOW_HOME": home},
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    options, section = set(), ""
    for line in done.stdout.splitlines():
        if match := re.match(r"^\[(\w+)\]", line):
            section = match.group(1)
        elif match := re.match(r"^#?\s*(\w+) = ", line):
            options.add((section, match.group(1)))
    return options


def test_the_image_installs_the_projects_pinned_dependencies() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r'pip install --constraint constraints\.txt "\.\[stack\]"', dockerfile)
    assert "COPY pyproject.toml constraints.txt" in dockerfile
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = {
        re.split(r"[=<>!~\[]", line, maxsplit=1)[0].strip().lower().replace("_", "-")
        for line in (ROOT / "constraints.txt").read_text().splitlines()
        if line and not line.startswith("#")
    }
    wanted = list(project["dependencies"]) + project["optional-dependencies"]["airflow"] + project["optional-dependencies"]["stack"]
    for requirement in wanted:
        name = re.split(r"[=<>!~\[ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")
        if name == "dropwire":
            continue
        assert name in pins, f"{name} is not pinned in constraints.txt"
    assert re.search(r"^FROM python:3\.11\.\d+-slim", dockerfile, re.MULTILINE)


# -- the health checks and the set-up steps ------------------------------------------------


def _shell_check(service: str) -> str:
    kind, command = SERVICES[service]["healthcheck"]["test"]
    assert kind == "CMD-SHELL"
    return command.replace("$$", "$")  # Compose's escape for a `$` the container's shell expands


def _fake_command(folder: Path, name: str, exit_code: int) -> Path:
    """A stand-in for `name` on PATH that records its arguments and exits with `exit_code`."""
    calls = folder / f"{name}.calls"
    script = folder / name
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" >> "{calls}"\nexit {exit_code}\n')
    script.chmod(0o755)
    return calls


def test_the_elasticsearch_health_check_fails_while_elasticsearch_is_down(tmp_path: Path) -> None:
    import os

    calls = _fake_command(tmp_path, "curl", 7)  # curl's "failed to connect"
    done = subprocess.run(
        ["sh", "-c", _shell_check("elasticsearch")],
        env={**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}", "ELASTIC_PASSWORD": "pw"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode != 0, "the check passed with curl failing: is the URL cut at `&`?"
    arguments = calls.read_text().splitlines()
    assert "http://localhost:9200/_cluster/health?wait_for_status=yellow&timeout=5s" in arguments
    assert "elastic:pw" in arguments


def test_the_retry_script_tries_until_the_command_succeeds(tmp_path: Path) -> None:
    counter = tmp_path / "tries"
    # Fails twice, then succeeds: like a service that is healthy but not answering yet.
    flaky = f'n=$(cat {counter} 2>/dev/null || echo 0); n=$((n+1)); echo $n > {counter}; [ $n -ge 3 ]'
    done = subprocess.run(["bash", str(RETRY_SCRIPT), "5", "0", "sh", "-c", flaky], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert counter.read_text().strip() == "3"
    gave_up = subprocess.run(["bash", str(RETRY_SCRIPT), "2", "0", "false"], capture_output=True, text=True, timeout=30)
    assert gave_up.returncode == 1 and "attempt 2 of 2" in gave_up.stderr


def _command_line(service: dict) -> str:
    parts = service.get("entrypoint", []) + (service.get("command") or [])
    return " ".join(parts) if isinstance(parts, list) else str(parts)


def test_every_set_up_step_waits_and_retries_until_its_dependency_answers() -> None:
    for name in ONE_SHOT:
        line = _command_line(SERVICES[name])
        assert "retry.sh" in line or re.search(r"for attempt in .*seq 1 \d+.*sleep", line), f"{name} does not retry"
    init = _command_line(SERVICES["airflow-init"])
    for step in ("airflow db migrate", "dropwire store init"):
        assert re.search(rf"retry \d+ \d+ {step}", init), f"airflow-init runs `{step}` without retrying"
    assert (ROOT / "Dockerfile").read_text().count("COPY infra ./infra") == 1, "the image must carry infra/compose/retry.sh"


def test_the_inbox_is_kept_not_set_up_once() -> None:
    keeper = SERVICES["s3-inbox"]
    assert keeper["restart"] == "unless-stopped"
    assert keeper["entrypoint"][:3] == ["python", "-m", "pipeline.inbox_setup"]
    assert "--every" in keeper["entrypoint"] and "--ready-file" in keeper["entrypoint"]
    ready = keeper["entrypoint"][keeper["entrypoint"].index("--ready-file") + 1]
    assert keeper["healthcheck"]["test"] == ["CMD", "test", "-f", ready]


# -- versions, memory, volumes, switches ---------------------------------------------------


def _minor(version: str) -> tuple[int, int]:
    major, minor = version.split(".")[:2]
    return int(major), int(minor)


def test_the_elasticsearch_client_is_pinned_to_the_images_minor() -> None:
    image_versions = {SERVICES[name]["image"].rsplit(":", 1)[1] for name in ("elasticsearch", "elasticsearch-setup", "kibana")}
    assert len(image_versions) == 1, f"Elasticsearch and Kibana images differ: {image_versions}"
    [image] = image_versions
    [pin] = re.findall(r"^elasticsearch==([\d.]+)$", (ROOT / "constraints.txt").read_text(), re.MULTILINE)
    assert _minor(pin) == _minor(image), f"client {pin} and images {image}: a client needs a server of its minor or newer"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    [requirement] = [r for r in project["dependencies"] if re.match(r"elasticsearch\b", r)]
    major, minor = _minor(image)
    assert f"<{major}.{minor + 1}" in requirement, f"{requirement} lets a newer client than the {image} servers in"


def test_elasticsearch_and_kibana_have_memory_limits_above_their_heap() -> None:
    def gigabytes(value: str) -> float:
        number, unit = re.fullmatch(r"(\d+(?:\.\d+)?)([mg])", value.lower()).groups()
        return float(number) / (1024 if unit == "m" else 1)

    for name in ("elasticsearch", "kibana"):
        assert "mem_limit" in SERVICES[name], f"{name} has no memory limit"
    heap = re.search(r"-Xmx(\d+[mg])", SERVICES["elasticsearch"]["environment"]["ES_JAVA_OPTS"]).group(1)
    assert gigabytes(SERVICES["elasticsearch"]["mem_limit"]) >= 2 * gigabytes(heap), "ES needs off-heap room beside its heap"
    readme = (ROOT / "README.md").read_text()
    assert re.search(r"\d+ GB of RAM", readme), "the README says how much RAM the stack needs"


def test_dropwires_data_dir_lives_in_a_named_volume() -> None:
    runners = [name for name, service in SERVICES.items() if "AIRFLOW__CORE__EXECUTOR" in (service.get("environment") or {})]
    assert {"airflow-scheduler", "airflow-worker"} <= set(runners)
    for name in runners:  # the services whose tasks write Dropwire's state (registry, ledger)
        service = SERVICES[name]
        data_dir = service["environment"]["DROPWIRE_DATA_DIR"]
        targets = {volume.split(":")[1]: volume.split(":")[0] for volume in service.get("volumes", [])}
        assert data_dir in targets, f"{name} keeps DROPWIRE_DATA_DIR ({data_dir}) in the container's own layer"
        assert targets[data_dir] in COMPOSE["volumes"]


def _env_example() -> dict[str, str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if re.match(r"^[A-Z_]+=", line))


def test_one_switch_turns_on_celery() -> None:
    example = _env_example()
    assert example["COMPOSE_PROFILES"] == "${AIRFLOW_EXECUTOR}", "the profile must follow the executor"
    for name in ("redis", "airflow-worker"):
        assert SERVICES[name]["profiles"] == ["CeleryExecutor"], f"{name} must start exactly with CeleryExecutor"
    executor = SERVICES["airflow-scheduler"]["environment"]["AIRFLOW__CORE__EXECUTOR"]
    assert executor == "${AIRFLOW_EXECUTOR:-LocalExecutor}"
    assert example["AIRFLOW_EXECUTOR"] == "LocalExecutor"


def test_airflow_encrypts_its_connections_with_a_fernet_key_from_the_env_file() -> None:
    for name, service in SERVICES.items():
        if name.startswith("airflow-") and name != "airflow-init":
            assert service["environment"]["AIRFLOW__CORE__FERNET_KEY"].startswith("${AIRFLOW_FERNET_KEY:?"), name
    assert "AIRFLOW_FERNET_KEY" in _env_example()
    assert "Fernet.generate_key()" in (ROOT / ".env.example").read_text()


# -- the inbox announces only drops ---------------------------------------------------------


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch):
    import boto3
    from moto import mock_aws

    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    with mock_aws():
        yield boto3.client("s3", region_name="us-east-1"), boto3.client("sqs", region_name="us-east-1")


def _messages(sqs, queue_url: str) -> list[str]:
    found = []
    while batch := sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", []):
        for message in batch:
            found.append(message["Body"])
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
    return found


def test_only_drops_under_the_inbox_prefix_are_announced(aws) -> None:
    from pipeline.inbox_setup import create_inbox

    s3, sqs = aws
    inbox = create_inbox(s3, sqs, "inbox", "events", prefix="incoming/")
    _messages(sqs, inbox.queue_url)  # the s3:TestEvent
    for key in ("incoming/a.txt", "processed/incoming/b.txt", "quarantine/incoming/c.txt"):
        s3.put_object(Bucket="inbox", Key=key, Body=b"text")
    bodies = _messages(sqs, inbox.queue_url)
    assert len(bodies) == 1 and "incoming%2Fa.txt" in bodies[0]  # S3 URL-encodes keys


def test_setting_the_inbox_up_again_changes_nothing_and_sends_no_test_event(aws) -> None:
    from pipeline.inbox_setup import create_inbox

    s3, sqs = aws
    first = create_inbox(s3, sqs, "inbox", "events", prefix="incoming/")
    assert any("s3:TestEvent" in body for body in _messages(sqs, first.queue_url))
    assert create_inbox(s3, sqs, "inbox", "events", prefix="incoming/") == first
    assert _messages(sqs, first.queue_url) == [], "an unchanged notification was written again"


def test_the_keeper_puts_the_inbox_back_after_the_s3_service_forgot_it(aws, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What s3-inbox runs: the inbox from DROPWIRE_S3_INBOX, and again after moto restarts."""
    from pipeline import inbox_setup

    s3, sqs = aws
    monkeypatch.setenv("DROPWIRE_S3_INBOX", "s3://inbox/incoming/")
    monkeypatch.delenv("DROPWIRE_S3_ENDPOINT_URL", raising=False)
    inbox_setup.main(["--queue", "events"])
    config = s3.get_bucket_notification_configuration(Bucket="inbox")["QueueConfigurations"][0]
    assert [rule["Value"] for rule in config["Filter"]["Key"]["FilterRules"]] == ["incoming/"]

    # A restart of the S3 service: bucket and queue gone.
    s3.delete_bucket(Bucket="inbox")
    sqs.delete_queue(QueueUrl=sqs.get_queue_url(QueueName="events")["QueueUrl"])
    attempts = []

    def make():
        attempts.append(1)
        if len(attempts) == 1:
            raise ConnectionError("S3 is restarting")
        return inbox_setup.create_inbox(s3, sqs, "inbox", "events", prefix="incoming/")

    ready = tmp_path / "ready"
    monkeypatch.setattr(inbox_setup.time, "sleep", lambda seconds: None)
    inbox_setup.keep_inbox(make, 30, ready_file=ready, rounds=2)
    assert ready.exists() and len(attempts) == 2
    assert "inbox" in {bucket["Name"] for bucket in s3.list_buckets()["Buckets"]}
