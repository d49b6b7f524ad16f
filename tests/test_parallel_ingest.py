"""Ingest on several cores: worker processes enrich whole batches, and nothing changes but speed."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from pipeline.enrich.workers import InProcessEnrichment, WorkerPoolEnrichment
from pipeline.errors import DropError, RejectionReason
from pipeline.ingest import Ingestor
from pipeline.settings import Settings
from pipeline.sources.local import LocalFolder
from pipeline.store.tantivy import TantivyStore

PEOPLE = ["Mara Quillfeather", "Osric Bellwether", "Tamsin Greaves", "Ivo Hartnell", "Lucia Dorrance", "Bram Ettley"]


def write_articles(inbox: Path, count: int) -> Path:
    inbox.mkdir(parents=True)
    for number in range(count):
        person = PEOPLE[number % len(PEOPLE)]
        (inbox / f"{number:03d}.txt").write_text(
            f"Harbour report {number}\n"
            f"{person}, the mayor of Saltmarsh, said on Tuesday that the harbour tax would rise. "
            f"Later, {person.split()[-1]} told the council in Saltmarsh that the plan was a good one. "
            f"Item {number}.\n",
            encoding="utf-8",
        )
    return inbox


def archived(store: TantivyStore) -> dict[str, tuple]:
    """What a user sees of each document, keyed by title: actors, themes, tone."""
    return {
        document.title: (
            sorted((actor.name, actor.kind.value, actor.mentions) for actor in document.actors),
            sorted(theme.id for theme in document.themes),
            document.sentiment.label.value,
        )
        for document in store.documents()
    }


@pytest.mark.slow
def test_several_batches_are_enriched_in_worker_processes_with_the_same_result(
    tmp_path: Path, enricher
) -> None:
    pooled_settings = Settings(_env_file=None, data_dir=tmp_path / "pooled", nlp_processes=2)
    with TantivyStore(pooled_settings.index_dir) as store:
        ingestor = Ingestor(pooled_settings, store)
        summary = ingestor.ingest(LocalFolder(write_articles(tmp_path / "inbox-a", 12)), batch_drops=4)
        assert isinstance(ingestor._pool, WorkerPoolEnrichment), "a run of several batches uses the workers"
        # This process names and stores what the workers send: it loads no model of its own.
        assert ingestor._enricher is None
        ingestor.close()
        assert ingestor._pool is None
        pooled = archived(store)
    assert (summary.drops, summary.indexed, summary.quarantined) == (12, 12, 0)

    local_settings = Settings(_env_file=None, data_dir=tmp_path / "local", nlp_processes=1)
    with TantivyStore(local_settings.index_dir) as store, Ingestor(local_settings, store, enricher=enricher) as ingestor:
        ingestor.ingest(LocalFolder(write_articles(tmp_path / "inbox-b", 12)), batch_drops=4)
        assert archived(store) == pooled


class ChunkNotingPool:
    """Answers as the worker pool does (two batches at once), enriching here, and notes the
    size of each chunk it is sent."""

    parallel_batches = 2

    def __init__(self, enricher) -> None:
        self.here = InProcessEnrichment(enricher)
        self.sizes: list[int] = []

    @property
    def model(self) -> str:
        return self.here.model

    def submit(self, texts):
        self.sizes.append(len(texts))
        return self.here.submit(texts)

    def close(self) -> None:
        pass


def test_the_last_batch_is_shared_among_the_workers(tmp_path: Path, enricher) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", nlp_processes=2)
    with TantivyStore(settings.index_dir) as store, Ingestor(settings, store) as ingestor:
        ingestor._pool = pool = ChunkNotingPool(enricher)
        summary = ingestor.ingest(LocalFolder(write_articles(tmp_path / "inbox", 11)), batch_drops=4)
        assert (summary.drops, summary.indexed) == (11, 11)
        # Batches of 4, 4 and 3: the last one goes to the two workers as 2 + 1, not as 3 to one.
        assert pool.sizes == [4, 4, 2, 1]
        assert store.count() == 11


@pytest.mark.slow
def test_a_worker_that_dies_mid_run_loses_no_drop(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", nlp_processes=2)
    inbox = write_articles(tmp_path / "inbox", 12)
    with TantivyStore(settings.index_dir) as store, Ingestor(settings, store) as ingestor:
        killed = []

        def kill_the_workers(drop) -> None:
            if not killed and ingestor._pool is not None:
                for process in ingestor._pool._executor._processes.values():
                    process.kill()
                killed.append(drop)

        summary = ingestor.ingest(LocalFolder(inbox), batch_drops=3, on_drop=kill_the_workers)
        assert killed, "the workers were running"
        assert (summary.indexed, summary.quarantined) == (12, 0)
        assert store.count() == 12
    assert sorted(path.name for path in (inbox / "processed").iterdir()) == [f"{n:03d}.txt" for n in range(12)]


def test_one_run_of_a_single_batch_stays_in_this_process(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", nlp_processes=2)
    with TantivyStore(settings.index_dir) as store, Ingestor(settings, store) as ingestor:
        ingestor.ingest(LocalFolder(write_articles(tmp_path / "inbox", 3)))
        assert ingestor._pool is None and store.count() == 3


def test_a_drop_error_crosses_process_boundaries_whole() -> None:
    error = DropError(RejectionReason.ENRICHMENT_FAILED, "model crashed", record=3, content=b'{"body": 1}')
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.reason, copy.message, copy.record, copy.content) == (
        RejectionReason.ENRICHMENT_FAILED,
        "model crashed",
        3,
        b'{"body": 1}',
    )


def test_the_fork_server_preloads_the_configured_enricher_and_its_first_enrichment(tmp_path: Path) -> None:
    """What the workers' fork server preloads is what a worker with this environment's
    configuration asks for: the worker finds it in memory instead of loading its own. And what
    the first enrichment of a process loads on its way (dateparser's tables and patterns, read
    on the first date only dateparser understands) is loaded there too, once, touching no
    archive. (One process answers both: each such process loads the model.)"""
    import subprocess
    import sys

    probe = (
        "import pipeline.enrich.worker_preload\n"
        "from pipeline.enrich import dates, get_enricher\n"
        "from pipeline.enrich.workers import EnricherConfig\n"
        "from pipeline.settings import Settings\n"
        "loaded = get_enricher.cache_info().currsize\n"
        "parsed = dates._parse_against.cache_info().misses\n"
        "EnricherConfig.from_settings(Settings()).load()\n"
        "print(loaded, get_enricher.cache_info().hits, parsed)\n"
    )
    environment = {
        "PATH": "/usr/bin:/bin",
        "DROPWIRE_DATA_DIR": str(tmp_path / "data"),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(Path(__file__).resolve().parents[1]),  # this checkout's code, installed or not
    }
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=environment, cwd=tmp_path, check=True)
    loaded, hits, parsed = (int(number) for number in result.stdout.split())
    assert (loaded, hits) == (1, 1), "the configured enricher was not the one preloaded"
    assert parsed >= 1, "the fork server did not run a first enrichment"
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").iterdir())


@pytest.mark.slow
def test_the_ingesting_process_of_a_multi_process_cli_ingest_never_imports_spacy(tmp_path: Path) -> None:
    """`dropwire ingest` on several batches enriches in worker processes (their fork server
    loads spaCy and the model): the process that reads, names and stores must not import
    spaCy as well, a second or so of start-up spent for nothing."""
    import subprocess
    import sys

    inbox = write_articles(tmp_path / "inbox", 9)
    probe = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('spacy loaded here:', 'spacy' in sys.modules))\n"
        "from pipeline.cli import run\n"
        "run()\n"
    )
    environment = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DROPWIRE_DATA_DIR": str(tmp_path / "data"),
        "DROPWIRE_NLP_PROCESSES": "2",  # the default on a machine of two cores or more
        "DROPWIRE_INGEST_BATCH_SIZE": "3",  # three batches: the worker pool's path
        "PYTHONPATH": str(Path(__file__).resolve().parents[1]),  # this checkout's code, installed or not
    }
    done = subprocess.run(
        [sys.executable, "-c", probe, "ingest", str(inbox)], capture_output=True, text=True, env=environment, cwd=tmp_path
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(path.name for path in (inbox / "processed").iterdir()) == [f"{n:03d}.txt" for n in range(9)]
    assert "spacy loaded here: False" in done.stdout, done.stdout + done.stderr
