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
ONE_SHOT = {"elasticsearch-setup", "kibana-import", "s3-init", "airflow-init"}
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
    assert "s3-init" in SERVICES["airflow-init"]["depends_on"]
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
