"""Loaded once by a process that forks the processes that enrich, before it forks any:
the ingest's worker pool's fork server (pipeline/enrich/workers.py), and each Airflow
Celery worker (pipeline/airflow_celery.py), whose task processes are forked from it.

Every worker or task would otherwise load the same things for itself: spaCy, the language
detector's model, the configured model and its theme matcher (about a second and a half
of CPU each). This loads them once, for the configuration this process's environment
names, and each child starts with them in memory, shared copy-on-write. A child given
another configuration loads its own, as before.

It also enriches one short text of its own, so what the first enrichment loads on its way
(dateparser's tables and the regular expressions it compiles, about 0.2 s of CPU) is
loaded once here, not by every worker of every pool this process starts.
"""

from __future__ import annotations

import datetime as dt
import logging

from pipeline.enrich.texts import Text
from pipeline.enrich.workers import EnricherConfig, enrich_texts
from pipeline.languages import load_detector
from pipeline.settings import Settings

log = logging.getLogger(__name__)

# Names, a relative date only dateparser reads, a figure: a text that takes every step.
_WARM_UP_TITLE = "Trust vote moved"
_WARM_UP_BODY = (
    "Ada Brightwater, who chairs the Fenwick Trust in Leeds, said two days ago that the vote "
    "set for early next month had been moved to the previous Friday, after 3% of members objected."
)


def _preload() -> None:
    load_detector()
    try:
        enricher = EnricherConfig.from_settings(Settings()).load()
    except Exception as error:  # noqa: BLE001 - each worker loads its own and reports what is wrong
        log.debug("the fork server did not preload the enricher: %s", error)
        return
    published = dt.datetime(2025, 1, 15, 9, 0, tzinfo=dt.UTC)
    enrich_texts(enricher, [Text(_WARM_UP_BODY, _WARM_UP_TITLE, published)])


_preload()
