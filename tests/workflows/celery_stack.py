"""Airflow 3 with the CeleryExecutor on loopback, as the Compose stack's `celery` profile runs
it: PostgreSQL (metadata and Celery results) and Redis (broker) from Debian's packages, a
scheduler, a dag-processor, a triggerer, an api-server (its execution API) and named Celery workers, against moto
S3 and SQS and the Elasticsearch emulator (osmem-server). Each Airflow process is a fork of one
process that has imported Airflow with the stack's settings (workflows/preloaded_airflow.py),
running its command line as the `airflow` executable does.

Shared by tests/workflows/test_celery_scaleout.py and bench/airflow.py.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from workflows.preloaded_airflow import AirflowForks, ForkedProcess
from workflows.support import install_test_policy

ROOT = Path(__file__).resolve().parents[2]
AIRFLOW = Path(sys.executable).with_name("airflow")
SERVICES = ROOT / "scripts" / "services.sh"
# Airflow's components and the options each starts with. The api-server builds only the
# execution API, which the workers' task processes call: the UI and the REST API (about 3 s of
# CPU more to build) are nothing a drop goes through; health is read as the REST API's
# /monitor/health reads it (`CeleryStack.health`). The triggerer's logs are read from their
# files, so it starts no log server process beside it.
COMPONENTS: dict[str, tuple[str, ...]] = {
    "api-server": ("--apps", "execution"),
    "scheduler": (),
    "dag-processor": (),
    "triggerer": ("--skip-serve-logs",),
}
# The jobs whose heartbeats make the stack healthy, as the REST API's /monitor/health reads them.
HEALTHY_JOBS = {"SchedulerJob", "TriggererJob", "DagProcessorJob"}
# A job is alive while its last heartbeat is this recent (Airflow's scheduler_health_check_threshold).
HEARTBEAT_SECONDS = 30
INBOX_PREFIX = "incoming/"
# The stack the Celery scale-out and the live Airflow tests share (`shared_stack`): two named
# Celery workers (the scale-out test kills one and restarts it), batches of BURST_BATCH
# drops (the scale-out test's 120 drops make six batches or more, enough for both workers to
# take several), and a killed batch's next try after RETRY_DELAY_SECONDS (the DAGs' own 30 s is
# not what is tested here).
WORKERS = ("worker-a", "worker-b")
BURST_BATCH = 20
RETRY_DELAY_SECONDS = 2


class ServicesMissing(RuntimeError):
    """PostgreSQL or Redis is not installed: the message says which, in one line."""


@dataclass(frozen=True)
class Services:
    postgres_url: str  # postgresql://user@host:port/db
    redis_url: str  # redis://host:port


@contextmanager
def loopback_services(workdir: Path) -> Iterator[Services]:
    """The PostgreSQL and Redis of this run: the ones .ci/run started (DROPWIRE_TEST_POSTGRES_URL,
    DROPWIRE_TEST_REDIS_URL), or private ones started here by scripts/services.sh when Debian's
    packages are installed."""
    postgres, redis = os.environ.get("DROPWIRE_TEST_POSTGRES_URL"), os.environ.get("DROPWIRE_TEST_REDIS_URL")
    if postgres and redis:
        yield Services(postgres, redis)
        return
    check = subprocess.run(["bash", str(SERVICES), "check"], capture_output=True, text=True)
    if check.returncode != 0:
        raise ServicesMissing(check.stdout.strip() or check.stderr.strip())
    started = subprocess.run(["bash", str(SERVICES), "start", str(workdir)], capture_output=True, text=True, timeout=180)
    if started.returncode != 0:
        raise RuntimeError(f"scripts/services.sh start failed:\n{started.stdout}\n{started.stderr}")
    found = dict(line.split("=", 1) for line in started.stdout.splitlines() if "=" in line)
    try:
        yield Services(found["DROPWIRE_TEST_POSTGRES_URL"], found["DROPWIRE_TEST_REDIS_URL"])
    finally:
        subprocess.run(["bash", str(SERVICES), "stop", str(workdir)], capture_output=True, timeout=120)


# -- Elasticsearch: osmem behind a header-rewriting proxy ----------------------------------


class PlainJsonProxy:
    """osmem answers 406 to the client's `compatible-with` media types (a real cluster accepts
    them), and spells the highlight offset limit the OpenSearch way. The Airflow workers build
    the production client from settings, so the adaptation sits here, on loopback between them
    and osmem, and the store code sends what it sends to production (see tests/es_support.py)."""

    def __init__(self, upstream: str) -> None:
        from es_support import _opensearch_highlight

        target = urlsplit(upstream)
        host, port = target.hostname or "127.0.0.1", target.port or 80
        rewrite_body = _opensearch_highlight

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else None
                if body and "/_search" in self.path:
                    body = rewrite_body(body)
                headers = {}
                for name, value in self.headers.items():
                    lowered = name.lower()
                    if lowered in ("host", "content-length", "connection"):
                        continue
                    if lowered in ("accept", "content-type") and "compatible-with" in value:
                        value = "application/x-ndjson" if "ndjson" in value else "application/json"
                    headers[name] = value
                if body is not None:
                    headers["Content-Length"] = str(len(body))
                upstream_connection = http.client.HTTPConnection(host, port, timeout=120)
                try:
                    upstream_connection.request(self.command, self.path, body=body, headers=headers)
                    response = upstream_connection.getresponse()
                    payload = response.read()
                    self.send_response(response.status)
                    for name, value in response.getheaders():
                        if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                            self.send_header(name, value)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(payload)
                finally:
                    upstream_connection.close()

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# -- drops ---------------------------------------------------------------------------------

# Invented actors, each written two ways that share one comparison key (a hyphen or a dot):
# one real-world actor, so one canonical name across the archive whichever worker saw it.
ACTORS: list[tuple[str, str]] = [
    ("Kwame Asante-Boateng", "Kwame Asante Boateng"),
    ("Ingrid Solberg-Haugen", "Ingrid Solberg Haugen"),
    ("Nordvik Shipping Co.", "Nordvik Shipping Co"),
    ("Jean-Luc Moreau", "Jean Luc Moreau"),
    ("Teodora Vasquez-Irigoyen", "Teodora Vasquez Irigoyen"),
]
_CITIES = ["Accra", "Bergen", "Lyon", "Gdansk", "Porto", "Tampere"]
_TOPICS = [
    "port fees would rise next spring",
    "the harvest had been poor",
    "the new rail line was delayed",
    "fishing quotas must be cut",
    "the budget would be balanced",
]
_SENTENCES = [
    "{actor} said in {city} that {topic}.",
    "Speaking in {city}, {actor} warned that {topic}.",
    "{actor} told reporters in {city} on Tuesday that {topic}.",
    "In {city}, officials said {topic}, according to {actor}.",
]


@dataclass(frozen=True)
class BurstDrop:
    key: str
    text: str
    actor: int  # index into ACTORS
    spelling: str


def burst_drops(count: int, *, seed: int = 16, tag: str = "") -> list[BurstDrop]:
    """`count` short news items, each unique (a serial number in its text), each naming one
    of ACTORS in one of its two spellings, shuffled so batches meet the spellings in any order."""
    rng = random.Random(seed)
    drops = []
    for number in range(count):
        actor = rng.randrange(len(ACTORS))
        spelling = rng.choice(ACTORS[actor])
        sentence = rng.choice(_SENTENCES).format(actor=spelling, city=rng.choice(_CITIES), topic=rng.choice(_TOPICS))
        text = f"Harbour wire {tag}{number}\n{sentence} The note was filed as item {tag}{number}.\n"
        drops.append(BurstDrop(key=f"{INBOX_PREFIX}wire-{tag}{number:04d}.txt", text=text, actor=actor, spelling=spelling))
    return drops


# -- Airflow ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition: Callable[[], Any], seconds: float, what: str, *, every: float = 0.5) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(every)
    raise TimeoutError(f"timed out after {seconds:.0f}s waiting for {what}")


@dataclass(frozen=True)
class ModelLoads:
    """Enrichment model loads seen in a stack's logs (see `CeleryStack.model_loads`)."""

    by_worker: dict[str, tuple[int, int]]  # worker -> (times it started, model loads in its log)
    batch_logs: int  # task logs of ingest_batch tries
    in_batches: int  # model loads in those logs


@dataclass
class CeleryStack:
    """One Airflow deployment in `workdir`: its own metadata database and Redis database."""

    workdir: Path
    services: Services
    aws_endpoint: str
    bucket: str
    queue_url: str
    es_url: str
    batch_size: int = 25
    heartbeat_timeout: int = 20
    # Seconds a failed or killed task waits for its next try; None: the DAGs' own delay (30 s).
    # Applied by the tests' cluster policy (workflows/airflow_config).
    retry_delay_seconds: float | None = None
    # Every Airflow process of the stack is a fork of one process that has imported Airflow
    # (workflows/preloaded_airflow.py), started with the stack's environment.
    processes: dict[str, ForkedProcess] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    worker_names: set[str] = field(default_factory=set)  # every Celery worker started

    def __post_init__(self) -> None:
        port = free_port()
        self.api_port = port
        self.database = f"airflow_{uuid.uuid4().hex[:10]}"
        base = urlsplit(self.services.postgres_url)
        self.postgres = base._replace(path=f"/{self.database}").geturl()
        self.redis_db = random.randrange(1, 16)
        connection = {
            "conn_type": "aws",
            "login": "testing",
            "password": "testing",
            "extra": {"endpoint_url": self.aws_endpoint, "region_name": "us-east-1"},
        }
        python_path = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "workflows")]
        self.env = {
            **os.environ,
            "PATH": f"{AIRFLOW.parent}{os.pathsep}{os.environ['PATH']}",
            "PYTHONPATH": os.pathsep.join([*python_path, os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
            "AIRFLOW_HOME": str(self.workdir / "airflow"),
            "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": self.postgres.replace("postgresql://", "postgresql+psycopg2://", 1),
            "AIRFLOW__CELERY__BROKER_URL": f"{self.services.redis_url}/{self.redis_db}",
            "AIRFLOW__CELERY__RESULT_BACKEND": "db+" + self.postgres.replace("postgresql://", "postgresql+psycopg2://", 1),
            # As the Compose stack: each worker loads the model once, before it forks its pool.
            "AIRFLOW__CELERY__CELERY_CONFIG_OPTIONS": "pipeline.airflow_celery.CELERY_CONFIG",
            "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__PARALLELISM": "8",
            # Only the ingest DAG runs (see `start`): a scheduled backfill would take a worker
            # and the inbox's drops beside the burst.
            "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True",
            "AIRFLOW__CORE__HOSTNAME_CALLABLE": "worker_host.name",
            "AIRFLOW__CORE__FERNET_KEY": "",
            "AIRFLOW__API__HOST": "127.0.0.1",
            "AIRFLOW__API__PORT": str(port),
            "AIRFLOW__API__WORKERS": "1",
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
            # Every component must sign and check the workers' tokens with one secret.
            "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_hex(32),
            "AIRFLOW__API__SECRET_KEY": secrets.token_hex(16),
            "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
            # Each DAG file is parsed once, when the dag-processor finds it, not again every 30 s:
            # the files do not change while the stack runs, and each parse is a process start.
            "AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL": "600",
            # A worker killed with SIGKILL stops heartbeating its task: noticed in seconds, not minutes.
            "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT": str(self.heartbeat_timeout),
            "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT_DETECTION_INTERVAL": "5",
            "AIRFLOW__LOGGING__LOGGING_LEVEL": "INFO",
            # The triggerer serves its logs on a port of its own: not the default one, which a
            # second stack on this machine (the bench beside the suite) would also take.
            "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(free_port()),
            f"AIRFLOW_CONN_DROPWIRE_AWS": json.dumps(connection),
            "DROPWIRE_AWS_CONN_ID": "dropwire_aws",
            "DROPWIRE_SQS_QUEUE_URL": self.queue_url,
            "DROPWIRE_S3_INBOX": f"s3://{self.bucket}/{INBOX_PREFIX}",
            "DROPWIRE_S3_ENDPOINT_URL": self.aws_endpoint,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
            "DROPWIRE_DATA_DIR": str(self.workdir / "data"),
            "DROPWIRE_STORE": "elasticsearch",
            "DROPWIRE_ES_URL": self.es_url,
            "DROPWIRE_INGEST_BATCH_SIZE": str(self.batch_size),
            "DROPWIRE_NLP_PROCESSES": "1",
        }
        for name in (
            "DROPWIRE_INBOX_DIR", "DROPWIRE_ES_API_KEY", "DROPWIRE_ES_USERNAME", "DROPWIRE_ES_PASSWORD",
            "DROPWIRE_TEST_RETRY_DELAY_SECONDS",
        ):  # fmt: skip
            self.env.pop(name, None)
        if self.retry_delay_seconds is not None:
            self.env["DROPWIRE_TEST_RETRY_DELAY_SECONDS"] = str(self.retry_delay_seconds)
        install_test_policy(self.workdir / "airflow")
        (self.workdir / "logs").mkdir(parents=True, exist_ok=True)
        self._connection = None  # to the metadata database, opened by `query`
        self.forks = AirflowForks(self.env, self.workdir, log=self.log_path("preloaded-airflow"))
        self.pool_output: str | None = None  # what `airflow pools set` printed (`prepare`)

    # -- life cycle

    def prepare(self) -> None:
        """A fresh metadata database, migrated, with the archive pool; a clean broker database."""
        import psycopg2
        import redis

        admin = psycopg2.connect(self.services.postgres_url)
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'create database "{self.database}"')
        admin.close()
        redis.Redis.from_url(f"{self.services.redis_url}/{self.redis_db}").flushdb()
        sys.path.insert(0, str(ROOT / "dags"))
        from dropwire_policy import pool_command

        # As the Compose stack's airflow-init: `airflow db migrate`, then the archive pool's
        # command (dropwire_policy.pool_command), one after the other.
        pool = pool_command()[1:]
        printed = self.airflow([["db", "migrate"], pool], log_name="airflow-init", timeout=600)
        self.pool_output = printed.split(f"$ airflow {' '.join(pool)}", 1)[1]

    def airflow(self, commands: list[list[str]], *, log_name: str, timeout: float = 120) -> str:
        """`airflow C` for each command line C, one after the other in one process (a fork, as
        the components are), to its end; what it printed. A command that fails raises, with its
        output, and the commands after it do not run."""
        log = self.log_path(log_name)
        before = log.stat().st_size if log.exists() else 0
        process = self.forks.spawn(commands, log=log)
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _terminate([process], grace_seconds=0)  # a hung command ends here, as subprocess.run's
            raise
        printed = log.read_bytes()[before:].decode(errors="replace")
        if code != 0:
            raise RuntimeError(f"airflow {' && airflow '.join(' '.join(c) for c in commands)} failed (exit {code}):\n{printed[-5000:]}")
        return printed

    def start(self, workers: Iterable[str] = ()) -> None:
        """Start Airflow's components and the named Celery workers side by side, wait until all
        are up, then unpause the ingest DAG."""
        for component, options in COMPONENTS.items():
            self._spawn(component, [component, *options])
        ready_after = self._spawn_workers(workers)
        wait_until(self.health, 300, "Airflow to report every component healthy")
        wait_until(
            lambda: self.query("select 1 from dag where dag_id = 'dropwire_ingest'"), 180, "the ingest DAG to be parsed"
        )
        self.airflow([["dags", "unpause", "dropwire_ingest"]], log_name="airflow-cli")
        # The S3 watcher is registered when the DAG file is parsed while the DAG is unpaused: ask
        # for that parse now, as the API's "reparse DAG file" does, instead of waiting for the next
        # scheduled one.
        self.query(
            "insert into dag_priority_parsing_request (id, bundle_name, relative_fileloc) "
            "values (md5('dags-folder:dropwire_ingest.py'), 'dags-folder', 'dropwire_ingest.py') "
            "on conflict do nothing returning id"
        )
        self._wait_ready(ready_after)

    def start_worker(self, name: str) -> None:
        self.start_workers([name])

    def start_workers(self, names: Iterable[str]) -> None:
        """Start the named Celery workers side by side and wait until each is ready."""
        self._wait_ready(self._spawn_workers(names))

    def _spawn_workers(self, names: Iterable[str]) -> dict[str, int]:
        """Start the named Celery workers; what each one's log held before (see `_wait_ready`)."""
        ready_after = {}
        for name in names:
            self.worker_names.add(name)
            # Each worker keeps its own data folder, as workers on separate machines do: what they
            # must agree on (the archive, the actor registry) has to live behind the store.
            env = {**self.env, "DROPWIRE_TEST_WORKER": name, "DROPWIRE_DATA_DIR": str(self.workdir / f"data-{name}")}
            command = [
                "celery", "worker", "--concurrency", "1", "--celery-hostname", f"{name}@%h",
                "--skip-serve-logs", "--without-mingle", "--without-gossip",
            ]  # fmt: skip
            log_path = self.log_path(name)
            ready_after[name] = log_path.stat().st_size if log_path.exists() else 0
            self._spawn(name, command, env=env)
        return ready_after

    def _wait_ready(self, ready_after: dict[str, int]) -> None:
        for name, offset in ready_after.items():
            log_path = self.log_path(name)
            wait_until(
                lambda path=log_path, start=offset: " ready." in path.read_text(errors="replace")[start:],
                180,
                f"worker {name} to be ready",
            )

    def kill_worker(self, name: str) -> None:
        """SIGKILL to the worker and everything it started (its pool, the task supervisor and
        the task process): what the OOM killer or a lost machine does."""
        process = self.processes.pop(name)
        victims = _descendants(process.pid) | {process.pid}
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        for pid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        process.wait(timeout=30)

    def stop(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        # The api-server stops last: a Celery worker's warm shutdown waits for the task it runs,
        # and that task reports through the api-server's execution API (stopped with the rest,
        # the task retried its calls until the 30 s below ran out and the worker was killed).
        stopping = dict(self.processes)
        self.processes.clear()
        api_server = {name: stopping.pop(name) for name in ("api-server",) if name in stopping}
        try:
            _terminate(list(stopping.values()))
        finally:
            try:
                _terminate(list(api_server.values()))
            finally:
                self.forks.close()

    def _spawn(self, name: str, command: list[str], env: dict[str, str] | None = None) -> None:
        """`airflow COMMAND` in a session of its own, its output in the log named `name`."""
        self.processes[name] = self.forks.spawn([command], log=self.log_path(name), env=env)

    def log_path(self, name: str) -> Path:
        return self.workdir / "logs" / f"{name}.log"

    def logs_tail(self, chars: int = 4000) -> str:
        parts = []
        for path in sorted((self.workdir / "logs").glob("*.log")):
            parts.append(f"--- {path.name}\n{path.read_text(errors='replace')[-chars:]}")
        return "\n".join(parts)

    def health(self) -> set[str] | None:
        """The live jobs once the execution API answers and every job of HEALTHY_JOBS is
        running with a recent heartbeat (what the REST API's /monitor/health checks)."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.api_port}/execution/health", timeout=2) as response:
                if json.loads(response.read()).get("status") != "healthy":
                    return None
            rows = self.query(
                "select distinct job_type from job where state = 'running' "
                "and latest_heartbeat > now() - make_interval(secs => %s)",
                HEARTBEAT_SECONDS,
            )
        except (OSError, ValueError, LookupError):
            return None
        alive = {job_type for (job_type,) in rows}
        return alive if HEALTHY_JOBS <= alive else None

    # -- what the metadata database says

    def query(self, sql: str, *params: Any) -> list[tuple]:
        """Rows of one statement, on one connection kept open (the test polls several times a
        second: a connection each time would fork a PostgreSQL backend each time)."""
        import psycopg2

        if self._connection is None or self._connection.closed:
            self._connection = psycopg2.connect(self.postgres)
            self._connection.autocommit = True  # each poll sees what Airflow committed since
        with self._connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def batch_tries(self) -> list[dict[str, Any]]:
        """Every try of every ingest batch: the current one and those in the history table."""
        columns = "run_id, map_index, try_number, state, hostname"
        rows = self.query(
            f"select {columns} from task_instance where dag_id = 'dropwire_ingest' and task_id = 'ingest_batch' "
            f"union all select {columns} from task_instance_history where dag_id = 'dropwire_ingest' and task_id = 'ingest_batch'"
        )
        return [dict(zip(("run_id", "map_index", "try_number", "state", "hostname"), row)) for row in rows]

    def running_batches(self, hostname: str) -> list[tuple[str, int]]:
        rows = self.query(
            "select run_id, map_index from task_instance where dag_id = 'dropwire_ingest' and task_id = 'ingest_batch' "
            "and state = 'running' and hostname = %s",
            hostname,
        )
        return [(run_id, map_index) for run_id, map_index in rows]

    def try_state(self, batch: tuple[str, int]) -> str | None:
        """The state of a batch's current try (run_id, map_index)."""
        rows = self.query(
            "select state from task_instance where dag_id = 'dropwire_ingest' and task_id = 'ingest_batch' "
            "and run_id = %s and map_index = %s",
            *batch,
        )
        return rows[0][0] if rows else None

    def queued_asset_runs(self) -> int:
        """Runs of the ingest DAG that asset events have asked for and the scheduler has not
        made yet (Airflow's asset_dag_run_queue)."""
        return self.query("select count(*) from asset_dag_run_queue where target_dag_id = 'dropwire_ingest'")[0][0]

    def run_states(self) -> dict[str, str]:
        return dict(self.query("select run_id, state from dag_run where dag_id = 'dropwire_ingest'"))

    def model_loads(self) -> ModelLoads:
        """How often the enrichment model was loaded: by each worker (its log, against how often
        it started) and in the ingest batches' task processes (their task logs)."""
        from pipeline.enrich.enricher import LOADED_MODEL

        by_worker = {}
        for name in self.worker_names:
            log = self.log_path(name).read_text(errors="replace")
            by_worker[name] = (log.count(" ready."), log.count(LOADED_MODEL))
        batch_logs = list((self.workdir / "airflow" / "logs").glob("dag_id=dropwire_ingest/*/task_id=ingest_batch/**/*.log"))
        in_batches = sum(path.read_text(errors="replace").count(LOADED_MODEL) for path in batch_logs)
        return ModelLoads(by_worker, len(batch_logs), in_batches)

    def planned_batches(self) -> dict[tuple[str, int], list[str]]:
        """(run_id, map_index) -> the S3 keys of that batch, from plan_batches' XCom."""
        planned: dict[tuple[str, int], list[str]] = {}
        for run_id, value in self.query(
            "select run_id, value from xcom where dag_id = 'dropwire_ingest' and task_id = 'plan_batches' and key = 'return_value'"
        ):
            batches = json.loads(value) if isinstance(value, (str, bytes)) else value
            if isinstance(batches, str):
                batches = json.loads(batches)
            for index, batch in enumerate(batches):
                planned[(run_id, index)] = [key for _, key in batch.get("s3") or []]
        return planned


def _terminate(processes: list[ForkedProcess], grace_seconds: float = 30) -> None:
    """SIGTERM to each process group, then wait for all (their shutdowns overlap instead of
    adding up); what has not ended after `grace_seconds` is killed."""
    for process in processes:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + grace_seconds
    for process in processes:
        try:
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found: set[int] = set()
    stack = [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def airflow_installed() -> bool:
    return AIRFLOW.exists() and shutil.which("bash") is not None


@dataclass
class SharedStack:
    """One CeleryStack running for the tests that share it (tests/workflows/conftest.py's
    `airflow_stack`), with its inbox and archive: the S3 watcher armed, every component healthy,
    the archive pool made by `airflow pools set`."""

    stack: CeleryStack
    cluster: Any  # es_support.Cluster: the archive's index
    bucket: str
    queue_url: str
    s3: Any
    sqs: Any


def aws_clients(endpoint: str) -> tuple[Any, Any]:
    import boto3

    options = {
        "endpoint_url": endpoint,
        "region_name": "us-east-1",
        "aws_access_key_id": "testing",
        "aws_secret_access_key": "testing",
    }
    return boto3.client("s3", **options), boto3.client("sqs", **options)


def queue_is_empty(sqs: Any, queue_url: str) -> bool:
    attributes = sqs.get_queue_attributes(
        QueueUrl=queue_url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    )["Attributes"]
    return attributes["ApproximateNumberOfMessages"] == "0" and attributes["ApproximateNumberOfMessagesNotVisible"] == "0"


@contextmanager
def shared_stack(workdir: Path, services: Services, aws_endpoint: str, osmem_base_url: str) -> Iterator[SharedStack]:
    """Start the stack, yield it once the S3 watcher is armed, stop it on leaving."""
    from es_support import osmem_clone

    from pipeline.inbox_setup import create_inbox

    s3, sqs = aws_clients(aws_endpoint)
    name = f"burst-{uuid.uuid4().hex[:8]}"
    inbox = create_inbox(s3, sqs, name, name, prefix=INBOX_PREFIX)
    with osmem_clone(osmem_base_url) as cluster:
        proxy = PlainJsonProxy(cluster.url)
        stack = CeleryStack(
            workdir, services, aws_endpoint, inbox.bucket, inbox.queue_url, proxy.url, batch_size=BURST_BATCH,
            retry_delay_seconds=RETRY_DELAY_SECONDS,
        )  # fmt: skip
        try:
            stack.prepare()
            stack.start(WORKERS)
            # The watcher is running once it has taken the s3:TestEvent the notification sent, and
            # past the poll that took it once that event's run exists: a drop uploaded while that
            # poll still ran was seen to wait out the queue's visibility timeout (30 s) before the
            # re-armed watcher took it.
            wait_until(
                lambda: queue_is_empty(sqs, inbox.queue_url) and stack.run_states(), 180, "the S3 watcher to take the test event"
            )
            yield SharedStack(stack, cluster, inbox.bucket, inbox.queue_url, s3, sqs)
        except BaseException:
            print(stack.logs_tail())
            raise
        finally:
            stack.stop()
            proxy.close()
