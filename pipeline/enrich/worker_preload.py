"""Loaded by the enrichment workers' fork server once, before it forks any worker.

Every worker would otherwise load the same things for itself: spaCy, the language
detector's model, the configured model and its theme matcher (about a second and a half
of CPU each). The fork server loads them once, for the configuration this process's
environment names, and each worker starts with them in memory, shared copy-on-write.
A worker given another configuration loads its own, as before.
"""

from __future__ import annotations

import logging

from pipeline.enrich.workers import EnricherConfig
from pipeline.languages import load_detector
from pipeline.settings import Settings

log = logging.getLogger(__name__)


def _preload() -> None:
    load_detector()
    try:
        EnricherConfig.from_settings(Settings()).load()
    except Exception as error:  # noqa: BLE001 - each worker loads its own and reports what is wrong
        log.debug("the fork server did not preload the enricher: %s", error)


_preload()
