"""`dropwire`: ingest drops, enrich files, search the archive, watch a folder."""

import copy
import datetime as dt
import gc
import html
import logging
import os
import re
import sys
from collections.abc import Callable
from contextlib import nullcontext
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from pipeline import __version__
from pipeline.cli_help import DocsTyper
from pipeline.errors import DropError, DropwireError
from pipeline.startup import asyncio_imported_on_use, skip_pydantic_plugin_lookup
from pipeline.vocabulary import ActorKind, SentimentLabel, SourceKind

# Start-up time is part of the product. This module imports only typer, rich and the enums its
# options name; pydantic, the settings, the models and the stores are imported by the commands
# that use them, and the ingest path (which loads spaCy) only by the commands that enrich.
# No `from __future__ import annotations` here: typer reads every command's signature on every
# run, and string annotations cost it a compile and two evals each (~50 M instructions over
# the app). Names imported for type checking only are quoted instead.
if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from pipeline.actors.curation import AliasFileEdit
    from pipeline.ingest import IngestSummary
    from pipeline.models import Rejection
    from pipeline.search import SearchQuery, SearchResults
    from pipeline.settings import Settings
    from pipeline.store import Store

# Looking for pydantic plugins reads the metadata of every installed distribution (~55 M
# instructions, 30 ms, in a venv with Airflow) when the first model is built; the CLI uses
# none. Setting the variable yourself (to a plugin's name, say) keeps your choice. With every
# plugin off, the lookup is answered without importing `importlib.metadata` (pipeline.startup).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
skip_pydantic_plugin_lookup()

# Help text is Markdown: a docstring's hard-wrapped lines flow into one paragraph at any
# terminal width (rich mode breaks each of them again), and indented examples stay blocks.
HELP_MARKUP = "markdown"
# `actors list` reads the actor facet, which counts at most this many values.
LISTED_ACTORS = 1000
# `actors suggest` lists this many unless --limit says otherwise.
SUGGESTIONS_SHOWN = 25
app = DocsTyper(
    name="dropwire",
    help="Turn text drops into a searchable archive of actors, dates, tone and themes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=HELP_MARKUP,
)
schemas_app = DocsTyper(help="The JSON Schema of the Document contract.", no_args_is_help=True, rich_markup_mode=HELP_MARKUP)
app.add_typer(schemas_app, name="schemas")
kibana_app = DocsTyper(help="Kibana dashboards as code.", no_args_is_help=True, rich_markup_mode=HELP_MARKUP)
app.add_typer(kibana_app, name="kibana")
store_app = DocsTyper(help="Set up the store.", no_args_is_help=True, rich_markup_mode=HELP_MARKUP)
app.add_typer(store_app, name="store")
inbox_app = DocsTyper(help="Set up an S3 inbox.", no_args_is_help=True, rich_markup_mode=HELP_MARKUP)
app.add_typer(inbox_app, name="inbox")
actors_app = DocsTyper(help="The actor facet: list, look up, and curate it (merge, split, rename).", no_args_is_help=True, rich_markup_mode=HELP_MARKUP)
app.add_typer(actors_app, name="actors")

# emoji=False: archived text and file names are printed as written (a title "Costs :up:" is not
# an arrow), and rich's emoji table is never loaded.
console = Console(highlight=False, emoji=False)
errors = Console(stderr=True, emoji=False)

def open_store(settings: "Settings", *, create: bool = True, existing: bool = False) -> "Store":
    """`pipeline.store.open_store`, imported when a command opens the archive."""
    from pipeline.store import open_store as opened

    return opened(settings, create=create, existing=existing)


def _query(**fields: object) -> "SearchQuery":
    """A SearchQuery from the command line; what the model refuses is a usage error."""
    from pydantic import ValidationError

    from pipeline.search import SearchQuery, explain

    try:
        return SearchQuery(**fields)
    except ValidationError as error:
        raise typer.BadParameter(explain(error)) from None


class StoreName(str, Enum):
    tantivy = "tantivy"
    elasticsearch = "elasticsearch"


DataDirOption = Annotated[
    Optional[Path],
    typer.Option(
        "--data-dir", metavar="DIR", help="Where the embedded archive lives \\[env: DROPWIRE_DATA_DIR]", show_default=False
    ),
]
StoreOption = Annotated[
    Optional[StoreName],
    typer.Option(
        "--store", metavar="tantivy|elasticsearch", help="Which store holds the archive \\[env: DROPWIRE_STORE]", show_default=False
    ),
]


def parse_day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"expected a day as YYYY-MM-DD, got {value!r}") from None


def parse_language(value: str) -> str:
    code = value.strip().lower()
    if len(code) != 2 or not code.isalpha():
        raise typer.BadParameter(f"expected a two-letter language code (ISO 639-1), like en or fr; got {value!r}")
    return code


# Search filters, shared by `search` and `export`.
QueryArgument = Annotated[
    str, typer.Argument(metavar="QUERY", help="Words, \"phrases\", -exclusions; any syntax is safe.", show_default=False)
]
ActorOption = Annotated[
    Optional[list[str]],
    typer.Option("--actor", "-a", metavar="NAME", help="Only documents naming this actor (repeatable: all of them)."),
]
ThemeOption = Annotated[
    Optional[list[str]],
    typer.Option("--theme", "-t", metavar="ID", help="Only documents with this theme id (repeatable; `dropwire themes` lists them)."),
]
SinceOption = Annotated[
    Optional[dt.date], typer.Option(parser=parse_day, metavar="YYYY-MM-DD", help="From this day (publication, else arrival).")
]
UntilOption = Annotated[Optional[dt.date], typer.Option(parser=parse_day, metavar="YYYY-MM-DD", help="Up to this day.")]
SentimentOption = Annotated[
    Optional[SentimentLabel], typer.Option(metavar="negative|neutral|positive", help="Document tone.")
]
SourceOption = Annotated[Optional[SourceKind], typer.Option(metavar="local|s3", help="Where drops came from.")]
LanguageOption = Annotated[
    Optional[str],
    typer.Option("--language", parser=parse_language, metavar="CODE", help="Only documents in this language (ISO 639-1: en, fr)."),
]
MediaTypeOption = Annotated[
    Optional[str],
    typer.Option("--media-type", metavar="TYPE", help="Only documents of this type, e.g. application/pdf."),
]


def _settings(data_dir: Path | None = None, store: StoreName | None = None, **overrides: object) -> "Settings":
    with asyncio_imported_on_use():  # pydantic-settings imports it for what Dropwire never calls
        from pipeline.settings import get_settings

    settings = get_settings()
    candidates = {"data_dir": data_dir, "store": store.value if store else None, **overrides}
    updates = {key: value for key, value in candidates.items() if value is not None}
    return settings.model_copy(update=updates) if updates else settings


def _log_handler() -> logging.Handler:
    from rich.logging import RichHandler

    return RichHandler(console=errors, show_path=False)


# Commands that answer and exit, their memory bounded by one answer. `run()` starts the CLI with
# the cyclic garbage collector off (its passes over what the imports allocate were ~25 M
# instructions of a search); every other command, which may run long or read a whole archive,
# turns it back on before it starts.
_QUICK_COMMANDS = frozenset({"version", "search", "stats", "themes", "schemas", "kibana", "store", "inbox", "actors"})


def _print_version(asked: bool) -> None:
    if asked:
        version()
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log each quarantined drop and more.")] = False,
    show_version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print Dropwire's version and exit."),
    ] = False,
) -> None:
    if ctx.invoked_subcommand not in _QUICK_COMMANDS:
        gc.enable()
    logging.basicConfig(
        level=logging.INFO if verbose else logging.ERROR,
        format="%(message)s",
        handlers=[_log_handler()],
    )
    # A store that is retrying says so even without -v: silence would look like a hang.
    logging.getLogger("pipeline.store").setLevel(logging.INFO if verbose else logging.WARNING)


@app.command()
def version() -> None:
    """Print Dropwire's version."""
    console.print(__version__)


@app.command()
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH...", help="Files, folders (inboxes, read recursively) or s3://bucket/prefix.", show_default=False
        ),
    ],
    keep: Annotated[
        bool,
        typer.Option("--keep", help="Leave originals in place; quarantined copies go to DATA_DIR/quarantine."),
    ] = False,
    reprocess: Annotated[
        bool,
        typer.Option(
            "--reprocess", help="Read the drops already filed in processed/ again (after an archive lost data)."
        ),
    ] = False,
    data_dir: DataDirOption = None,
    store: StoreOption = None,
) -> None:
    """Ingest files, folders (read recursively) and S3 prefixes: extract, enrich, validate, index.

    Checks that every path exists, shows a progress bar, then a summary that counts drops
    (filed as processed, or ingested with their originals kept under `--keep`, or
    quarantined whole) and the documents in them (indexed, unchanged because already
    archived, or quarantined one by one), with each rejection's reason. Ingested files move
    to `processed/` beside them and bad ones to `quarantine/` with a `.rejection.json`
    saying why (on S3, under the bucket's `processed/` and `quarantine/` prefixes); with
    `--keep` originals stay where they are and quarantined copies go to
    `DATA_DIR/quarantine/`. Running it twice on the same text changes nothing. It exits
    with 1 when every drop it read was quarantined.

    Example:

        dropwire ingest ~/inbox s3://newsroom-inbox/2025/
    """
    from pipeline.ingest import ingest_uris
    from pipeline.sources import SourceNotFound

    settings = _settings(data_dir, store, move_originals=False if keep else None)
    progress = _progress()
    tasks: dict[str, "TaskID"] = {}

    def listed(total: int) -> None:
        # The bars appear once every path is listed: a missing one is reported with none drawn.
        tasks["drops"] = progress.add_task("drops", total=total)
        tasks["documents"] = progress.add_task("documents stored", total=None)
        progress.start()

    try:
        summary = ingest_uris(
            paths,
            settings,
            reprocess=reprocess,
            on_listed=listed,
            on_drop=lambda drop: progress.advance(tasks["drops"]),
            on_documents=lambda count: progress.advance(tasks["documents"], count),
        )
    except SourceNotFound as error:
        raise typer.BadParameter(str(error), param_hint="PATH...") from None
    finally:
        progress.stop()
    _print_summary(summary, kept=settings.move_originals is False)
    if not summary.drops:
        _explain_nothing_read(paths)
    elif not summary.processed:
        errors.print(f"[red]every drop read ({summary.drops}) was quarantined[/]: the reasons are above and beside each in quarantine/")
        raise typer.Exit(1)


def _progress() -> "Progress":
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=errors,
        transient=False,
    )


def _print_summary(summary: "IngestSummary", kept: bool = False) -> None:
    table = Table(title="Ingest summary", show_header=False)
    table.add_row("drops read", str(summary.drops))
    # With --keep nothing is filed: the originals stay, quarantined copies go to the data folder.
    table.add_row("  ingested (originals kept)" if kept else "  filed as processed", str(len(summary.processed)))
    table.add_row("  quarantined whole (copies)" if kept else "  quarantined whole", _red(summary.drops_quarantined))
    table.add_row("documents in the ingested drops" if kept else "documents in the processed drops", str(summary.documents))
    table.add_row("  indexed", f"[green]{summary.indexed}[/]")
    table.add_row("  unchanged (already archived)", str(summary.unchanged))
    table.add_row("  quarantined (single records)", _red(summary.records_quarantined))
    if summary.renamed:
        table.add_row("earlier documents named again", str(summary.renamed))
    console.print(table)
    for rejection in summary.rejections:
        console.print(f"  [red]✗[/] {_rejection_line(rejection)}", soft_wrap=True)


def _red(count: int) -> str:
    return f"[red]{count}[/]" if count else "0"


def _rejection_line(rejection: "Rejection") -> str:
    where = f" (line {rejection.record})" if rejection.record else ""
    return f"{escape(rejection.drop_uri)}{where}: {rejection.reason.value}: {escape(rejection.message)}"


def _explain_nothing_read(paths: list[str]) -> None:
    """An inbox with nothing waiting often has its drops filed already: say so, and how to redo them."""
    for argument in paths:
        processed = Path(argument).expanduser() / "processed"
        filed = sum(1 for path in processed.rglob("*") if path.is_file()) if processed.is_dir() else 0
        if filed:
            errors.print(
                f"nothing is waiting in {escape(argument)}: its {filed} filed drop(s) in {escape(str(processed))} are "
                "skipped. To ingest them again, move them back into the inbox (a text already archived stays unchanged).",
                soft_wrap=True,
            )


@app.command()
def enrich(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Drop files to enrich.", exists=True, dir_okay=False)],
) -> None:
    """Print each file's Documents as JSON Lines (one JSON object per line), touching no store.

    Drops that cannot become a document are reported on stderr and the exit code is 1.
    Read the output with `jq` (as below) or line by line; it is not one JSON document.

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
    query: QueryArgument = "",
    actor: ActorOption = None,
    theme: ThemeOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    sentiment: SentimentOption = None,
    source: SourceOption = None,
    media_type: MediaTypeOption = None,
    language: LanguageOption = None,
    limit: Annotated[int, typer.Option(min=0, max=1000, metavar="N", help="Hits to show.")] = 10,
    offset: Annotated[int, typer.Option(min=0, metavar="N", help="Hits to skip (paging).")] = 0,
    cursor: Annotated[
        Optional[str], typer.Option(metavar="CURSOR", help="next_cursor of the previous --json page: deep paging.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
    data_dir: DataDirOption = None,
    store: StoreOption = None,
) -> None:
    """Search the archive: hits with highlighted snippets, then facet counts.

    Words are all required; "phrases" and -excluded words work, and any syntax is safe
    (what cannot be parsed is read as plain words). Facets count actors (with their kind),
    themes, months, tone and languages. `--json` prints the same as JSON, with a `next_cursor` to pass
    as `--cursor` for the next page (deep paging; `--offset` is for the first 10,000).
    Dates filter on the publication date, or the arrival date for undated drops. An unknown
    theme or actor is answered with the nearest known ones.

    Example:

        dropwire search "missile test" --actor "Kim Jong Un" --since 2025-01-01
    """
    request = _query(
        text=query,
        actors=actor or [],
        themes=theme or [],
        since=since,
        until=until,
        sentiment=sentiment,
        source_kind=source,
        media_type=media_type,
        language=language,
        limit=limit,
        offset=offset,
        cursor=cursor,
    )
    settings = _settings(data_dir, store)
    request = _theme_ids(request, settings)
    with open_store(settings, create=False) as archive:
        request = request.model_copy(update={"actors": _canonical_actors(archive, settings, request.actors)})
        results = archive.search(request)
        hints = _hints_for_nothing_found(archive, settings, request) if not results.total else []
    if as_json:
        print(results.model_dump_json(indent=2))
    else:
        print_results(results, request)
    for hint in hints:
        errors.print(hint, soft_wrap=True)


def _theme_ids(request: "SearchQuery", settings: "Settings") -> "SearchQuery":
    """The request with its themes as the taxonomy writes their ids, in any case asked
    ('Trade' is 'trade'); an id no theme has is a usage error naming the nearest."""
    if not request.themes:
        return request
    from pipeline.enrich.themes import load_taxonomy
    from pipeline.suggest import read_theme_ids

    themes, refused = read_theme_ids(request.themes, [theme.id for theme in load_taxonomy(settings.taxonomy_file).themes])
    if refused:
        raise typer.BadParameter(f"{'; '.join(refused.values())} (`dropwire themes` lists them)", param_hint="--theme")
    return request.model_copy(update={"themes": themes})


def _hints_for_nothing_found(archive: "Store", settings: "Settings", request: "SearchQuery") -> list[str]:
    """Why a search found nothing, when the archive can tell: it is empty, or holds no
    document in the language asked for."""
    if archive.count() == 0:
        return [f"the archive at {_where(settings)} is empty: fill it with `dropwire ingest PATH`"]
    if request.language is not None:
        from pipeline.search import SearchQuery

        held = [facet.value for facet in archive.search(SearchQuery(limit=0)).facets.languages]
        if request.language not in held:
            return [f"no document in the archive is in {request.language!r}; its languages: {', '.join(held) or 'none'}"]
    return []


def _canonical_actors(archive: "Store", settings: "Settings", asked: list[str], *, param_hint: str = "--actor") -> list[str]:
    """Each actor name as the archive files it ('blair' -> 'Tony Blair'), said on stderr; a
    name several actors share is refused with their names (a usage error about `param_hint`,
    the option or argument the names came from), an unknown one answered with the nearest."""
    if not asked:  # the lookup loads the alias tables: a search without --actor has no use for them
        return []
    from pipeline.actors.lookup import lookup_actors

    names = []
    for lookup in lookup_actors(archive, settings, asked):
        if lookup.how == "ambiguous":
            raise typer.BadParameter(lookup.explain(), param_hint=param_hint)
        if lookup.changed or lookup.name is None:
            errors.print(escape(lookup.explain()), soft_wrap=True)
        names.append(lookup.name or lookup.asked)
    return names


def _where(settings: "Settings") -> str:
    from pipeline.settings import redacted_url

    if settings.store == "tantivy":
        return str(settings.data_dir)
    return f"{redacted_url(settings.es_url)} (alias {settings.es_alias})"


def print_results(results: "SearchResults", request: "SearchQuery") -> None:
    # One print for every hit and the facet table: rich pays its render set-up once, not three
    # times a hit (the same text, about a third of the cost of printing the hits).
    lines = [f"[bold]{results.total}[/] document(s) match"]
    for number, hit in enumerate(results.hits, start=request.offset + 1):
        title = escape(hit.title or "(untitled)")
        dated = f"{hit.dated_at:%Y-%m-%d}" + ("" if hit.published_at else " (received)")
        lines.append(f"\n[bold]{number}. {title}[/]  [dim]{dated} · {hit.sentiment.value if hit.sentiment else 'tone not analysed'} · {hit.language} · {hit.id[:12]}[/]")
        if hit.highlight:
            lines.append("   " + highlight_markup(hit.highlight))
        lines.append(f"   [dim]themes:[/] {escape(', '.join(hit.themes) or '-')}  [dim]actors:[/] {escape(', '.join(hit.actors[:6]) or '-')}")
    more = more_hits_hint(results, request)
    if more:
        lines.append(f"\n[dim]{escape(more)}[/]")
    facets = results.facets
    table = Table(title="Facets", show_lines=False)
    for column in ("actors", "themes", "months", "sentiment", "languages"):
        table.add_column(column)
    columns = [
        [f"{f.value} ({f.kind.value}) {f.count}" for f in facets.actors],
        [f"{f.value} {f.count}" for f in facets.themes],
        [f"{f.value} {f.count}" for f in facets.months],
        [f"{f.value} {f.count}" for f in facets.sentiment],
        [f"{f.value} {f.count}" for f in facets.languages],
    ]
    # Cells are plain Text: no markup to parse in facet values.
    for row in facet_rows(columns):
        table.add_row(*(Text(cell) for cell in row))
    console.print("\n".join(lines) + "\n", table, sep="\n")


def more_hits_hint(results: "SearchResults", request: "SearchQuery") -> str | None:
    """How to see the hits after those shown, with the options `search` has; None when
    every hit is shown (or none was asked for, with --limit 0)."""
    shown = len(results.hits)
    if not shown:
        return None
    if request.cursor is not None:  # a deep page: where it sits is the cursor's secret
        return "more hits follow: pass this page's next_cursor (printed with --json) as --cursor" if results.next_cursor else None
    last = request.offset + shown
    if last >= results.total:
        return None
    if last > _upper_bound("offset"):
        return f"hits {request.offset + 1}-{last} of {results.total} shown; page on with --json and its next_cursor as --cursor"
    return (
        f"hits {request.offset + 1}-{last} of {results.total} shown; the next ones: --offset {last} "
        f"(--limit N shows up to {_upper_bound('limit')} at once)"
    )


def _upper_bound(field: str) -> int:
    """The largest value SearchQuery takes for `field`: what an option can be given."""
    from pipeline.search import SearchQuery

    return next(rule.le for rule in SearchQuery.model_fields[field].metadata if getattr(rule, "le", None) is not None)


def facet_rows(columns: list[list[str]]) -> list[list[str]]:
    """The facet table's rows: one value per cell while two columns still have values, then
    the rest of the longest column (the months, mostly) as lines of one last cell. It prints
    the same, and rich renders a table cell by cell: hundreds of empty cells beside a long
    months column were most of the cost of a search's output."""
    if not any(columns):
        return []
    lengths = sorted(len(column) for column in columns)
    rows = max(lengths[-2] if len(lengths) > 1 else 1, 1)
    return [
        ["\n".join(column[row:]) if row == rows - 1 else (column[row] if row < len(column) else "") for column in columns]
        for row in range(rows)
    ]


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
    folder: Annotated[Path, typer.Argument(metavar="FOLDER", help="The inbox folder to watch (created if missing).", file_okay=False)],
    data_dir: DataDirOption = None,
    store: StoreOption = None,
) -> None:
    """Ingest every file already in FOLDER, then each new or moved-in file as it lands.

    Subfolders too, until Ctrl-C or SIGTERM; each landing is logged with the file's name,
    and each rejection with its reason. Hidden files and half-written ones (`.part`,
    `.tmp`, `.crdownload`, ...) are ignored: write elsewhere and move in for large files.
    While idle it looks over FOLDER every second, so a file whose event was lost (one
    landing as the watch starts, or in a burst too large to report) is ingested anyway.

    Example:

        dropwire watch ~/inbox
    """
    import signal
    import threading

    from pipeline.ingest import Ingestor
    from pipeline.sources.local import LocalFolder
    from pipeline.watch import watch_folder

    settings = _settings(data_dir, store)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    inbox = LocalFolder(folder, move_originals=True, exclude=settings.data_dir)
    inbox.check_layout(settings.data_dir)
    errors.print(f"watching {inbox.root} (Ctrl-C to stop)")

    def report(summary: "IngestSummary") -> None:
        now = f"{dt.datetime.now():%H:%M:%S}"
        for name in summary.processed:
            errors.print(f"{now} [green]✓[/] {escape(name)}", soft_wrap=True)
        for rejection in summary.rejections:
            errors.print(f"{now} [red]✗[/] {_rejection_line(rejection)}", soft_wrap=True)
        errors.print(
            f"{now} {summary.indexed} indexed, {summary.unchanged} unchanged, {summary.quarantined} quarantined",
            soft_wrap=True,
        )

    with open_store(settings) as archive, Ingestor(settings, archive) as ingestor:
        try:
            total = watch_folder(inbox, ingestor, stop=stop, on_batch=report)
        except KeyboardInterrupt:
            return
    _print_summary(total)


@app.command()
def stats(data_dir: DataDirOption = None, store: StoreOption = None) -> None:
    """How many documents the archive holds, the months they span, their languages, top actors, themes and tone."""
    settings = _settings(data_dir, store)
    with open_store(settings, create=False) as archive:
        results = archive.search(_query(limit=0, facet_size=10))
    console.print(f"archive: {settings.store} at {_where(settings)}")
    console.print(f"documents: [bold]{results.total}[/]")
    if results.total:
        first, last = results.facets.months[0].value, results.facets.months[-1].value
        console.print(f"months: {first} … {last}")
        from pipeline.languages import languages_table

        names = languages_table(settings.languages_file).names()
        console.print(
            "languages: "
            + ", ".join(f"{names[f.value]} ({f.value}) {f.count}" if f.value in names else f"{f.value} {f.count}" for f in results.facets.languages)
        )
        console.print("top actors: " + ", ".join(f"{escape(f.value)} ({f.count})" for f in results.facets.actors))
        console.print("top themes: " + ", ".join(f"{f.value} ({f.count})" for f in results.facets.themes))
        tone_counted = sum(f.count for f in results.facets.sentiment)
        console.print(
            "tone: "
            + ", ".join(f"{f.value} {f.count}" for f in results.facets.sentiment)
            + (f"; not analysed {results.total - tone_counted}" if results.total > tone_counted else "")
        )
    else:
        console.print("the archive is empty: fill it with `dropwire ingest PATH` (or try `dropwire demo`)")
    _warn_if_documents_went_missing(settings, results.total)


@app.command()
def export(
    query: QueryArgument = "",
    actor: ActorOption = None,
    theme: ThemeOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    sentiment: SentimentOption = None,
    source: SourceOption = None,
    media_type: MediaTypeOption = None,
    language: LanguageOption = None,
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="Write here instead of standard output.")
    ] = None,
    data_dir: DataDirOption = None,
    store: StoreOption = None,
) -> None:
    """Write the stored Documents that match (all of them by default) as JSON Lines.

    The same shape `dropwire enrich` prints, one document per line: for backups, moving
    to another store, and analysis elsewhere. Takes the filters of `search`.

    Example:

        dropwire export --theme elections --since 2025-01-01 -o elections.jsonl
    """
    from pipeline.archive import matching_documents

    request = _query(
        text=query, actors=actor or [], themes=theme or [], since=since, until=until,
        sentiment=sentiment, source_kind=source, media_type=media_type, language=language,
    )
    settings = _settings(data_dir, store)
    request = _theme_ids(request, settings)
    written = 0
    with open_store(settings, create=False) as archive:
        request = request.model_copy(update={"actors": _canonical_actors(archive, settings, request.actors)})
        with output.open("w", encoding="utf-8") if output else nullcontext(sys.stdout) as sink:
            for document in matching_documents(archive, request):
                sink.write(document.model_dump_json() + "\n")
                written += 1
    errors.print(f"exported {written} document(s)" + (f" to {output}" if output else ""))


@app.command()
def delete(
    ids: Annotated[Optional[list[str]], typer.Argument(metavar="ID...", help="Document ids, or their first 8 or more characters (as `search` prints them).", show_default=False)] = None,
    source_uri: Annotated[
        Optional[str],
        typer.Option("--source", metavar="URI", help="Every document from this drop, named where it landed or where it was filed (file:///..., s3://...), JSONL records included."),
    ] = None,
    data_dir: DataDirOption = None,
    store: StoreOption = None,
) -> None:
    """Remove documents from the archive, by id or by the drop they came from.

    For a withdrawn file. The removal holds through `reindex` (it copies what is stored);
    dropping the same text again brings it back.

    Example:

        dropwire delete --source file:///home/me/inbox/processed/withdrawn.txt
    """
    from pipeline.archive import delete_documents, documents_from_source

    if not ids and not source_uri:
        raise typer.BadParameter("name document ids, or a drop with --source", param_hint="ID...")
    from pipeline.document_ids import resolve_document_id

    settings = _settings(data_dir, store)
    unresolved = []
    with open_store(settings, create=False) as archive:
        wanted = []
        for lookup in (resolve_document_id(archive, typed) for typed in ids or []):
            if lookup.id is None:
                unresolved.append(lookup)
            else:
                wanted.append(lookup.id)
        if source_uri:
            from_source = documents_from_source(archive, source_uri)
            if not from_source:
                errors.print(f"no stored document came from {escape(source_uri)}", soft_wrap=True)
            wanted += from_source
        removed, missing = delete_documents(archive, wanted)
    from pipeline.ledger import StoredLedger

    ledger = StoredLedger(settings.state_path)
    ledger.forget(removed)
    ledger.close()
    for doc_id in removed:
        console.print(f"deleted {doc_id}")
    for lookup in unresolved:
        errors.print(f"[red]✗[/] {escape(lookup.message)}", soft_wrap=True)
    for doc_id in missing:  # deleted meanwhile, by another process
        errors.print(f"[red]✗[/] no document {escape(doc_id)} in the archive", soft_wrap=True)
    raise typer.Exit(1 if unresolved or missing or not removed else 0)


def _warn_if_documents_went_missing(settings: "Settings", archive_count: int) -> None:
    from pipeline.ledger import missing_from_archive

    missing = missing_from_archive(settings.state_path, archive_count)
    if missing:
        errors.print(
            f"[yellow]warning:[/] {missing} document(s) this machine stored are no longer in the archive "
            f"({archive_count} there): it may have lost data. Re-ingest the filed drops with "
            "`dropwire ingest --reprocess INBOX`.",
            soft_wrap=True,
        )


@app.command()
def themes(data_dir: DataDirOption = None, store: StoreOption = None) -> None:
    """List the theme taxonomy as a tree, with how many archived documents have each theme.

    The ids are what `search --theme` takes. The taxonomy is data: point
    DROPWIRE_TAXONOMY_FILE at your own copy to change it.

    Example:

        dropwire themes
    """
    from rich.tree import Tree

    from pipeline.enrich.themes import load_taxonomy
    from pipeline.store import ArchiveNotFound

    settings = _settings(data_dir, store)
    taxonomy = load_taxonomy(settings.taxonomy_file)
    try:
        with open_store(settings, create=False) as archive:
            counts = {f.value: f.count for f in archive.search(_query(limit=0, facet_size=1000)).facets.themes}
    except ArchiveNotFound:
        counts = {}
    tree = Tree(f"[bold]themes[/] ({settings.taxonomy_file or 'packaged taxonomy'})")
    for top in (theme for theme in taxonomy.themes if theme.parent is None):
        branch = tree.add(f"[bold]{escape(top.id)}[/]  {escape(top.label)}  [dim]{counts.get(top.id, 0)}[/]")
        for child in (theme for theme in taxonomy.themes if theme.parent == top.id):
            branch.add(f"{escape(child.id)}  {escape(child.label)}  [dim]{counts.get(child.id, 0)}[/]")
    console.print(tree)


@schemas_app.command("export")
def schemas_export(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="Where to write the JSON Schema files.")] = Path("schemas"),
) -> None:
    """Write the JSON Schema of Document and Rejection, generated from the models (default `schemas/`).

    One file per model, for validating exports or rejection records with any JSON Schema tool.

    Example:

        dropwire schemas export schemas/
    """
    from pipeline.schemas import export_schemas

    for path in export_schemas(directory):
        console.print(f"wrote {path}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(metavar="HOST", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, metavar="PORT", help="Port to listen on.")] = 8000,
    data_dir: DataDirOption = None,
    store: StoreOption = None,
) -> None:
    """Serve the search page and the JSON API (reference at /api/docs) on http://HOST:PORT/.

    Checks first that the port is free and that the archive exists.

    Example:

        dropwire serve --port 8000   # then open http://127.0.0.1:8000/
    """
    import uvicorn

    from pipeline.web import create_app

    settings = _settings(data_dir, store)
    open_store(settings, create=False).close()  # a page over no archive would only confuse
    _check_port_is_free(host, port)
    errors.print(f"Dropwire on http://{host}:{port}/  (archive: {settings.store})")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


def _check_port_is_free(host: str, port: int) -> None:
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            raise typer.BadParameter(
                f"cannot listen on {host}:{port} ({error.strerror}): another program is using it; stop it "
                f"(`ss -ltnp 'sport = :{port}'` names it) or pass another --port",
                param_hint="--port",
            ) from None


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

    `--reenrich` enriches again the documents made by another pipeline version or model
    (`--all`: every document). On Elasticsearch the next versioned index
    (dropwire-docs-v2, ...) is filled, its count checked, and the alias swapped in one
    atomic call; on the embedded store a new index folder is filled and swapped in.
    Searches never see a half-built index.

    Example:

        dropwire reindex --store elasticsearch --reenrich
    """
    from pipeline.ingest import reindex as rebuild_archive

    settings = _settings(data_dir, store)
    with open_store(settings, existing=True) as archive, _progress() as progress:
        task = progress.add_task("reindexing", total=archive.count())
        report = rebuild_archive(
            settings,
            store=archive,
            reenrich=reenrich,
            everything=everything,
            # A plain copy may run inside the store (Elasticsearch's _reindex): no per-document progress then.
            on_document=(lambda document: progress.advance(task)) if reenrich else None,
        )
        progress.update(task, completed=report.documents)
    console.print(f"reindexed {report.documents} document(s) into {report.target}; the index before ({report.source}) is retired")
    for failure in report.failures:
        console.print(f"  [red]✗[/] {failure.doc_id}: {escape(failure.reason)}", soft_wrap=True)


@store_app.command("init")
def store_init(data_dir: DataDirOption = None, store: StoreOption = None) -> None:
    """Create what the store needs before the first write (on Elasticsearch: the index template and ALIAS-v1). Idempotent.

    Ingesting does it too; run it first to check a cluster's access before any drop arrives.

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
    path: Annotated[Path, typer.Argument(metavar="PATH", help="Where to write the NDJSON.")] = Path("infra/kibana/dropwire.ndjson"),
) -> None:
    """Write the Kibana saved objects (data view, saved searches, Lens visualizations, dashboard) as NDJSON."""
    from pipeline.kibana import render_ndjson, saved_objects

    settings = _settings()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_ndjson(saved_objects(settings.es_alias)), encoding="utf-8")
    console.print(f"wrote {path}")


@kibana_app.command("import")
def kibana_import(
    url: Annotated[Optional[str], typer.Option(metavar="URL", help="Kibana URL \\[env: DROPWIRE_KIBANA_URL]")] = None,
    path: Annotated[Optional[Path], typer.Option("--file", metavar="PATH", help="NDJSON to import; default: generated now.")] = None,
) -> None:
    """Import the Dropwire dashboards into Kibana through its saved-objects API, overwriting earlier copies.

    Says clearly when Kibana is unreachable or refuses objects.

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
    bucket: Annotated[str, typer.Argument(metavar="BUCKET", help="Bucket name (created if missing).")],
    queue: Annotated[str, typer.Option(metavar="NAME", help="SQS queue name (created if missing).")] = "dropwire-inbox",
    prefix: Annotated[
        str,
        typer.Option(metavar="PREFIX", help="Announce only objects under this prefix (e.g. incoming/), never Dropwire's own filing."),
    ] = "",
) -> None:
    """Create an S3 inbox bucket, an SQS queue the bucket may send to, and the ObjectCreated notification. Idempotent.

    Prints the queue URL to set as DROPWIRE_SQS_QUEUE_URL. Endpoint and region come from
    DROPWIRE_S3_ENDPOINT_URL and DROPWIRE_AWS_REGION (credentials: the usual AWS ones).

    Example:

        dropwire inbox create newsroom-inbox --queue newsroom-inbox-events
    """
    import boto3

    from pipeline.inbox_setup import create_inbox

    settings = _settings()
    options = {"endpoint_url": settings.s3_endpoint_url, "region_name": settings.aws_region}
    created = create_inbox(
        boto3.client("s3", **options), boto3.client("sqs", **options), bucket, queue, region=settings.aws_region, prefix=prefix
    )
    console.print(f"inbox s3://{created.bucket}/ announces new objects on")
    print(created.queue_url)


@app.command()
def demo(data_dir: DataDirOption = None, store: StoreOption = None) -> None:
    """Ingest the bundled demo drops into the archive and show two faceted searches.

    The demo drops (several formats, two of them bad on purpose) are copied to a fresh
    inbox in DATA_DIR/demo/inbox, where they are filed into processed/ and quarantine/
    (with each rejection's reason) like any inbox's. Running it again shows every text as
    unchanged.
    """
    import shutil
    from importlib import resources

    settings = _settings(data_dir, store)
    drops_dir = resources.files("pipeline").joinpath("demo", "drops")
    inbox = settings.data_dir / "demo" / "inbox"
    shutil.rmtree(inbox, ignore_errors=True)
    inbox.mkdir(parents=True)
    for item in drops_dir.iterdir():
        if item.is_file():
            (inbox / item.name).write_bytes(item.read_bytes())
    errors.print(f"demo drops copied to {inbox}", soft_wrap=True)
    ingest([str(inbox)], keep=False, reprocess=False, data_dir=settings.data_dir, store=store)
    console.print(f"the drops are filed in {inbox / 'processed'} and {inbox / 'quarantine'}", soft_wrap=True)
    console.print('\n[bold]dropwire search --actor "Kim Jong Un"[/]')
    search(query="", actor=["Kim Jong Un"], data_dir=settings.data_dir, store=store)
    console.print("\n[bold]dropwire search talks[/]")
    search(query="talks", data_dir=settings.data_dir, store=store)


KIND_METAVAR = "person|org|place|group"
# One option, three meanings: `list` filters by it, `merge` and `rename` file the actor as it.
KindFilterOption = Annotated[Optional[ActorKind], typer.Option("--kind", metavar=KIND_METAVAR, help="Only actors of this kind.")]
MergedKindOption = Annotated[
    Optional[ActorKind],
    typer.Option("--kind", metavar=KIND_METAVAR, help="File them all as this kind (default: the kind the archive gives NAME)."),
]
RenamedKindOption = Annotated[
    Optional[ActorKind],
    typer.Option("--kind", metavar=KIND_METAVAR, help="File it as this kind (default: the kind the archive gives NAME)."),
]


@actors_app.command("list")
def actors_list(
    kind: KindFilterOption = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, metavar="N", help="Actors to show, most documents first.")] = 50,
    data_dir: DataDirOption = None,
    store: StoreOption = None,
) -> None:
    """List the actor facet values: name, kind and the documents naming each.

    The names are those the facet shows; `actors show NAME` gives one actor's other names.

    Example:

        dropwire actors list --kind org --limit 20
    """
    from pipeline.actors.lookup import archive_names

    settings = _settings(data_dir, store)
    with open_store(settings, create=False) as archive:
        facets = archive_names(archive, size=LISTED_ACTORS)
    matching = [entry for entry in facets if kind is None or entry.kind is kind]
    table = Table("actor", "kind", "documents")
    for entry in matching[:limit]:
        table.add_row(escape(entry.name), entry.kind.value, str(entry.count))
    console.print(table)
    if len(matching) > limit:
        console.print(f"[dim]the first {limit} of {len(matching)} actors; --limit {min(len(matching), LISTED_ACTORS)} shows more[/]")
    if len(facets) == LISTED_ACTORS:  # the facet stops there; rarer actors are reached by name
        console.print(
            f"[dim]listed from the {LISTED_ACTORS} actors named most often; the archive may name more, "
            "and `dropwire actors show NAME` reaches any of them[/]"
        )


@actors_app.command("show")
def actors_show(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Any name the actor goes by, in any case.")],
    data_dir: DataDirOption = None,
    store: StoreOption = None,
) -> None:
    """Show one actor: its names, the documents naming it, tone by month, who it is named with.

    NAME may be any name the actor goes by, in any case; an unknown one gets the nearest names.

    Example:

        dropwire actors show blair
    """
    from pipeline.views import actor_profile

    settings = _settings(data_dir, store)
    with open_store(settings, create=False) as archive:
        [canonical] = _canonical_actors(archive, settings, [name], param_hint="NAME")
        profile = actor_profile(archive, canonical)
    if profile is None:
        raise typer.Exit(1)
    console.print(f"[bold]{escape(profile.name)}[/] ({profile.kind.value if profile.kind else '?'}), named in {profile.documents} document(s)")
    if len(profile.kinds) > 1:
        console.print("filed as: " + ", ".join(f"{kind} in {count}" for kind, count in profile.kinds.items()))
    console.print("also written as: " + (", ".join(escape(alias) for alias in profile.aliases) or "-"))
    console.print("named with: " + (", ".join(f"{escape(f.value)} ({f.count})" for f in profile.co_mentioned[:10]) or "-"))
    months = Table("month", "documents", "mentions", "tone")
    for month in profile.months:
        months.add_row(month.month, str(month.documents), str(month.mentions), f"{month.tone:+.2f}" if month.tone is not None else "-")
    console.print(months)
    shown = f"the first {len(profile.hits)} of {profile.documents}" if profile.documents > len(profile.hits) else "all"
    console.print(f"documents naming it ({shown}; `dropwire search --actor` pages through them):")
    for hit in profile.hits:
        console.print(f"  {hit.dated_at:%Y-%m-%d}  {escape(hit.title or '(untitled)')}  [dim]{hit.id[:12]}[/]", soft_wrap=True)


@actors_app.command("suggest")
def actors_suggest(
    limit: Annotated[int, typer.Option(min=1, max=500, metavar="N", help="Suggestions to show.")] = SUGGESTIONS_SHOWN,
    accept: Annotated[
        Optional[list[int]], typer.Option("--accept", metavar="NUMBER", help="Accept suggestion NUMBER (repeatable): merge it.")
    ] = None,
    data_dir: DataDirOption = None,
    store: StoreOption = None,
) -> None:
    """Suggest actor values that may be one actor, with the evidence for each.

    The same words in another order, singular and plural, initials, names that sound
    alike, a lone name part of a person; values named apart in one document count against.
    Accepting a suggestion merges it into the alias file (see `dropwire actors merge`).

    Example:

        dropwire actors suggest --accept 1 --accept 3
    """
    from pipeline.actors.curation import suggest_merges
    from pipeline.actors.lookup import archive_names

    settings = _settings(data_dir, store)
    with open_store(settings, create=False) as archive:
        known = archive_names(archive)
        suggestions = suggest_merges(
            known,
            named_together=lambda first, second: archive.search(_query(actors=[first, second], limit=0)).total,
            limit=limit,
        )
    for number, suggestion in enumerate(suggestions, start=1):
        console.print(
            f"{number:3d}. [bold]{escape(suggestion.keep)}[/] ({suggestion.documents[0]}) <- {escape(suggestion.other)} "
            f"({suggestion.documents[1]})  [dim]{suggestion.kind.value}, score {suggestion.score:.2f}: "
            f"{escape('; '.join(suggestion.evidence))}[/]",
            soft_wrap=True,
        )
    if not suggestions:
        console.print("no likely duplicates among the actor values")
    elif not accept:
        console.print(f"to merge one, run: {escape(_accept_command(limit, data_dir, store))} (--accept repeats)", soft_wrap=True)
    for number in accept or []:
        if not 1 <= number <= len(suggestions):
            raise typer.BadParameter(f"there is no suggestion {number}", param_hint="--accept")
        chosen = suggestions[number - 1]
        _write_decision(settings, lambda edit, c=chosen: edit.merge(c.keep, [c.other], c.kind), f"merged {chosen.other!r} into {chosen.keep!r}")


def _accept_command(limit: int, data_dir: Optional[Path], store: Optional[StoreName]) -> str:
    """The command that accepts suggestion NUMBER of the list just printed: same archive,
    same length of list (numbers count in it)."""
    import shlex

    words = ["dropwire", "actors", "suggest"]
    if limit != SUGGESTIONS_SHOWN:
        words += ["--limit", str(limit)]
    if data_dir is not None:
        words += ["--data-dir", str(data_dir)]
    if store is not None:
        words += ["--store", store.value]
    return shlex.join(words) + " --accept NUMBER"


@actors_app.command("merge")
def actors_merge(
    keep: Annotated[str, typer.Argument(metavar="NAME", help="The name to file them all under.")],
    others: Annotated[list[str], typer.Argument(metavar="OTHER...", help="Names that are the same actor.")],
    kind: MergedKindOption = None,
    data_dir: DataDirOption = None,
    store: StoreOption = None,
) -> None:
    """File other names of one actor under one name, in the user's alias file.

    Written to DROPWIRE_ALIASES_FILE, or DATA_DIR/aliases.yaml when it is unset; then
    `dropwire reindex --reenrich` enriches again only the documents naming them.

    Example:

        dropwire actors merge "Conservative Party" Tories "Tory Party"
    """
    settings = _settings(data_dir, store)
    chosen = kind or _kind_in_archive(settings, keep)
    _write_decision(settings, lambda edit: edit.merge(keep, others, chosen), f"filed {', '.join(map(repr, others))} under {keep!r}")


@actors_app.command("split")
def actors_split(
    first: Annotated[str, typer.Argument(metavar="NAME", help="One actor.")],
    second: Annotated[str, typer.Argument(metavar="OTHER", help="Another actor, never to be merged with it.")],
    data_dir: DataDirOption = None,
    store: StoreOption = None,
) -> None:
    """Keep two names apart: in a document and across documents they are two actors.

    A name the archive does not hold yet is kept apart too, once it comes (with a warning,
    in case it is misspelt).

    Example:

        dropwire actors split "Gordon Brown" "Dan Brown"
    """
    settings = _settings(data_dir, store)
    _write_decision(settings, lambda edit: edit.split(first, second), f"{first!r} and {second!r} are kept apart")
    _warn_of_unknown_actors(settings, [first, second])


@actors_app.command("rename")
def actors_rename(
    old: Annotated[str, typer.Argument(metavar="NAME", help="The name the archive files the actor under.")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="The name to file it under from now on.")],
    kind: RenamedKindOption = None,
    data_dir: DataDirOption = None,
    store: StoreOption = None,
) -> None:
    """File an actor under another name; the old one stays an alias.

    Its kind stays the archive's, unless --kind names another.

    Example:

        dropwire actors rename "Bush" "George W Bush"
    """
    settings = _settings(data_dir, store)
    chosen = kind or _kind_in_archive(settings, old)
    _write_decision(settings, lambda edit: edit.rename(old, new, chosen), f"{old!r} is now filed as {new!r}")


def _kind_in_archive(settings: "Settings", name: str) -> ActorKind:
    from pipeline.actors.lookup import archive_actor

    with open_store(settings, create=False) as archive:
        entry = archive_actor(archive, name)
    if entry is None:
        raise typer.BadParameter(f"the archive has no actor {name!r}: pass --kind", param_hint="--kind")
    return entry.kind


def _warn_of_unknown_actors(settings: "Settings", names: list[str]) -> None:
    """A decision on a name no archived actor goes by still holds once it comes, but it may
    be a typo: say so, with the nearest names."""
    from pipeline.actors.lookup import lookup_actors
    from pipeline.store import ArchiveNotFound

    try:
        with open_store(settings, create=False) as archive:
            lookups = lookup_actors(archive, settings, names)
    except ArchiveNotFound:
        return
    for lookup in lookups:
        if lookup.name is None:
            errors.print(f"[yellow]warning:[/] {escape(lookup.explain())}; the decision holds should it appear", soft_wrap=True)


def _write_decision(settings: "Settings", decide: Callable[["AliasFileEdit"], list[str]], said: str) -> None:
    """Apply one curation decision to the user's alias file and mark what a reindex must redo."""
    from pipeline.actors.curation import AliasFileEdit, mark_curated

    edit = AliasFileEdit.open(settings.curated_aliases_file)
    touched = decide(edit)
    edit.save()
    mark_curated(settings.state_path, touched)
    console.print(f"{escape(said)}: wrote {edit.path}", soft_wrap=True)
    console.print("run `dropwire reindex --reenrich` to file the documents naming them anew", soft_wrap=True)


def only_the_command_named(arguments: list[str]) -> typer.Typer:
    """The app with only the command (or group of commands) the command line starts with:
    typer builds a click command for every command of an app it runs, each parameter's
    type and help read from its signature (~37 M instructions for this app, of a search's
    ~1,000 M), and a run only ever uses one. Help, usage and errors read the same, as they
    name that command alone; a command line that starts with anything else (an option,
    `--help`, an unknown name) gets the whole app."""
    named = arguments[0] if arguments else None
    commands = [info for info in app.registered_commands if _command_name(info) == named]
    groups = [info for info in app.registered_groups if info.name == named]
    if not commands and not groups:
        return app
    narrowed = copy.copy(app)
    narrowed.registered_commands, narrowed.registered_groups = commands, groups
    return narrowed


def _command_name(info: "typer.models.CommandInfo") -> str:
    return info.name or info.callback.__name__.lower().replace("_", "-")  # as typer names it


def run() -> None:
    # What the imports built lives as long as the process: frozen, the collector never walks
    # it again. Frozen once more at the end, the interpreter's last collections at exit skip
    # the whole heap the OS is about to take back (together ~60 M instructions of a search).
    gc.freeze()
    gc.disable()  # until a command that is not quick starts: see main()
    try:
        only_the_command_named(sys.argv[1:])()
    except DropwireError as error:
        errors.print(f"[red]error:[/] {escape(str(error))}", soft_wrap=True)
        raise SystemExit(2) from None
    finally:
        gc.freeze()


if __name__ == "__main__":
    run()
