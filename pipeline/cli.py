"""`dropwire`: ingest drops, enrich files, search the archive, watch a folder."""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
import shutil
import signal
import tempfile
import threading
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline import __version__
from pipeline.errors import DropError, DropwireError
from pipeline.models import SentimentLabel, SourceKind
from pipeline.search import SearchQuery, SearchResults, explain
from pipeline.settings import Settings, get_settings, redacted_url
from pipeline.sources import SourceNotFound
from pipeline.store import open_store

if TYPE_CHECKING:  # the ingest path loads spaCy: only commands that enrich import it
    from pipeline.ingest import IngestSummary

app = typer.Typer(
    name="dropwire",
    help="Turn text drops into a searchable archive of actors, dates, tone and themes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
schemas_app = typer.Typer(help="The JSON Schema of the Document contract.", no_args_is_help=True)
app.add_typer(schemas_app, name="schemas")
kibana_app = typer.Typer(help="Kibana dashboards as code.", no_args_is_help=True)
app.add_typer(kibana_app, name="kibana")
store_app = typer.Typer(help="Set up the store.", no_args_is_help=True)
app.add_typer(store_app, name="store")
inbox_app = typer.Typer(help="Set up an S3 inbox.", no_args_is_help=True)
app.add_typer(inbox_app, name="inbox")

console = Console()
errors = Console(stderr=True)

class StoreName(str, Enum):
    tantivy = "tantivy"
    elasticsearch = "elasticsearch"


DataDirOption = Annotated[
    Optional[Path],
    typer.Option("--data-dir", help="Where the embedded archive lives [env: DROPWIRE_DATA_DIR]", show_default=False),
]
StoreOption = Annotated[
    Optional[StoreName],
    typer.Option("--store", help="Which store holds the archive [env: DROPWIRE_STORE]", show_default=False),
]


def _settings(data_dir: Path | None = None, store: StoreName | None = None, **overrides: object) -> Settings:
    settings = get_settings()
    candidates = {"data_dir": data_dir, "store": store.value if store else None, **overrides}
    updates = {key: value for key, value in candidates.items() if value is not None}
    return settings.model_copy(update=updates) if updates else settings


@app.callback()
def main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log each quarantined drop and more.")] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.ERROR,
        format="%(message)s",
        handlers=[RichHandler(console=errors, show_path=False)],
    )


@app.command()
def version() -> None:
    """Print Dropwire's version."""
    console.print(__version__)


@app.command()
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files, folders (inboxes, read recursively) or s3://bucket/prefix.", show_default=False),
    ],
    keep: Annotated[
        bool,
        typer.Option("--keep", help="Leave originals in place; quarantined copies go to DATA_DIR/quarantine."),
    ] = False,
    data_dir: DataDirOption = None,
    store: StoreOption = None,
) -> None:
    """Ingest drops into the archive: extract, enrich, validate, index.

    Ingested files move to processed/ beside them, bad ones to quarantine/ with a
    .rejection.json saying why; on S3, under the bucket's processed/ and quarantine/
    prefixes. Running it twice on the same text changes nothing.

    Example:

        dropwire ingest ~/inbox s3://newsroom-inbox/2025/
    """
    from pipeline.ingest import ingest_uris

    settings = _settings(data_dir, store, move_originals=False if keep else None)
    with _progress() as progress:
        task = progress.add_task("ingesting", total=None)
        try:
            summary = ingest_uris(
                paths,
                settings,
                on_listed=lambda total: progress.update(task, total=total),
                on_drop=lambda drop: progress.advance(task),
            )
        except SourceNotFound as error:
            raise typer.BadParameter(str(error), param_hint="PATHS") from None
    _print_summary(summary)


def _progress() -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=errors,
        transient=False,
    )


def _print_summary(summary: IngestSummary) -> None:
    table = Table(title="Ingest summary", show_header=False)
    table.add_row("drops read", str(summary.drops))
    table.add_row("documents indexed", f"[green]{summary.indexed}[/]")
    table.add_row("unchanged (already archived)", str(summary.unchanged))
    table.add_row("quarantined", f"[red]{summary.quarantined}[/]" if summary.quarantined else "0")
    console.print(table)
    for rejection in summary.rejections:
        where = f" (line {rejection.record})" if rejection.record else ""
        console.print(
            f"  [red]✗[/] {escape(rejection.drop_uri)}{where}: {rejection.reason.value}: {escape(rejection.message)}",
            soft_wrap=True,
        )


@app.command()
def enrich(
    files: Annotated[list[Path], typer.Argument(help="Drop files to enrich.", exists=True, dir_okay=False)],
) -> None:
    """Print one Document JSON per line for each file, touching no store.

    Drops that cannot become a document are reported on stderr and the exit code is 1.

    Example:

        dropwire enrich article.txt | jq .actors
    """
    from pipeline.ingest import enrich_files

    failed = 0
    for path, result in enrich_files(files, _settings()):
        if isinstance(result, DropError):
            failed += 1
            errors.print(f"[red]✗[/] {escape(str(path))}: {escape(str(result))}")
        else:
            print(result.model_dump_json())
    raise typer.Exit(1 if failed else 0)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words, \"phrases\", -exclusions; any syntax is safe.")] = "",
    actor: Annotated[Optional[list[str]], typer.Option("--actor", "-a", help="Canonical actor name (repeatable).")] = None,
    theme: Annotated[Optional[list[str]], typer.Option("--theme", "-t", help="Theme id (repeatable).")] = None,
    since: Annotated[Optional[dt.datetime], typer.Option(formats=["%Y-%m-%d"], help="From this day.")] = None,
    until: Annotated[Optional[dt.datetime], typer.Option(formats=["%Y-%m-%d"], help="Up to this day.")] = None,
    sentiment: Annotated[Optional[SentimentLabel], typer.Option(help="Document tone.")] = None,
    source: Annotated[Optional[SourceKind], typer.Option(help="Where drops came from.")] = None,
    media_type: Annotated[
        Optional[str], typer.Option("--media-type", help="Only documents of this type, e.g. application/pdf.")
    ] = None,
    limit: Annotated[int, typer.Option(min=0, max=1000, help="Hits to show.")] = 10,
    offset: Annotated[int, typer.Option(min=0, help="Hits to skip (paging).")] = 0,
    cursor: Annotated[Optional[str], typer.Option(help="next_cursor of the previous --json page: deep paging.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
    data_dir: DataDirOption = None,
    store: StoreOption = None,
) -> None:
    """Search the archive: hits with highlights, and facet counts.

    Example:

        dropwire search "missile test" --actor "Kim Jong Un" --since 2025-01-01
    """
    try:
        request = SearchQuery(
            text=query,
            actors=actor or [],
            themes=theme or [],
            since=since.date() if since else None,
            until=until.date() if until else None,
            sentiment=sentiment,
            source_kind=source,
            media_type=media_type,
            limit=limit,
            offset=offset,
            cursor=cursor,
        )
    except ValidationError as error:
        raise typer.BadParameter(explain(error)) from None
    settings = _settings(data_dir, store)
    with open_store(settings) as archive:
        results = archive.search(request)
    if as_json:
        print(results.model_dump_json(indent=2))
    else:
        print_results(results, request)


def print_results(results: SearchResults, request: SearchQuery) -> None:
    console.print(f"[bold]{results.total}[/] document(s) match")
    for number, hit in enumerate(results.hits, start=request.offset + 1):
        title = escape(hit.title or "(untitled)")
        console.print(f"\n[bold]{number}. {title}[/]  [dim]{hit.dated_at:%Y-%m-%d} · {hit.sentiment.value} · {hit.id[:12]}[/]")
        if hit.highlight:
            console.print("   " + highlight_markup(hit.highlight))
        console.print(f"   [dim]themes:[/] {escape(', '.join(hit.themes) or '-')}  [dim]actors:[/] {escape(', '.join(hit.actors[:6]) or '-')}")
    facets = results.facets
    table = Table(title="Facets", show_lines=False)
    for column in ("actors", "themes", "months", "sentiment"):
        table.add_column(column)
    columns = [
        [f"{escape(f.value)} ({f.kind.value}) {f.count}" for f in facets.actors],
        [f"{escape(f.value)} {f.count}" for f in facets.themes],
        [f"{f.value} {f.count}" for f in facets.months],
        [f"{f.value} {f.count}" for f in facets.sentiment],
    ]
    for row in range(max((len(column) for column in columns), default=0)):
        table.add_row(*(column[row] if row < len(column) else "" for column in columns))
    console.print()
    console.print(table)


_HIGHLIGHT = re.compile(r"<b>(.*?)</b>", re.DOTALL)


def highlight_markup(fragment_html: str) -> str:
    """Turn a snippet's HTML (escaped text, <b> around matches) into rich markup."""
    parts = []
    position = 0
    for match in _HIGHLIGHT.finditer(fragment_html):
        parts.append(escape(html.unescape(fragment_html[position : match.start()])))
        parts.append(f"[bold yellow]{escape(html.unescape(match.group(1)))}[/]")
        position = match.end()
    parts.append(escape(html.unescape(fragment_html[position:])))
    return " ".join("".join(parts).split())


@app.command()
def watch(
    folder: Annotated[Path, typer.Argument(help="The inbox folder to watch (created if missing).", file_okay=False)],
    data_dir: DataDirOption = None,
    store: StoreOption = None,
) -> None:
    """Ingest every file already in FOLDER, then each new or moved-in file as it lands.

    Stop with Ctrl-C.

    Example:

        dropwire watch ~/inbox
    """
    from pipeline.ingest import Ingestor
    from pipeline.sources.local import LocalFolder
    from pipeline.watch import watch_folder

    settings = _settings(data_dir, store)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    inbox = LocalFolder(folder, move_originals=True, exclude=settings.data_dir)
    inbox.check_layout(settings.data_dir)
    errors.print(f"watching {inbox.root} (Ctrl-C to stop)")

    def report(summary: IngestSummary) -> None:
        errors.print(
            f"{dt.datetime.now():%H:%M:%S} indexed {summary.indexed}, unchanged {summary.unchanged}, "
            f"quarantined {summary.quarantined}"
        )
        for rejection in summary.rejections:
            errors.print(f"  [red]✗[/] {escape(rejection.drop_uri)}: {escape(rejection.message)}")

    with open_store(settings) as archive, Ingestor(settings, archive) as ingestor:
        try:
            total = watch_folder(inbox, ingestor, stop=stop, on_batch=report)
        except KeyboardInterrupt:
            return
    _print_summary(total)


@app.command()
def stats(data_dir: DataDirOption = None, store: StoreOption = None) -> None:
    """How many documents the archive holds, and its biggest facets."""
    settings = _settings(data_dir, store)
    with open_store(settings) as archive:
        results = archive.search(SearchQuery(limit=0, facet_size=10))
    where = settings.data_dir if settings.store == "tantivy" else f"{redacted_url(settings.es_url)} (alias {settings.es_alias})"
    console.print(f"archive: {settings.store} at {where}")
    console.print(f"documents: [bold]{results.total}[/]")
    if results.total:
        first, last = results.facets.months[0].value, results.facets.months[-1].value
        console.print(f"months: {first} … {last}")
        console.print("top actors: " + ", ".join(f"{escape(f.value)} ({f.count})" for f in results.facets.actors))
        console.print("top themes: " + ", ".join(f"{f.value} ({f.count})" for f in results.facets.themes))
        console.print("tone: " + ", ".join(f"{f.value} {f.count}" for f in results.facets.sentiment))


@schemas_app.command("export")
def schemas_export(
    directory: Annotated[Path, typer.Argument(help="Where to write the JSON Schema files.")] = Path("schemas"),
) -> None:
    """Write the JSON Schema of Document and Rejection, generated from the models.

    Example:

        dropwire schemas export schemas/
    """
    from pipeline.schemas import export_schemas

    for path in export_schemas(directory):
        console.print(f"wrote {path}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    data_dir: DataDirOption = None,
    store: StoreOption = None,
) -> None:
    """Serve the search page and the JSON API (OpenAPI reference at /api/docs).

    Example:

        dropwire serve --port 8000   # then open http://127.0.0.1:8000/
    """
    import uvicorn

    from pipeline.web import create_app

    settings = _settings(data_dir, store)
    errors.print(f"Dropwire on http://{host}:{port}/  (archive: {settings.store})")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


@app.command()
def reindex(
    reenrich: Annotated[
        bool, typer.Option("--reenrich", help="Enrich again documents made by another pipeline version or model.")
    ] = False,
    everything: Annotated[bool, typer.Option("--all", help="With --reenrich: every document, stale or not.")] = False,
    data_dir: DataDirOption = None,
    store: StoreOption = None,
) -> None:
    """Rebuild the archive into a new index, then switch searches to it at once.

    On Elasticsearch the next versioned index (dropwire-docs-v2, ...) is filled, its count
    checked, and the alias swapped in one atomic call; searches never see a half-built index.

    Example:

        dropwire reindex --store elasticsearch --reenrich
    """
    from pipeline.ingest import reindex as rebuild_archive

    settings = _settings(data_dir, store)
    with open_store(settings) as archive, _progress() as progress:
        task = progress.add_task("reindexing", total=archive.count())
        report = rebuild_archive(
            settings,
            store=archive,
            reenrich=reenrich,
            everything=everything,
            on_document=lambda document: progress.advance(task),
        )
    console.print(f"reindexed {report.documents} document(s): {report.source} -> {report.target}")
    for failure in report.failures:
        console.print(f"  [red]✗[/] {failure.doc_id}: {escape(failure.reason)}", soft_wrap=True)


@store_app.command("init")
def store_init(data_dir: DataDirOption = None, store: StoreOption = None) -> None:
    """Create what the store needs before the first write (index template and first index).

    Example:

        dropwire store init --store elasticsearch
    """
    settings = _settings(data_dir, store)
    with open_store(settings) as archive:
        archive.ensure_ready()
        documents = archive.count()
    console.print(f"{settings.store} store ready ({documents} documents)")


@kibana_app.command("export")
def kibana_export(
    path: Annotated[Path, typer.Argument(help="Where to write the NDJSON.")] = Path("infra/kibana/dropwire.ndjson"),
) -> None:
    """Write the data view, saved searches, visualizations and dashboard as NDJSON."""
    from pipeline.kibana import render_ndjson, saved_objects

    settings = _settings()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_ndjson(saved_objects(settings.es_alias)), encoding="utf-8")
    console.print(f"wrote {path}")


@kibana_app.command("import")
def kibana_import(
    url: Annotated[Optional[str], typer.Option(help="Kibana URL [env: DROPWIRE_KIBANA_URL]")] = None,
    path: Annotated[Optional[Path], typer.Option("--file", help="NDJSON to import; default: generated now.")] = None,
) -> None:
    """Import the Dropwire dashboards into Kibana (overwriting earlier copies).

    Uses DROPWIRE_ES_API_KEY, or DROPWIRE_ES_USERNAME and DROPWIRE_ES_PASSWORD, to log in.

    Example:

        dropwire kibana import --url http://localhost:5601
    """
    from pipeline.kibana import import_objects, render_ndjson, saved_objects

    settings = _settings()
    ndjson = path.read_text("utf-8") if path else render_ndjson(saved_objects(settings.es_alias))
    auth = None
    if settings.es_username and settings.es_password:
        auth = (settings.es_username, settings.es_password.get_secret_value())
    api_key = settings.es_api_key.get_secret_value() if settings.es_api_key else None
    answer = import_objects(url or settings.kibana_url, ndjson, auth=auth, api_key=api_key)
    console.print(f"imported {answer.get('successCount', 0)} saved object(s) into Kibana")


@inbox_app.command("create")
def inbox_create(
    bucket: Annotated[str, typer.Argument(help="Bucket name (created if missing).")],
    queue: Annotated[str, typer.Option(help="SQS queue name (created if missing).")] = "dropwire-inbox",
) -> None:
    """Create an inbox bucket whose new objects are announced on an SQS queue.

    Prints the queue URL to set as DROPWIRE_SQS_QUEUE_URL. Endpoint and region come from
    DROPWIRE_S3_ENDPOINT_URL and DROPWIRE_AWS_REGION (credentials: the usual AWS ones).

    Example:

        dropwire inbox create newsroom-inbox --queue newsroom-inbox-events
    """
    import boto3

    from pipeline.inbox_setup import create_inbox

    settings = _settings()
    options = {"endpoint_url": settings.s3_endpoint_url, "region_name": settings.aws_region}
    created = create_inbox(boto3.client("s3", **options), boto3.client("sqs", **options), bucket, queue, region=settings.aws_region)
    console.print(f"inbox s3://{created.bucket}/ announces new objects on")
    print(created.queue_url)


@app.command()
def demo(data_dir: DataDirOption = None, store: StoreOption = None) -> None:
    """Ingest the bundled demo drops into the archive and show a faceted search.

    The demo drops (several formats, two of them bad on purpose) are copied to a
    temporary inbox, so running it again shows every text as unchanged.
    """
    settings = _settings(data_dir, store)
    drops_dir = resources.files("pipeline").joinpath("demo", "drops")
    with tempfile.TemporaryDirectory(prefix="dropwire-demo-") as temporary:
        inbox = Path(temporary) / "inbox"
        inbox.mkdir()
        for item in drops_dir.iterdir():
            if item.is_file():
                (inbox / item.name).write_bytes(item.read_bytes())
        errors.print(f"demo inbox: {inbox}  archive: {settings.data_dir}")
        ingest([str(inbox)], keep=False, data_dir=settings.data_dir, store=store)
        quarantine = inbox / "quarantine"
        if quarantine.exists():
            saved = settings.data_dir / "demo-quarantine"
            shutil.rmtree(saved, ignore_errors=True)
            shutil.copytree(quarantine, saved)
            console.print(f"quarantined drops and their reasons kept in {saved}")
    console.print("\n[bold]dropwire search --actor \"Kim Jong Un\"[/]")
    search(query="", actor=["Kim Jong Un"], data_dir=settings.data_dir, store=store)
    console.print("\n[bold]dropwire search talks[/]")
    search(query="talks", data_dir=settings.data_dir, store=store)


def run() -> None:
    try:
        app()
    except DropwireError as error:
        errors.print(f"[red]error:[/] {escape(str(error))}")
        raise SystemExit(2) from None


if __name__ == "__main__":
    run()
