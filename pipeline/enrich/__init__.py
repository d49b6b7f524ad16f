"""Enrichment: one spaCy pass per text feeds actors, dates, tone and themes.

`Enricher` (pipeline/enrich/enricher.py) is built once per process and reads texts in
batches; `Text` and `Enrichments` (pipeline/enrich/texts.py) are what it reads and gives
back. Importing this package loads no spaCy: `Enricher` and `get_enricher` are imported
from their module on first use, so a process that only sends texts to enrichment workers
(pipeline/enrich/workers.py) and stores their results never pays for the model's libraries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline.enrich.texts import PIECE_CHARS, Enrichments, Text, split_for_model

if TYPE_CHECKING:
    from pipeline.enrich.enricher import NO_MODEL, WINDOW, Enricher, LanguagePipeline, get_enricher

# Names of pipeline.enrich.enricher offered here, imported on first use.
_FROM_ENRICHER = frozenset({"Enricher", "LanguagePipeline", "get_enricher", "NO_MODEL", "WINDOW"})

__all__ = ["PIECE_CHARS", "Enrichments", "Text", "split_for_model", *sorted(_FROM_ENRICHER)]


def __getattr__(name: str) -> Any:
    if name in _FROM_ENRICHER:
        from pipeline.enrich import enricher

        return getattr(enricher, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
