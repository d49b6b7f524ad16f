"""The embedded store: a tantivy index in a folder, no server.

Facets use tantivy's Elasticsearch-style aggregations on fast keyword fields. It has no
calendar-month histogram, so each document carries its month as a keyword.

Full text: `title` and `body` are stemmed as English (tantivy's `en_stem`); every other
language of the language table adds `title_<code>` and `body_<code>`, indexed (not stored)
with that language's Snowball stemmer after lower-casing and accent folding. A query
searches all of them together.

Tantivy has no nested documents, so an actor's page is aggregated from rows of its own:
beside each document, one row per actor it names (its kind, spellings, mentions and tone
there, the document's month), written and deleted in the same commit as the document.
Document rows are marked (`row`); every read of documents asks for the mark.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import shutil
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

import tantivy

from pipeline.errors import StoreError
from pipeline.models import Document
from pipeline.search import (
    Cursor,
    Facets,
    SearchHit,
    SearchQuery,
    SearchResults,
    StoredHit,
    day_end,
    day_start,
    leading_snippet,
    month_of,
)
from pipeline.store import (
    ACTOR_ALIASES,
    SNIPPET_CHARS,
    ActorMonth,
    ActorOverview,
    StoreBase,
    WriteFailure,
    finished_write,
)
from pipeline.store.actor_registry import SqliteActorTable

log = logging.getLogger(__name__)

SCHEMA_VERSION = 4
# The language of the main `title` and `body` fields.
MAIN_LANGUAGE = "en"
_DOCUMENT_ROW = "document"
_TONE_SCALE = 10_000
_ACTOR_ROW = "actor"
_KEYWORD = {"tokenizer_name": "raw", "fast": True}
# Actor facet values carry their kind: "person\x1fKim Jong Un".
_KIND_SEPARATOR = "\x1f"
_SYNTAX = re.compile(r"[^\w\s]+")
_HEX_PREFIX = re.compile(r"[0-9a-f]*")
_OPERATORS = re.compile(r"\b(AND|OR|NOT|IN|TO)\b")
_FIELD_PREFIX = re.compile(r"(\w+):")
# An operator with nothing on one side ("Trump AND", "OR rates") joins nothing: it is dropped,
# as Elasticsearch's simple_query_string does, instead of being searched as the word "and".
_DANGLING_OPERATORS = re.compile(r"^(?:\s*\b(?:AND|OR)\b)+|(?:\b(?:AND|OR|NOT)\b\s*)+$")
_MONTHS_FACET_SIZE = 600


def stemmed_languages(languages: Mapping[str, str] | None = None) -> dict[str, str]:
    """Language code -> tantivy stemmer language, for the languages beside the main one."""
    if languages is None:
        from pipeline.languages import languages_table

        languages = {code: analyzers.tantivy for code, analyzers in languages_table().search_analyzers().items()}
    return {code: stemmer for code, stemmer in sorted(languages.items()) if code != MAIN_LANGUAGE}


# Beside the index's own files: the stemmers its language fields were built with, so a command
# that only reads opens the index as it is, without reading the language table.
_LANGUAGES_RECORD = "dropwire-languages.json"


def recorded_languages(path: Path) -> dict[str, str] | None:
    """The language code -> stemmer map the index at `path` was built with; None if unknown."""
    try:
        recorded = json.loads((path / _LANGUAGES_RECORD).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(recorded, dict) or not all(isinstance(v, str) for v in recorded.values()):
        return None
    return recorded


def _record_languages(path: Path, languages: Mapping[str, str]) -> None:
    if recorded_languages(path) != dict(languages):
        (path / _LANGUAGES_RECORD).write_text(json.dumps(dict(languages), sort_keys=True), "utf-8")


def _tokenizer(code: str) -> str:
    return f"dropwire_{code}_stem"


def _register_tokenizers(index: tantivy.Index, languages: Mapping[str, str]) -> None:
    """Every Index object must know the analyzers its fields name, to write and to search."""
    for code, stemmer in languages.items():
        analyzer = (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(40))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.ascii_fold())
            .filter(tantivy.Filter.stemmer(stemmer))
            .build()
        )
        index.register_tokenizer(_tokenizer(code), analyzer)


def build_schema(languages: Mapping[str, str] | None = None) -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
    for code in stemmed_languages(languages):
        builder.add_text_field(f"title_{code}", stored=False, tokenizer_name=_tokenizer(code))
        builder.add_text_field(f"body_{code}", stored=False, tokenizer_name=_tokenizer(code))
    builder.add_bytes_field("document", stored=True, indexed=False)
    for keyword in ("actor", "actor_facet", "theme", "sentiment", "source_kind", "month", "media_type", "language"):
        builder.add_text_field(keyword, **_KEYWORD)
    builder.add_date_field("dated_at", indexed=True, fast=True)
    builder.add_float_field("sentiment_score", indexed=True, fast=True)
    builder.add_integer_field("schema_version", indexed=True, stored=True)
    # Per-actor rows (see the module's docstring): `owner` is the document's id.
    builder.add_text_field("row", tokenizer_name="raw")
    builder.add_text_field("owner", tokenizer_name="raw")
    for keyword in ("mention_of", "mention_kind", "mention_alias", "mention_month"):
        builder.add_text_field(keyword, **_KEYWORD)
    builder.add_integer_field("mention_count", fast=True)
    # Tone in ten-thousandths (tones are kept to four decimals): integer sums are exact, and
    # tantivy sums integers about twice as fast as floats.
    builder.add_integer_field("mention_tone", fast=True)
    # 1 where the actor's tone was analysed: a mean tone is over those rows only.
    builder.add_integer_field("mention_toned", fast=True)
    return builder.build()


class _FolderGeneration:
    """A fresh index folder beside the archive's, filled by a rebuild."""

    def __init__(self, store: TantivyStore) -> None:
        self.store = store
        self.name = str(store.path)

    def write(self, documents: Sequence[Document]) -> list[WriteFailure]:
        return self.store.upsert(documents)

    def count(self) -> int:
        return self.store.count()


class TantivyStore(StoreBase):
    """Store documents in a tantivy index under `path`. One writer per index at a time.

    Its registry of actor names is a table beside the index, in `registry_path` (default:
    the folder's parent's state.sqlite3, where Dropwire keeps its state), out of the index
    folder a rebuild replaces."""

    def __init__(
        self,
        path: Path,
        *,
        writer_heap_bytes: int = 64_000_000,
        languages: Mapping[str, str] | None = None,
        registry_path: Path | None = None,
    ) -> None:
        self.path = path
        # Language code -> stemmer, for the language fields beside English.
        self.languages = stemmed_languages(languages)
        self.text_fields = ["title", "body", *(f"{field}_{code}" for code in self.languages for field in ("title", "body"))]
        self.schema = build_schema(self.languages)
        self._writer_heap_bytes = writer_heap_bytes
        self._writer: tantivy.IndexWriter | None = None
        # The commit `begin_upsert` left running, and the thread that runs it.
        self._committing: Future[list[WriteFailure]] | None = None
        self._committer: ThreadPoolExecutor | None = None
        # Documents in the writer, uncommitted, that `prepare_upsert` handed over.
        self._prepared: dict[str, Document] = {}
        # Documents handed over while a commit ran (the writer was busy): prepared with the
        # next ones handed over once it has ended, or written by `begin_upsert`.
        self._deferred: list[Document] = []
        self._registry = SqliteActorTable(registry_path or path.parent / "state.sqlite3")
        self.index = self._open(path)

    def actor_registry(self) -> SqliteActorTable:
        return self._registry

    def _open(self, path: Path) -> tantivy.Index:
        try:
            path.mkdir(parents=True, exist_ok=True)
            index = self._registered(tantivy.Index(self.schema, path=str(path), reuse=True))
            _record_languages(path, self.languages)
            return index
        except ValueError as error:
            if "schema does not match" not in str(error):
                raise StoreError(f"cannot open the index at {path}: {error}") from None
        except OSError as error:
            raise StoreError(f"cannot open the index at {path}: {error}") from None
        return self._upgrade(path)

    def _upgrade(self, path: Path) -> tantivy.Index:
        """An index written with an older schema (one field fewer, say), copied document by
        document into this schema and swapped into its place. The stored Documents are the
        truth; every other field is derived from them."""
        log.warning("the index at %s has an older schema: copying its documents into the current one", path)
        try:
            old = tantivy.Index.open(str(path))
            # An older schema may name language analyzers too: known before it is read.
            _register_tokenizers(old, self.languages)
            searcher = old.searcher()
            hits = searcher.search(tantivy.Query.all_query(), limit=max(searcher.num_docs, 1), count=False).hits
            stored = (searcher.doc(address).get_first("document") for _, address in hits)
            documents = [Document.model_validate_json(raw) for raw in stored if raw is not None]  # not actor rows
            fresh_path = path.with_name(f"{path.name}.upgrade-{time.strftime('%Y%m%d%H%M%S')}")
            fresh_path.mkdir()
            fresh = self._registered(tantivy.Index(self.schema, path=str(fresh_path)))
            writer = fresh.writer(heap_size=self._writer_heap_bytes, num_threads=1)
            _add_all(writer, documents, self.languages)
            writer.commit()
            writer.wait_merging_threads()
            retired = path.with_name(f"{path.name}.retired-{time.strftime('%Y%m%d%H%M%S')}")
            path.rename(retired)
            fresh_path.rename(path)
            shutil.rmtree(retired, ignore_errors=True)
            _record_languages(path, self.languages)
            return self._registered(tantivy.Index(self.schema, path=str(path), reuse=True))
        except (OSError, ValueError) as error:
            raise StoreError(f"cannot upgrade the index at {path} to the current schema: {error}") from None

    def _registered(self, index: tantivy.Index) -> tantivy.Index:
        _register_tokenizers(index, self.languages)
        return index

    # -- writing -------------------------------------------------------------------

    def _get_writer(self) -> tantivy.IndexWriter:
        self._wait_for_commit()
        if self._writer is None:
            try:
                self._writer = self.index.writer(heap_size=self._writer_heap_bytes, num_threads=1)
            except ValueError as error:
                busy = "LockBusy" in str(error)
                raise StoreError(
                    f"cannot write to {self.path}: another Dropwire process is writing to it (`dropwire watch`, "
                    "an ingest or a reindex); run again once it is done, or drop the files into the watched folder"
                    if busy
                    else f"cannot write to {self.path}: {error}"
                ) from None
        return self._writer

    def upsert(self, documents: Sequence[Document]) -> list[WriteFailure]:
        return self.begin_upsert(documents).result()

    def prepare_upsert(self, documents: Sequence[Document]) -> None:
        """Add the documents to the writer now: tantivy's indexing thread tokenises them
        (every text field, once per language) beside the caller's work, where a commit would
        otherwise do it all while its caller waits (300 news articles: 0.23-0.33 s of commit
        against 0.12 s once indexed). While a commit runs the writer is busy: the documents
        wait, instead of the caller waiting for the commit, and are prepared with the next
        ones handed over after it (a run's last commit would otherwise index the chunk built
        during the commit before it while the caller waits for it)."""
        if self._committing is not None and not self._committing.done():
            self._deferred += documents
            return
        documents, self._deferred = [*self._deferred, *documents], []
        if not documents:
            return
        writer = self._get_writer()
        try:
            _add_all(writer, documents, self.languages)
        except Exception:  # noqa: BLE001 - the writer was rolled back; begin_upsert writes them again and reports
            log.debug("documents could not be prepared; they are written by the commit", exc_info=True)
            self._prepared = {}
            return
        self._prepared.update((document.id, document) for document in documents)

    def begin_upsert(self, documents: Sequence[Document]) -> Future[list[WriteFailure]]:
        """Hand the documents to the writer here (those `prepare_upsert` did not), then commit
        in a thread of the store's own: a commit is tantivy serialising the segment and
        syncing its files without Python's lock, so the caller's next batch goes on beside it."""
        if not documents:
            return finished_write([])
        writer = self._get_writer()
        prepared, self._prepared, self._deferred = self._prepared, {}, []
        if prepared.keys() - {document.id for document in documents}:
            writer.rollback()  # only what this write names is committed
            prepared = {}
        _add_all(writer, [document for document in documents if prepared.get(document.id) is not document], self.languages)
        if self._committer is None:
            self._committer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dropwire-tantivy-commit")
        self._committing = self._committer.submit(self._commit, writer)
        return self._committing

    def _commit(self, writer: tantivy.IndexWriter) -> list[WriteFailure]:
        try:
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        self.index.reload()
        return []

    def _wait_for_commit(self) -> None:
        """Let a running commit end before the writer is used again (its outcome is for the
        caller of `begin_upsert`)."""
        if self._committing is not None:
            wait([self._committing])
            self._committing = None

    def delete(self, doc_id: str) -> bool:
        if not self.existing_ids([doc_id]):
            return False
        writer = self._get_writer()
        if self._prepared:  # prepared documents wait for their own write, not this commit
            writer.rollback()
            self._prepared = {}
        self._deferred = []
        writer.delete_documents_by_term("id", doc_id)
        writer.delete_documents_by_term("owner", doc_id)
        writer.commit()
        self.index.reload()
        return True

    def close(self) -> None:
        self._close_writer()
        if self._committer is not None:
            self._committer.shutdown()
            self._committer = None
        self._registry.close()

    def _close_writer(self) -> None:
        self._wait_for_commit()
        self._prepared, self._deferred = {}, []  # uncommitted: dropped with the writer
        if self._writer is not None:
            self._writer.wait_merging_threads()
            self._writer = None

    # -- rebuilding (the loop is pipeline.store.rebuild) ------------------------------

    def _new_generation(self) -> _FolderGeneration:
        stamp = time.strftime("%Y%m%d%H%M%S")
        fresh_path = self.path.with_name(f"{self.path.name}.reindex-{stamp}")
        return _FolderGeneration(
            TantivyStore(fresh_path, writer_heap_bytes=self._writer_heap_bytes, languages=self.languages)
        )

    def _switch_to(self, generation: _FolderGeneration) -> tuple[str, str]:
        """Swap the folders: the filled one takes this index's place, the old one is removed."""
        generation.store.close()
        self._close_writer()
        retired = self.path.with_name(f"{self.path.name}.retired-{time.strftime('%Y%m%d%H%M%S')}")
        self.path.rename(retired)
        generation.store.path.rename(self.path)
        shutil.rmtree(retired, ignore_errors=True)
        self.index = self._open(self.path)
        return str(retired), str(self.path)

    def _discard(self, generation: _FolderGeneration) -> None:
        generation.store.close()
        shutil.rmtree(generation.store.path, ignore_errors=True)

    # -- reading -------------------------------------------------------------------

    def count(self) -> int:
        return self.index.searcher().search(self._documents_only(), limit=1, count=True).count or 0

    def _documents_only(self) -> tantivy.Query:
        return tantivy.Query.term_query(self.schema, "row", _DOCUMENT_ROW)

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return set()
        searcher = self.index.searcher()
        query = tantivy.Query.term_set_query(self.schema, "id", wanted)
        hits = searcher.search(query, limit=len(wanted), count=False).hits
        return {searcher.doc(address).get_first("id") for _, address in hits}

    def ids_starting_with(self, prefix: str, *, limit: int) -> list[str]:
        if not _HEX_PREFIX.fullmatch(prefix):  # ids are hex: anything else would be read as a pattern
            return []
        searcher = self.index.searcher()
        query = tantivy.Query.regex_query(self.schema, "id", f"{prefix}.*")
        hits = searcher.search(query, limit=max(limit, 1), count=False).hits
        return [searcher.doc(address).get_first("id") for _, address in hits][:limit]

    def documents(self) -> Iterator[Document]:
        searcher = self.index.searcher()
        hits = searcher.search(self._documents_only(), limit=max(searcher.num_docs, 1), count=False).hits
        for _, address in hits:
            yield Document.model_validate_json(searcher.doc(address).get_first("document"))

    def actor_overview(self, name: str, *, hits: int = 20) -> ActorOverview:
        results = self._search(SearchQuery(actors=[name], limit=hits), _ACTOR_FACETS)
        sums = {
            "mentions": {"sum": {"field": "mention_count"}},
            "tone": {"sum": {"field": "mention_tone"}},
            "toned": {"sum": {"field": "mention_toned"}},
        }
        rows = self.index.searcher().aggregate(
            tantivy.Query.term_query(self.schema, "mention_of", name),
            {
                "kinds": {"terms": {"field": "mention_kind", "size": 10}},
                "aliases": {"terms": {"field": "mention_alias", "size": ACTOR_ALIASES}},
                "months": {"terms": {"field": "mention_month", "size": _MONTHS_FACET_SIZE}, "aggs": sums},
            },
        )
        buckets = lambda name: rows.get(name, {}).get("buckets", [])  # noqa: E731
        return ActorOverview(
            documents=results.total,
            hits=results.hits,
            facets=results.facets,
            kinds={str(b["key"]): int(b["doc_count"]) for b in buckets("kinds")},
            aliases={str(b["key"]): int(b["doc_count"]) for b in buckets("aliases")},
            months=[
                ActorMonth(
                    str(b["key"]),
                    int(b["doc_count"]),
                    int(b["mentions"]["value"] or 0),
                    (b["tone"]["value"] or 0) / _TONE_SCALE,
                    int(b["toned"]["value"] or 0),
                )
                for b in buckets("months")
            ],
        )

    def get(self, doc_id: str) -> Document | None:
        searcher = self.index.searcher()
        hits = searcher.search(tantivy.Query.term_query(self.schema, "id", doc_id), limit=1).hits
        if not hits:
            return None
        return Document.model_validate_json(searcher.doc(hits[0][1]).get_first("document"))

    def search(self, query: SearchQuery) -> SearchResults:
        return self._search(query, _aggregations(query.facet_size))

    def _search(self, query: SearchQuery, aggregations: dict[str, Any]) -> SearchResults:
        searcher = self.index.searcher()
        text_query = self._text_query(query.text)
        combined = self._with_filters(text_query, query)
        # tantivy has no search_after: its cursor carries the offset of the next page.
        offset = Cursor.decode(query.cursor).offset if query.cursor else query.offset
        result = searcher.search(combined, limit=max(query.limit, 1), offset=offset, count=True)
        total = result.count or 0
        hits: list[SearchHit] = []
        if query.limit:
            # Filters alone mark no words: every hit opens with its first lines.
            snippets = _Snippets(searcher, text_query, self.schema, self.languages) if query.text.strip() else None
            for score, address in result.hits:
                stored = searcher.doc(address)
                document = StoredHit.model_validate_json(stored.get_first("document"))
                highlight = (snippets.of(document, stored) if snippets else "") or leading_snippet(document.body, SNIPPET_CHARS)
                hits.append(SearchHit.of(document, highlight, score))
        facets = _facets(searcher.aggregate(combined, aggregations))
        next_offset = offset + len(hits)
        cursor = Cursor(offset=next_offset).encode() if hits and next_offset < total else None
        return SearchResults(total=total, hits=hits, facets=facets, next_cursor=cursor)

    def _text_query(self, text: str) -> tantivy.Query:
        """User syntax that tantivy cannot read is retried as plain words, never raised."""
        if not text.strip():
            return tantivy.Query.all_query()
        # Field syntax ("id:*", "title:x") is not part of the query language users are given:
        # its words are searched as words, as Elasticsearch's simple_query_string does.
        text = _FIELD_PREFIX.sub(r"\1 ", text)
        text = _DANGLING_OPERATORS.sub(" ", text.strip()).strip() or text
        query, errors = self.index.parse_query_lenient(text, self.text_fields, conjunction_by_default=True)
        if not errors:
            return query
        words = _OPERATORS.sub(lambda match: match.group(0).lower(), _SYNTAX.sub(" ", text)).strip()
        if not words:
            return tantivy.Query.empty_query()
        query, _ = self.index.parse_query_lenient(words, self.text_fields, conjunction_by_default=True)
        return query

    def _with_filters(self, text_query: tantivy.Query, query: SearchQuery) -> tantivy.Query:
        term = lambda field, value: (tantivy.Occur.Must, tantivy.Query.term_query(self.schema, field, value))  # noqa: E731
        # Words match only documents, but a lone "*" is every row: actor rows are left out here.
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = [(tantivy.Occur.Must, text_query), term("row", _DOCUMENT_ROW)]
        clauses += [term("actor", actor) for actor in query.actors]
        clauses += [term("theme", theme) for theme in query.themes]
        if query.sentiment is not None:
            clauses.append(term("sentiment", query.sentiment.value))
        if query.source_kind is not None:
            clauses.append(term("source_kind", query.source_kind.value))
        if query.media_type is not None:
            clauses.append(term("media_type", query.media_type))
        if query.language is not None:
            clauses.append(term("language", query.language))
        if query.since or query.until:
            clauses.append(
                (
                    tantivy.Occur.Must,
                    tantivy.Query.range_query(
                        self.schema,
                        "dated_at",
                        tantivy.FieldType.Date,
                        day_start(query.since) if query.since else tantivy.MIN_DATETIME,
                        day_end(query.until) if query.until else tantivy.MAX_DATETIME,
                    ),
                )
            )
        return tantivy.Query.boolean_query(clauses)


class _Snippets:
    """A hit's snippet, from the body field of its own language first: that field's analyzer
    marks the words it matched ("économie" for "economie"), which the English field never
    does. Another field's snippet is used when that one marks nothing (a word that matched
    only through another language's reading). The language fields are not stored: the text
    comes from the stored Document. Each field's generator is made on first need."""

    def __init__(self, searcher: tantivy.Searcher, query: tantivy.Query, schema: tantivy.Schema, languages: Iterable[str]) -> None:
        self._searcher, self._query, self._schema = searcher, query, schema
        self._fields = {MAIN_LANGUAGE: "body", **{code: f"body_{code}" for code in languages}}
        self._generators: dict[str, tantivy.SnippetGenerator] = {}

    def of(self, document: StoredHit, stored: tantivy.Document) -> str:
        """`stored` is the hit as the index keeps it: its English body is read from there."""
        own = self._fields.get(document.language, "body")
        for field in (own, *(field for field in self._fields.values() if field != own)):
            source = stored if field == "body" else tantivy.Document(**{field: document.body})
            snippet = self._generator(field).snippet_from_doc(source)
            if snippet.highlighted():
                return snippet.to_html()
        return ""

    def _generator(self, field: str) -> tantivy.SnippetGenerator:
        if field not in self._generators:
            generator = tantivy.SnippetGenerator.create(self._searcher, self._query, self._schema, field)
            generator.set_max_num_chars(SNIPPET_CHARS)
            self._generators[field] = generator
        return self._generators[field]


def _add_all(writer: tantivy.IndexWriter, documents: Sequence[Document], languages: Iterable[str] = ()) -> None:
    """Replace each document and its actor rows in the writer (nothing is visible before the
    commit); on any failure, whatever this writer holds uncommitted is dropped."""
    languages = tuple(languages)
    try:
        for document in documents:
            writer.delete_documents_by_term("id", document.id)
            writer.delete_documents_by_term("owner", document.id)
            month = month_of(document.dated_at)
            writer.add_document(_to_tantivy(document, languages, month))
            for row in _actor_rows(document, month):
                writer.add_document(row)
    except BaseException:
        writer.rollback()
        raise


def _to_tantivy(document: Document, languages: Sequence[str] = (), month: str | None = None) -> tantivy.Document:
    # Filled field by field, as the actor rows are: keyword arguments cost tantivy a guess at
    # each value's type.
    row = tantivy.Document()
    add = row.add_text
    title = document.title or ""
    add("id", document.id)
    add("title", title)
    add("body", document.body)
    # Every document goes into every language's fields, as Elasticsearch's sub-fields do:
    # a word is found whatever language its document was filed as.
    for code in languages:
        add(f"title_{code}", title)
        add(f"body_{code}", document.body)
    if document.sentiment is not None:
        add("sentiment", document.sentiment.label.value)
        row.add_float("sentiment_score", document.sentiment.score)
    add("language", document.language)
    # The serializer's own UTF-8 bytes: model_dump_json decodes them to a str, which was
    # encoded back here (two passes over a body-sized text, the same bytes).
    row.add_bytes("document", document.__pydantic_serializer__.to_json(document))
    for actor in document.actors:
        add("actor", actor.name)
    for actor in document.actors:
        # A kind is a StrEnum: its str is its value (`.value` costs an enum descriptor call per actor).
        add("actor_facet", f"{actor.kind}{_KIND_SEPARATOR}{actor.name}")
    for theme in document.themes:
        add("theme", theme.id)
    add("source_kind", document.source.kind.value)
    add("media_type", document.source.media_type)
    add("month", month or month_of(document.dated_at))
    row.add_date("dated_at", document.dated_at.astimezone(dt.UTC))
    row.add_integer("schema_version", SCHEMA_VERSION)
    add("row", _DOCUMENT_ROW)
    return row


def _actor_rows(document: Document, month: str) -> Iterator[tantivy.Document]:
    # Filled field by field: keyword arguments cost tantivy a guess at each value's type, and
    # a document has a dozen actors (a third less time for its rows).
    for actor in document.actors:
        tone = actor.sentiment
        row = tantivy.Document()
        row.add_text("row", _ACTOR_ROW)
        row.add_text("owner", document.id)
        row.add_text("mention_of", actor.name)
        row.add_text("mention_kind", str(actor.kind))
        for alias in actor.aliases:
            row.add_text("mention_alias", alias)
        row.add_text("mention_month", month)
        row.add_integer("mention_count", actor.mentions)
        row.add_integer("mention_tone", 0 if tone is None else round(tone * _TONE_SCALE))
        row.add_integer("mention_toned", 0 if tone is None else 1)
        yield row


# An actor page's facets: the actors and themes of the documents naming it.
_ACTOR_FACETS = {"actors": {"terms": {"field": "actor_facet", "size": 20}}, "themes": {"terms": {"field": "theme", "size": 20}}}


def _aggregations(size: int) -> dict[str, Any]:
    terms = lambda field, n=size: {"terms": {"field": field, "size": n}}  # noqa: E731
    return {
        "actors": terms("actor_facet"),
        "themes": terms("theme"),
        "months": terms("month", _MONTHS_FACET_SIZE),
        "sentiment": terms("sentiment", 3),
        "sources": terms("source_kind", 2),
        "languages": terms("language", 50),
    }


def _facets(aggregations: dict[str, Any]) -> Facets:
    buckets = {
        name: [(str(bucket["key"]), int(bucket["doc_count"])) for bucket in aggregation.get("buckets", [])]
        for name, aggregation in aggregations.items()
    }
    return Facets.from_buckets(buckets, _KIND_SEPARATOR)
