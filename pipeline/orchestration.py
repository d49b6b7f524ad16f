"""What the Airflow tasks run, as plain functions over settings and data (no Airflow here).

Each returns a JSON-able summary, so a task can hand it to XCom and a log can print it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline.events import S3ObjectRef, paths_from_payloads, s3_objects_from_payloads
from pipeline.ingest import Ingestor, IngestSummary
from pipeline.models import Document
from pipeline.settings import Settings
from pipeline.sources.local import LocalFolder
from pipeline.sources.s3 import S3Inbox, S3Location
from pipeline.store import Store, open_store

log = logging.getLogger(__name__)


def summary_dict(summary: IngestSummary) -> dict[str, Any]:
    return {
        "drops": summary.drops,
        "indexed": summary.indexed,
        "unchanged": summary.unchanged,
        "quarantined": summary.quarantined,
        "rejections": [rejection.model_dump(mode="json") for rejection in summary.rejections],
    }


def plan_batches(payloads: list[dict[str, Any]], batch_size: int) -> list[dict[str, Any]]:
    """Cut what a batch of events names into batches of at most `batch_size` drops, so
    several workers can share a large burst (one mapped task per batch)."""
    items: list[tuple[str, list[str]]] = [("s3", [ref.bucket, ref.key]) for ref in s3_objects_from_payloads(payloads)]
    items += [("local", [directory, path]) for directory, path in _local_items(payloads)]
    batches = []
    for start in range(0, len(items), batch_size):
        chunk = items[start : start + batch_size]
        batches.append({"s3": [item for kind, item in chunk if kind == "s3"], "local": [item for kind, item in chunk if kind == "local"]})
    return batches


def ingest_batch(
    batch: dict[str, Any], settings: Settings, *, s3_client: Callable[[], Any] | None = None, store: Store | None = None
) -> dict[str, Any]:
    """Ingest one batch made by `plan_batches`."""
    objects = [S3ObjectRef(bucket, key) for bucket, key in batch.get("s3") or []]
    local = [(directory, path) for directory, path in batch.get("local") or []]
    return _ingest(objects, local, settings, s3_client=s3_client, store=store)


def ingest_events(
    payloads: list[dict[str, Any]],
    settings: Settings,
    *,
    s3_client: Callable[[], Any] | None = None,
    store: Store | None = None,
) -> dict[str, Any]:
    """Ingest what a batch of inbox events names: S3 objects from SQS messages, local paths
    from the folder trigger. `s3_client` is called only when there are S3 objects."""
    return _ingest(s3_objects_from_payloads(payloads), _local_items(payloads), settings, s3_client=s3_client, store=store)


def _local_items(payloads: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """`(folder, path)` for every file the folder trigger named, once each."""
    folders: dict[str, str] = {}
    for payload in payloads:
        for path in payload.get("paths") or []:
            folders.setdefault(str(path), str(payload.get("directory") or Path(path).parent))
    return [(folders[path], path) for path in paths_from_payloads(payloads)]


def _ingest(
    objects: list[S3ObjectRef],
    local: list[tuple[str, str]],
    settings: Settings,
    *,
    s3_client: Callable[[], Any] | None,
    store: Store | None,
) -> dict[str, Any]:
    report: dict[str, Any] = {"s3_objects": len(objects), "paths": len(local)}
    with _open(settings, store) as archive:
        if objects:
            if s3_client is None:
                raise ValueError("S3 events arrived but no S3 client was given")
            report["s3"] = ingest_s3_objects(objects, settings, s3_client(), store=archive)
        if local:
            by_folder: dict[str, list[str]] = defaultdict(list)
            for folder, path in local:
                by_folder[folder].append(path)
            report["local"] = [
                ingest_local_paths(folder_paths, Path(folder), settings, store=archive)
                for folder, folder_paths in by_folder.items()
            ]
    return report


def ingest_s3_objects(objects: Iterable[S3ObjectRef], settings: Settings, client: Any, *, store: Store | None = None) -> dict[str, Any]:
    """Ingest notified S3 objects, bucket by bucket; objects already filed are skipped."""
    by_bucket: dict[str, list[str]] = defaultdict(list)
    for ref in objects:
        by_bucket[ref.bucket].append(ref.key)
    total = IngestSummary()
    with _open(settings, store) as archive:
        ingestor = Ingestor(settings, archive)
        for bucket, keys in by_bucket.items():
            inbox = S3Inbox(client, S3Location(bucket))
            total.add(ingestor.ingest(inbox, inbox.drops_for_keys(keys)))
    return summary_dict(total)


def ingest_local_paths(paths: Iterable[str], inbox_dir: Path, settings: Settings, *, store: Store | None = None) -> dict[str, Any]:
    """Ingest files the folder trigger reported; files already filed are skipped."""
    folder = LocalFolder(inbox_dir)
    present = [Path(path) for path in paths if Path(path).is_file()]
    with _open(settings, store) as archive:
        summary = Ingestor(settings, archive).ingest(folder, folder.drops_for(present))
    return summary_dict(summary)


def backfill(
    source: str | None,
    settings: Settings,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    reenrich: bool = False,
    s3: Any = None,
    store: Store | None = None,
) -> dict[str, Any]:
    """Catch up: ingest drops still waiting at `source` (events missed), and with `reenrich`,
    enrich again archived documents (in the date range) made by an older pipeline.

    Idempotent and resumable: ingested drops leave the inbox, every batch is stored before the
    next one starts, and a document already current is left alone, so a re-run after a
    failure only does what is left.
    """
    report: dict[str, Any] = {"source": source, "since": str(since) if since else None, "until": str(until) if until else None}
    with _open(settings, store) as archive:
        ingestor = Ingestor(settings, archive)
        if source:
            report["ingest"] = summary_dict(_ingest_pending(source, ingestor, settings, since, until, s3))
        if reenrich:
            report["reenriched"] = _reenrich_stale(archive, ingestor, since, until)
    return report


def _ingest_pending(
    source: str, ingestor: Ingestor, settings: Settings, since: dt.date | None, until: dt.date | None, s3: Any
) -> IngestSummary:
    start = dt.datetime.combine(since, dt.time.min, dt.UTC) if since else None
    end = dt.datetime.combine(until, dt.time.max, dt.UTC) if until else None
    if source.startswith("s3://"):
        inbox = S3Inbox(s3, S3Location.parse(source))
        return ingestor.ingest(inbox, inbox.drops(modified_since=start, modified_until=end))
    folder = LocalFolder(Path(source))
    drops = (
        drop
        for drop in folder.drops()
        if _within(dt.datetime.fromtimestamp(folder.path_of(drop).stat().st_mtime, dt.UTC), start, end)
    )
    return ingestor.ingest(folder, drops)


def _within(moment: dt.datetime, start: dt.datetime | None, end: dt.datetime | None) -> bool:
    return (start is None or moment >= start) and (end is None or moment <= end)


def _reenrich_stale(archive: Store, ingestor: Ingestor, since: dt.date | None, until: dt.date | None) -> int:
    start = dt.datetime.combine(since, dt.time.min, dt.UTC) if since else None
    end = dt.datetime.combine(until, dt.time.max, dt.UTC) if until else None
    stale = (
        document
        for document in archive.documents()
        if ingestor.is_stale(document) and _within(document.dated_at, start, end)
    )
    done = 0
    redone = ingestor.reenrich(stale)
    while batch := list(itertools.islice(redone, 200)):
        failures = archive.upsert(batch)
        done += len(batch) - len(failures)
        for failure in failures:
            log.warning("the store refused re-enriched %s: %s", failure.doc_id, failure.reason)
    return done


def reindex(settings: Settings, *, reenrich: bool = False, store: Store | None = None) -> dict[str, Any]:
    with _open(settings, store) as archive:
        ingestor = Ingestor(settings, archive)

        def transform(documents: Iterable[Document]) -> Iterable[Document]:
            return ingestor.reenrich(documents) if reenrich else documents

        report = archive.reindex(transform)
    return {
        "source": report.source,
        "target": report.target,
        "documents": report.documents,
        "failures": [{"id": failure.doc_id, "reason": failure.reason} for failure in report.failures],
    }


@contextmanager
def _open(settings: Settings, store: Store | None) -> Iterator[Store]:
    """The given store (left open), or one opened from settings and closed afterwards."""
    if store is not None:
        yield store
        return
    opened = open_store(settings)
    try:
        yield opened
    finally:
        opened.close()
