"""The one path every drop takes: source -> extract -> enrich -> validate -> store -> file.

- `documents`: an extracted record and its enrichments become a validated Document.
- `batches`: the batch runner (`Ingestor`) takes drops from a source into a store.
- `jobs`: what the CLI and the Airflow tasks call (ingest, enrich, reindex, backfill, events).

Importing this package loads no model: spaCy is loaded by the first job that enriches.
"""

from __future__ import annotations

from pipeline.ingest.batches import Ingestor, IngestSummary, ProgressCallback
from pipeline.ingest.documents import Record, build_document
from pipeline.ingest.jobs import backfill, enrich_files, ingest_batch, ingest_uris, plan_batches, reindex

__all__ = [
    "IngestSummary",
    "Ingestor",
    "ProgressCallback",
    "Record",
    "backfill",
    "build_document",
    "enrich_files",
    "ingest_batch",
    "ingest_uris",
    "plan_batches",
    "reindex",
]
