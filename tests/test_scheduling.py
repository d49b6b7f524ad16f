"""How tests/conftest.py hands the suite out over xdist workers: the long pole (the two tests
that share one real Airflow stack) starts first, on a worker of its own, and what waits behind
it is a quick test."""

from __future__ import annotations

import conftest

CELERY = "tests/workflows/test_celery_scaleout.py::test_burst"
LIVE = "tests/workflows/test_live_airflow.py::test_drop"
DAGS = ["tests/workflows/test_dags.py::test_shape", "tests/workflows/test_dags.py::test_folder"]
SLOW = ["tests/test_robustness.py::test_kill_9", "tests/test_themes.py::test_bbc_section_topics"]
QUICK = ["tests/test_dates.py::test_a", "tests/test_dates.py::test_b", "tests/test_dates.py::test_c"]
COLLECTION = [CELERY, LIVE, *DAGS, *SLOW, *QUICK]  # longest first, as _start_order sorts it


class FakeConfig:
    def __init__(self, workers: int) -> None:
        self.values = {"dist": "loadfile", "tx": [f"{workers}*popen"]}
        self.option = type("Options", (), {"loadscopereorder": False})()

    def getvalue(self, name: str):
        return self.values[name]


class FakeWorker:
    """What the scheduler sees of an xdist worker: the tests it was sent, in order."""

    def __init__(self, name: str, collection: list[str]) -> None:
        self.gateway = type("Gateway", (), {"id": name})()
        self.collection = collection
        self.sent: list[str] = []
        self.shutting_down = False

    def send_runtest_some(self, indices: list[int]) -> None:
        self.sent += [self.collection[index] for index in indices]

    def shutdown(self) -> None:
        self.shutting_down = True


def _started(workers: int, collection: list[str] = COLLECTION) -> list[FakeWorker]:
    scheduler = conftest.pytest_xdist_make_scheduler(FakeConfig(workers), log=None)
    nodes = [FakeWorker(f"gw{number}", collection) for number in range(workers)]
    for node in nodes:
        scheduler.add_node(node)
    for node in nodes:
        scheduler.add_node_collection(node, collection)
    scheduler.schedule()
    return nodes


def test_the_tests_of_the_shared_airflow_stack_start_first_on_one_worker() -> None:
    first, second, third = _started(3)
    assert first.sent[:2] == [CELERY, LIVE]  # one unit: the stack starts once, on one worker
    assert second.sent[:2] == DAGS  # the DAG tests' file is one unit, whole on one worker
    assert third.sent[0] == SLOW[0]


def test_the_shared_stack_stays_on_one_worker_whatever_the_number_of_workers() -> None:
    for workers in (2, 4, 6):
        holding = [node.gateway.id for node in _started(workers) if CELERY in node.sent or LIVE in node.sent]
        assert len(holding) == 1, (workers, holding)


def test_what_waits_behind_the_long_pole_is_the_quickest_test_left() -> None:
    first, _, _ = _started(3)
    # A worker starts a test only once the next one has reached it: one test waits behind the
    # pole's last test, and it must be a quick one, not the DAG tests or another slow one.
    assert first.sent == [CELERY, LIVE, QUICK[-1]]


def test_the_long_poles_worker_stops_after_them_while_the_others_take_the_rest(monkeypatch) -> None:
    monkeypatch.setattr(conftest, "_cores", lambda: 2, raising=False)
    first, second, third = _started(3)
    # The extra worker `-n auto` starts for the Airflow tests' waits: the tests left go to
    # workers that have loaded spaCy and the models already, not to one that would load them again.
    assert first.shutting_down and not second.shutting_down and not third.shutting_down


def test_the_long_poles_worker_stays_where_the_others_are_fewer_than_the_cores(monkeypatch) -> None:
    monkeypatch.setattr(conftest, "_cores", lambda: 2, raising=False)
    for workers in (1, 2):  # `-n 1`, `-n 2`: without it, a core would idle after the pole
        assert not _started(workers)[0].shutting_down, workers


def test_the_tests_that_start_enrichment_worker_pools_in_the_test_process_share_one_worker() -> None:
    # Each worker process's first pool starts a fork server that loads the model: one worker
    # for all of them loads it once.
    pools = [
        "tests/test_parallel_ingest.py::test_several_batches",
        "tests/test_languages.py::test_worker_processes_enrich_each_language_with_its_model",
        "tests/test_parallel_ingest.py::test_a_worker_that_dies",
    ]
    others = ["tests/test_languages.py::test_a_mixed_batch", *QUICK]
    for workers in (2, 3, 4):
        nodes = _started(workers, [pools[0], others[0], pools[1], *others[1:], pools[2]])
        holding = [node for node in nodes if set(pools) & set(node.sent)]
        assert [node.gateway.id for node in holding] == ["gw0"], workers  # the first unit, whole
        assert sorted(set(pools) & set(holding[0].sent)) == sorted(pools), workers


def test_the_benchmark_scripts_smoke_tests_share_one_worker() -> None:
    # They run as forks of one process that has loaded the model (tests/preloaded_scripts.py):
    # one worker for all of them starts it once.
    bench = [
        "tests/test_bench.py::test_a_benchmark_ends_with_its_metric_line[latency.py-args2]",
        "tests/test_cli_startup.py::test_the_cli_benchmark_ends_with_its_wall_time_against_the_absolute_target",
        "tests/test_bench.py::test_the_quality_benchmark_prints_its_three_metrics",
        "tests/test_themes.py::test_the_theme_benchmark_runs_and_ends_with_its_metric_line",
        "tests/test_preloaded_scripts.py::test_a_name_the_script_never_imported_is_a_name_error",
    ]
    others = ["tests/test_bench_actors.py::test_every_judgement_has_a_known_verdict_and_a_reason[a.yaml]", *QUICK]
    for workers in (2, 3, 4):
        nodes = _started(workers, [bench[0], others[0], bench[1], *others[1:], *bench[2:]])
        holding = [node for node in nodes if set(bench) & set(node.sent)]
        assert [node.gateway.id for node in holding] == ["gw0"], workers
        assert sorted(set(bench) & set(holding[0].sent)) == sorted(bench), workers
