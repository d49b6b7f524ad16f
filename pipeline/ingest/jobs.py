"""What the CLI commands and the Airflow tasks run: one function per job, over settings.

Callers parse their input, call one of these, and print or return the result; progress is
reported through callbacks. Nothing here imports Airflow or prints.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from pipeline.errors import DropError, RejectionReason
from pipeline.events import S3ObjectRef, paths_from_payloads, s3_objects_from_payloads
from pipeline.extract import ExtractLimits, extract
from pipeline.ingest.batches import Ingestor, IngestSummary, ProgressCallback
from pipeline.ingest.documents import build_document, split_results
from pipeline.models import Document, Drop
from pipeline.settings import Settings
from pipeline.sources import DropSource, OpenedSource, open_source
from pipeline.sources.local import LocalFolder, read_regular_file
from pipeline.store import ReindexReport, Store, open_store

log = logging.getLogger(__name__)


def ingest_uris(
    uris: Iterable[str],
    settings: Settings,
    *,
    store: Store | None = None,
    reprocess: bool = False,
    on_listed: Callable[[int], None] | None = None,
    on_drop: ProgressCallback | None = None,
    on_documents: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Ingest every drop at each URI (folder, file or s3://bucket/prefix).

    All sources are listed first, so `on_listed` can size a progress bar before any work."""
    listed: list[tuple[DropSource, list[Drop]]] = []
    for uri in uris:
        opened = open_source(uri, settings, reprocess=reprocess)
        listed.append((opened.source, list(opened.drops)))
    if on_listed is not None:
        on_listed(sum(len(drops) for _, drops in listed))
    total = IngestSummary()
    with ExitStack() as stack:
        archive = store or stack.enter_context(open_store(settings))
        ingestor = stack.enter_context(Ingestor(settings, archive))
        for source, drops in listed:
            total.add(ingestor.ingest(source, drops, on_drop=on_drop, on_documents=on_documents))
    return total


def enrich_files(paths: Iterable[Path], settings: Settings) -> Iterator[tuple[Path, Document | DropError]]:
    """Each file's documents (or what stopped them), enriched in this process, touching no store.

    Actor names are as the enrichment gives them: without an archive there is no registry."""
    from pipeline.enrich.workers import EnricherConfig, enrich_texts

    enricher = EnricherConfig.from_settings(settings).load()
    for path in paths:
        drop = LocalFolder(path.parent, move_originals=False).drop_for(path.resolve())
        try:
            results = extract(
                drop.name, read_regular_file(path), max_bytes=settings.max_drop_bytes, limits=ExtractLimits.from_settings(settings)
            )
        except DropError as error:
            yield path, error
            continue
        except OSError as error:
            yield path, DropError(RejectionReason.UNREADABLE, f"cannot read the file: {error}")
            continue
        records, failed = split_results(drop, results)
        yield from ((path, error) for error in failed)
        for record, enrichments in zip(records, enrich_texts(enricher, [r.text for r in records]), strict=True):
            yield path, build_document(
                record, enrichments, model=enricher.model, default_language=settings.default_language
            )


def reindex(
    settings: Settings,
    *,
    store: Store | None = None,
    reenrich: bool = False,
    everything: bool = False,
    on_document: Callable[[Document], None] | None = None,
) -> ReindexReport:
    """Rebuild the archive into a new index and switch to it; with `reenrich`, enrich again the
    stale documents (`everything`: all of them) on the way."""
    with ExitStack() as stack:
        archive = store or stack.enter_context(open_store(settings))
        ingestor = stack.enter_context(Ingestor(settings, archive))
        redone: list[str] = []

        def transform(documents: Iterable[Document]) -> Iterator[Document]:
            stream = ingestor.reenrich(documents, everything=everything) if reenrich else documents
            for document in stream:
                if reenrich:
                    redone.append(document.id)
                if on_document is not None:
                    on_document(document)
                yield document

        # Without re-enrichment or a watcher, the store may copy server-side (Elasticsearch's _reindex).
        try:
            report = archive.reindex(transform if reenrich or on_document is not None else None)
        except BaseException:
            ingestor.record_actor_names([], refused=redone)  # the old index stays: take its new names back
            raise
        ingestor.record_actor_names(redone)  # once the new index holds them
        if reenrich:
            ingestor.settle_curated()
    return report


def backfill(
    source: str | None,
    settings: Settings,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    reenrich: bool = False,
    reprocess: bool = False,
    s3: Any = None,
    store: Store | None = None,
) -> dict[str, Any]:
    """Catch up: ingest drops still waiting at `source` (events missed) that arrived in the
    date range, and with `reenrich`, enrich again archived stale documents (published in it).

    Idempotent and resumable: ingested drops leave the inbox, every batch is stored before the
    next one starts, and a current document is left alone, so a re-run only does what is left.
    """
    start = dt.datetime.combine(since, dt.time.min, dt.UTC) if since else None
    end = dt.datetime.combine(until, dt.time.max, dt.UTC) if until else None
    report: dict[str, Any] = {"source": source, "since": str(since) if since else None, "until": str(until) if until else None}
    with ExitStack() as stack:
        archive = store or stack.enter_context(open_store(settings))
        ingestor = stack.enter_context(Ingestor(settings, archive))
        if source:
            opened = open_source(source, settings, s3=s3, reprocess=reprocess)
            report["ingest"] = ingestor.ingest(opened.source, _arrived_within(opened, start, end)).as_dict()
        if reenrich:
            stale = (
                document
                for document in archive.documents()
                if ingestor.is_stale(document) and _within(document.dated_at, start, end)
            )
            report["reenriched"] = _store_in_batches(archive, ingestor, ingestor.reenrich(stale))
    return report


def plan_batches(payloads: list[dict[str, Any]], batch_size: int) -> list[dict[str, Any]]:
    """Cut what a burst of inbox events names into batches of at most `batch_size` drops, so
    several workers can share it (one mapped task per batch)."""
    items: list[tuple[str, list[str]]] = [("s3", [ref.bucket, ref.key]) for ref in s3_objects_from_payloads(payloads)]
    items += [("local", [folder, path]) for folder, path in _local_items(payloads)]
    return [
        {kind: [item for item_kind, item in chunk if item_kind == kind] for kind in ("s3", "local")}
        for chunk in (items[start : start + batch_size] for start in range(0, len(items), batch_size))
    ]


def ingest_batch(
    batch: dict[str, Any], settings: Settings, *, s3_client: Callable[[], Any] | None = None, store: Store | None = None
) -> dict[str, Any]:
    """Ingest one batch made by `plan_batches`. `s3_client` is called only when it names S3 objects;
    objects and files already filed (an event delivered twice) are skipped."""
    from pipeline.sources.s3 import S3Inbox, S3Location

    objects = [S3ObjectRef(bucket, key) for bucket, key in batch.get("s3") or []]
    local = [(folder, path) for folder, path in batch.get("local") or []]
    report: dict[str, Any] = {"s3_objects": len(objects), "paths": len(local)}
    with ExitStack() as stack:
        archive = store or stack.enter_context(open_store(settings))
        ingestor = stack.enter_context(Ingestor(settings, archive))
        if objects:
            if s3_client is None:
                raise ValueError("the batch names S3 objects but no S3 client was given")
            client = s3_client()
            keys_by_bucket: dict[str, list[str]] = defaultdict(list)
            for ref in objects:
                keys_by_bucket[ref.bucket].append(ref.key)
            total = IngestSummary()
            for bucket, keys in keys_by_bucket.items():
                inbox = S3Inbox(client, S3Location(bucket))
                total.add(ingestor.ingest(inbox, inbox.drops_for_keys(keys)))
            report["s3"] = total.as_dict()
        if local:
            paths_by_folder: dict[str, list[Path]] = defaultdict(list)
            for folder, path in local:
                paths_by_folder[folder].append(Path(path))
            report["local"] = []
            for folder, paths in paths_by_folder.items():
                inbox_folder = LocalFolder(Path(folder), exclude=settings.data_dir)
                inbox_folder.check_layout(settings.data_dir)
                present = [path for path in paths if os.path.lexists(path)]
                report["local"].append(ingestor.ingest(inbox_folder, inbox_folder.drops_for(present)).as_dict())
    return report


def _store_in_batches(archive: Store, ingestor: Ingestor, documents: Iterator[Document]) -> int:
    done = 0
    while batch := list(itertools.islice(documents, 200)):
        refused = {failure.doc_id for failure in archive.upsert(batch)}
        for doc_id in refused:
            log.warning("the store refused re-enriched %s", doc_id)
        ingestor.record_actor_names((document.id for document in batch if document.id not in refused), refused)
        done += len(batch) - len(refused)
    return done


def _local_items(payloads: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """`(folder, path)` for every file the folder trigger named, once each."""
    folders: dict[str, str] = {}
    for payload in payloads:
        for path in payload.get("paths") or []:
            folders.setdefault(str(path), str(payload.get("directory") or Path(path).parent))
    return [(folders[path], path) for path in paths_from_payloads(payloads)]


def _arrived_within(opened: OpenedSource, start: dt.datetime | None, end: dt.datetime | None) -> Iterator[Drop]:
    """The source's drops that landed in the range: by an S3 object's LastModified, a file's mtime."""
    from pipeline.sources.s3 import S3Inbox

    source = opened.source
    if isinstance(source, S3Inbox):
        yield from source.drops(modified_since=start, modified_until=end)
        return
    assert isinstance(source, LocalFolder)
    for drop in opened.drops:
        if _within(dt.datetime.fromtimestamp(source.path_of(drop).stat().st_mtime, dt.UTC), start, end):
            yield drop


def _within(moment: dt.datetime, start: dt.datetime | None, end: dt.datetime | None) -> bool:
    return (start is None or moment >= start) and (end is None or moment <= end)

