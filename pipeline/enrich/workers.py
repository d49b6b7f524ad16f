"""Where enrichment runs: in this process, or in worker processes that enrich whole batches.

A worker loads the model once and sends back small `Enrichments`, never spaCy Docs: on a
machine with a few cores, pickling Docs between processes costs more than it saves. Both
ways answer `submit(texts) -> Future`, so the ingest loop is the same for one core or many.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pipeline.enrich.allocator import settle_heap
from pipeline.enrich.texts import Enrichments, Text
from pipeline.errors import DropError, RejectionReason
from pipeline.settings import Settings

if TYPE_CHECKING:
    from pipeline.enrich.enricher import Enricher

log = logging.getLogger(__name__)

EnrichResult = Enrichments | DropError


@dataclass(frozen=True, slots=True)
class EnricherConfig:
    """What a process needs to build the same Enricher as its parent."""

    model: str
    taxonomy_file: Path | None = None
    aliases_file: Path | None = None
    batch_size: int = 32
    languages_file: Path | None = None
    default_language: str = "en"

    @classmethod
    def from_settings(cls, settings: Settings) -> EnricherConfig:
        return cls(
            settings.spacy_model,
            settings.taxonomy_file,
            settings.effective_aliases_file,
            settings.nlp_batch_size,
            settings.languages_file,
            settings.default_language,
        )

    def load(self) -> Enricher:
        # Imported here: the parent of a worker pool builds configs and never loads the model,
        # so it never imports spaCy (pipeline.enrich.enricher does).
        from pipeline.enrich.enricher import get_enricher

        return get_enricher(
            self.model, self.taxonomy_file, self.aliases_file, self.batch_size, self.languages_file, self.default_language
        )


def enrich_texts(enricher: Enricher, texts: Sequence[Text]) -> list[EnrichResult]:
    """Enrich texts in one nlp.pipe pass, in order.

    Should the pass fail, the texts it had not reached are redone one by one, so one text
    that breaks the model fails alone (as a DropError) and the others go on.
    """
    results: list[EnrichResult] = []
    try:
        for enrichments, _ in enricher.enrich_many((text, None) for text in texts):
            results.append(enrichments)
    except Exception as error:  # noqa: BLE001 - the one-by-one pass below reports each failure
        # The failing text is quarantined with the reason below; the traceback is for -v.
        log.warning("batch enrichment failed (%s: %s); enriching the rest one by one", type(error).__name__, error)
        log.debug("the batch enrichment's traceback", exc_info=True)
        for text in texts[len(results) :]:
            try:
                results.append(next(enricher.enrich_many([(text, None)]))[0])
            except Exception as error:  # noqa: BLE001 - any failure fails this text only
                results.append(
                    DropError(RejectionReason.ENRICHMENT_FAILED, f"enrichment failed: {type(error).__name__}: {error}")
                )
    return results


class Enrichment(Protocol):
    """Enriches batches of texts, here or elsewhere."""

    @property
    def model(self) -> str:
        """The model label recorded in each document's enrichment block."""

    @property
    def parallel_batches(self) -> int:
        """How many batches can be enriched at once: the ingest loop keeps that many in flight."""

    def submit(self, texts: Sequence[Text]) -> Future[list[EnrichResult]]: ...

    def close(self) -> None: ...


class InProcessEnrichment:
    """Enrich in this process, at once (the future is already done when returned)."""

    parallel_batches = 0

    def __init__(self, enricher: Enricher) -> None:
        self.enricher = enricher

    @property
    def model(self) -> str:
        return self.enricher.model

    def submit(self, texts: Sequence[Text]) -> Future[list[EnrichResult]]:
        future: Future[list[EnrichResult]] = Future()
        future.set_result(enrich_texts(self.enricher, texts) if texts else [])
        return future

    def close(self) -> None:
        """The enricher is shared per process (`get_enricher`): nothing to release."""


class WorkerPoolEnrichment:
    """Enrich whole batches in `processes` worker processes, each with its own model.

    Workers start from a fork server that has already imported spaCy and Dropwire and loaded
    the configured model (pipeline.enrich.worker_preload), so a worker starts with the model in
    memory; the pool starts warming up as soon as it is made.
    """

    def __init__(self, config: EnricherConfig, processes: int) -> None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["pipeline.enrich.worker_preload"])
        self._executor = ProcessPoolExecutor(
            max_workers=processes, mp_context=context, initializer=_start_worker, initargs=(config,)
        )
        self.parallel_batches = processes
        # Asking for the label starts a worker now, while the caller still reads its first drops.
        self._model = self._executor.submit(_worker_model_label)
        settle_heap()  # this process only names and stores from now on: its imports stay put

    @property
    def model(self) -> str:
        return self._model.result()

    def submit(self, texts: Sequence[Text]) -> Future[list[EnrichResult]]:
        return self._executor.submit(_enrich_in_worker, list(texts))

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


def default_processes() -> int:
    """The cores this process may use (a container's CPU set, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_worker_enricher: Enricher | None = None


def _start_worker(config: EnricherConfig) -> None:
    global _worker_enricher
    _worker_enricher = config.load()


def _worker_model_label() -> str:
    assert _worker_enricher is not None
    return _worker_enricher.model


def _enrich_in_worker(texts: list[Text]) -> list[EnrichResult]:
    assert _worker_enricher is not None
    return enrich_texts(_worker_enricher, texts)
