"""One suite, every store: the same documents in, the same answers out."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import TWIN_BODIES, TWIN_PREFIX, corpus, make_document
from pipeline.models import ActorKind, Document, SentimentLabel, SourceKind
from pipeline.search import SearchQuery
from pipeline.store import Store
from pipeline.store.tantivy import TantivyStore
from es_support import LIVE_URL

STORE_PARAMS = ["tantivy", "elasticsearch-osmem"] + (["elasticsearch-live"] if LIVE_URL else [])

@pytest.fixture(params=STORE_PARAMS)
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], Store]]:
    """Opens the store under test; called twice, it opens the same archive again."""
    opened: list[Store] = []
    if request.param == "tantivy":
        def factory() -> Store:
            opened.append(TantivyStore(tmp_path / "index", writer_heap_bytes=20_000_000))
            return opened[-1]
    else:
        cluster = request.getfixturevalue("es_cluster") if request.param == "elasticsearch-osmem" else None
        if cluster is None:
            from es_support import live_namespace

            context = live_namespace(LIVE_URL)
            cluster = context.__enter__()
            request.addfinalizer(lambda: context.__exit__(None, None, None))

        def factory() -> Store:
            opened.append(cluster.store())
            return opened[-1]
    yield factory
    for store in opened:
        store.close()


@pytest.fixture
def filled(make_store: Callable[[], Store]) -> Store:
    store = make_store()
    store.upsert(corpus())
    return store


def titles(results) -> set[str]:
    return {hit.title for hit in results.hits}


def test_count_get_and_existing_ids(filled: Store) -> None:
    documents = corpus()
    assert filled.count() == 4
    assert filled.get(documents[0].id) == documents[0]
    assert filled.get("0" * 64) is None
    assert filled.existing_ids([documents[1].id, "f" * 64]) == {documents[1].id}


def test_upsert_of_the_same_id_replaces(filled: Store) -> None:
    first = corpus()[0]
    changed = first.model_copy(update={"title": "A new title"})
    filled.upsert([changed])
    assert filled.count() == 4
    assert filled.get(first.id).title == "A new title"


def test_delete(filled: Store) -> None:
    first = corpus()[0]
    assert filled.delete(first.id) is True
    assert filled.delete(first.id) is False
    assert filled.count() == 3
    assert filled.get(first.id) is None


def test_text_search_matches_stems_and_highlights(filled: Store) -> None:
    results = filled.search(SearchQuery(text="missiles"))
    assert results.total == 2
    assert titles(results) == {"Kim meets envoys", "Putin and Trump call"}
    assert all("<b>missile</b>" in hit.highlight for hit in results.hits)


def test_words_are_all_required_and_phrases_work(filled: Store) -> None:
    assert titles(filled.search(SearchQuery(text="Trump Putin"))) == {"Putin and Trump call"}
    assert titles(filled.search(SearchQuery(text='"missile treaty"'))) == {"Putin and Trump call"}
    assert filled.search(SearchQuery(text="missile -Putin")).total == 1


@pytest.mark.parametrize("text", ['"unclosed', "AND OR", "title:(", "a:b:c", "((((", "*", "Trump AND", "-", "NOT", "~^!", "\x00"])
def test_user_syntax_never_raises(filled: Store, text: str) -> None:
    results = filled.search(SearchQuery(text=text))
    assert results.total <= filled.count()
    assert len(results.hits) == min(results.total, 10)


def test_a_dangling_operator_is_read_as_the_words_around_it(filled: Store) -> None:
    trump = titles(filled.search(SearchQuery(text="Trump")))
    assert trump and titles(filled.search(SearchQuery(text="Trump AND"))) == trump


def test_broken_syntax_is_read_as_words(filled: Store) -> None:
    assert titles(filled.search(SearchQuery(text='"Putin'))) == {"Putin and Trump call"}
    assert titles(filled.search(SearchQuery(text="Putin) AND ("))) == {"Putin and Trump call"}


def test_highlights_escape_document_html(filled: Store) -> None:
    [hit] = filled.search(SearchQuery(text="football")).hits
    assert "<script>" not in hit.highlight
    assert "&lt;script&gt;" in hit.highlight
    assert "<b>football</b>" in hit.highlight


def test_filters_by_actor_theme_sentiment_source_and_dates(filled: Store) -> None:
    assert titles(filled.search(SearchQuery(actors=["Kim Jong Un"]))) == {"Kim meets envoys", "Trump upbeat on talks"}
    assert titles(filled.search(SearchQuery(actors=["Kim Jong Un", "Donald Trump"]))) == {"Trump upbeat on talks"}
    assert titles(filled.search(SearchQuery(themes=["nuclear"]))) == {"Kim meets envoys"}
    assert titles(filled.search(SearchQuery(themes=["politics"], sentiment=SentimentLabel.POSITIVE))) == {"Trump upbeat on talks"}
    assert titles(filled.search(SearchQuery(source_kind=SourceKind.S3))) == {"Seoul wins"}
    may = SearchQuery(since=dt.date(2025, 5, 1), until=dt.date(2025, 5, 20))
    assert titles(filled.search(may)) == {"Trump upbeat on talks", "Putin and Trump call"}
    assert titles(filled.search(SearchQuery(until=dt.date(2025, 4, 28)))) == {"Kim meets envoys"}
    assert filled.search(SearchQuery(actors=["Nobody"])).total == 0


def test_undated_documents_are_filed_under_their_arrival(filled: Store) -> None:
    assert titles(filled.search(SearchQuery(since=dt.date(2026, 1, 1)))) == {"Seoul wins"}


def test_facets_count_actors_with_kind_themes_months_and_tone(filled: Store) -> None:
    facets = filled.search(SearchQuery()).facets
    actors = {(f.value, f.kind, f.count) for f in facets.actors}
    assert ("Kim Jong Un", ActorKind.PERSON, 2) in actors
    assert ("Donald Trump", ActorKind.PERSON, 2) in actors
    assert ("Seoul", ActorKind.PLACE, 1) in actors
    assert {f.value: f.count for f in facets.themes}["politics"] == 3
    assert [(f.value, f.count) for f in facets.months] == [("2025-04", 1), ("2025-05", 2), ("2026-01", 1)]
    assert {f.value: f.count for f in facets.sentiment} == {"negative": 1, "positive": 2, "neutral": 1}
    assert {f.value: f.count for f in facets.sources} == {"local": 3, "s3": 1}


def test_facets_follow_the_filters(filled: Store) -> None:
    facets = filled.search(SearchQuery(actors=["Donald Trump"])).facets
    assert {f.value: f.count for f in facets.actors} == {"Donald Trump": 2, "Kim Jong Un": 1, "Vladimir Putin": 1}


def test_paging(filled: Store) -> None:
    everything = filled.search(SearchQuery(limit=10))
    first = filled.search(SearchQuery(limit=2))
    second = filled.search(SearchQuery(limit=2, offset=2))
    assert first.total == second.total == 4
    assert len(first.hits) == len(second.hits) == 2
    assert {h.id for h in first.hits} | {h.id for h in second.hits} == {h.id for h in everything.hits}
    assert filled.search(SearchQuery(limit=0)).hits == []


def test_facet_size_limits_buckets(filled: Store) -> None:
    assert len(filled.search(SearchQuery(facet_size=1)).facets.actors) == 1


def test_an_empty_store_answers_empty(make_store: Callable[[], Store]) -> None:
    store = make_store()
    results = store.search(SearchQuery(text="anything"))
    assert (results.total, results.hits, results.facets.actors) == (0, [], [])
    assert store.count() == 0
    assert store.get("0" * 64) is None
    assert store.existing_ids(["0" * 64]) == set()
    assert list(store.documents()) == []


def test_a_store_reopened_keeps_its_documents(make_store: Callable[[], Store]) -> None:
    store = make_store()
    store.upsert(corpus())
    store.close()
    assert make_store().count() == 4


def test_a_begun_write_is_durable_and_searchable_once_it_has_ended(make_store: Callable[[], Store]) -> None:
    store = make_store()
    first = corpus()[0]
    assert store.begin_upsert([first]).result() == []
    assert store.get(first.id) == first and store.count() == 1
    assert titles(store.search(SearchQuery(text="envoys Pyongyang"))) == {"Kim meets envoys"}


def test_writes_after_a_begun_one_wait_for_it_and_all_are_kept(make_store: Callable[[], Store]) -> None:
    store = make_store()
    first, second, third, fourth = corpus()
    begun = store.begin_upsert([first, second])
    assert store.upsert([third]) == []  # the writer is not used before the commit in flight ends
    later = store.begin_upsert([fourth])
    assert store.delete(second.id) is True
    assert begun.result() == [] and later.result() == []
    assert store.existing_ids([d.id for d in corpus()]) == {first.id, third.id, fourth.id}


def test_closing_with_a_write_in_flight_keeps_it(make_store: Callable[[], Store]) -> None:
    store = make_store()
    store.begin_upsert(corpus())
    store.close()
    assert make_store().count() == 4


def test_prepared_documents_are_kept_by_the_write_that_names_them_and_only_by_it(make_store: Callable[[], Store]) -> None:
    store = make_store()
    first, second, third, fourth = corpus()
    store.prepare_upsert([first, second])
    assert store.count() == 0 and store.get(first.id) is None  # nothing visible before the write
    assert store.begin_upsert([first, second, third]).result() == []
    assert store.existing_ids([d.id for d in corpus()]) == {first.id, second.id, third.id}
    assert store.get(second.id) == second
    assert titles(store.search(SearchQuery(text="envoys Pyongyang"))) == {"Kim meets envoys"}
    store.prepare_upsert([fourth])
    assert store.upsert([first]) == []  # a write that does not name it leaves it out
    assert fourth.id not in store.existing_ids([fourth.id])
    store.prepare_upsert([fourth])
    assert store.delete(third.id) is True
    assert store.existing_ids([d.id for d in corpus()]) == {first.id, second.id}


def test_a_prepared_document_changed_before_its_write_is_stored_as_written(make_store: Callable[[], Store]) -> None:
    store = make_store()
    first = corpus()[0]
    store.prepare_upsert([first])
    retitled = first.model_copy(update={"title": "Kim meets envoys again"})
    assert store.begin_upsert([retitled]).result() == []
    assert store.count() == 1 and store.get(first.id) == retitled


def test_prepared_documents_are_not_kept_by_closing(make_store: Callable[[], Store]) -> None:
    store = make_store()
    store.prepare_upsert(corpus())
    store.close()
    assert make_store().count() == 0


def test_cursor_paging_walks_every_hit_once(filled: Store) -> None:
    seen: list[str] = []
    cursor = None
    for _ in range(10):
        page = filled.search(SearchQuery(limit=1, cursor=cursor))
        seen += [hit.id for hit in page.hits]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert sorted(seen) == sorted(document.id for document in corpus())


def test_a_foreign_cursor_is_refused_clearly() -> None:
    with pytest.raises(ValueError, match="cursor is not one this archive handed out"):
        SearchQuery(cursor="not-a-cursor")


def test_documents_lists_everything(filled: Store) -> None:
    assert sorted(document.id for document in filled.documents()) == sorted(document.id for document in corpus())


def test_reindex_switches_to_a_rebuilt_index(filled: Store) -> None:
    def retitle(documents):
        for document in documents:
            yield document.model_copy(update={"title": f"[v2] {document.title}"})

    report = filled.reindex(retitle)
    assert report.documents == 4 and not report.failures
    assert report.source != report.target
    assert filled.count() == 4
    assert {hit.title for hit in filled.search(SearchQuery()).hits} == {f"[v2] {d.title}" for d in corpus()}
    assert titles(filled.search(SearchQuery(actors=["Kim Jong Un"]))) == {"[v2] Kim meets envoys", "[v2] Trump upbeat on talks"}
    again = filled.reindex()
    assert again.documents == 4 and filled.count() == 4


def test_facets_are_ordered_by_count_then_name(filled: Store) -> None:
    facets = filled.search(SearchQuery()).facets
    for values in (facets.actors, facets.themes, facets.sentiment, facets.sources):
        keys = [(-facet.count, facet.value) for facet in values]
        assert keys == sorted(keys)


def test_filter_by_media_type_and_container_fields_round_trip(make_store: Callable[[], Store]) -> None:
    store = make_store()
    documents = corpus()
    mail, pdf = documents[0], documents[1]
    mail = mail.model_copy(update={"source": mail.source.model_copy(update={"media_type": "message/rfc822"}), "children": [pdf.id]})
    pdf = pdf.model_copy(
        update={
            "source": pdf.source.model_copy(update={"media_type": "application/pdf", "declared_media_type": "text/plain"}),
            "parent_id": mail.id,
            "container_path": "figures.pdf",
            "page_offsets": [0],
            "author": "Ana Ruiz",
        }
    )
    store.upsert([mail, pdf, *documents[2:]])
    assert titles(store.search(SearchQuery(media_type="application/pdf"))) == {pdf.title}
    assert titles(store.search(SearchQuery(media_type="message/rfc822"))) == {mail.title}
    assert store.search(SearchQuery(media_type="image/png")).total == 0
    assert store.get(pdf.id) == pdf and store.get(mail.id) == mail


def test_an_index_of_the_previous_schema_is_upgraded_on_open(tmp_path: Path) -> None:
    import tantivy

    from pipeline.store import tantivy as embedded

    path = tmp_path / "index"
    path.mkdir()
    builder = tantivy.SchemaBuilder()  # schema version 1: no media_type field
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
    builder.add_bytes_field("document", stored=True, indexed=False)
    for keyword in ("actor", "actor_facet", "theme", "sentiment", "source_kind", "month"):
        builder.add_text_field(keyword, tokenizer_name="raw", fast=True)
    builder.add_date_field("dated_at", indexed=True, fast=True)
    builder.add_float_field("sentiment_score", indexed=True, fast=True)
    builder.add_integer_field("schema_version", indexed=True, stored=True)
    old = tantivy.Index(builder.build(), path=str(path))
    writer = old.writer(heap_size=20_000_000, num_threads=1)
    for document in corpus():
        writer.add_document(tantivy.Document(id=document.id, document=document.model_dump_json().encode()))
    writer.commit()
    writer.wait_merging_threads()

    store = embedded.TantivyStore(path, writer_heap_bytes=20_000_000)
    try:
        assert store.count() == len(corpus())
        assert store.search(SearchQuery(media_type="text/plain")).total == len(corpus())
    finally:
        store.close()


def _in_french(document: Document) -> Document:
    """A hand-made document filed as French, with its tone not analysed (as the French pipeline does)."""
    stored = json.loads(document.model_dump_json())
    stored.update(
        language="fr", language_detected="fr", language_confidence=0.99, language_source="text", not_analysed=["tone"], sentiment=None
    )
    for actor in stored["actors"]:
        actor["sentiment"] = None
    return Document.model_validate(stored)


def test_each_language_is_searched_with_its_own_stemmer_and_counted(make_store: Callable[[], Store]) -> None:
    store = make_store()
    french = _in_french(
        make_document(
            "Les élections législatives ont affaibli le gouvernement, et l'économie inquiète les électeurs.",
            title="Législatives",
            actors=[("Emmanuel Macron", ActorKind.PERSON)],
        )
    )
    english = make_document(
        "The elections weakened the government.", title="Elections", actors=[("Emmanuel Macron", ActorKind.PERSON)]
    )
    store.upsert([french, english])
    # "economie" reaches "l'économie" only through the French analyzer (elision, accents, stem).
    assert titles(store.search(SearchQuery(text="economie"))) == {"Législatives"}
    assert titles(store.search(SearchQuery(text="elections"))) == {"Législatives", "Elections"}
    assert titles(store.search(SearchQuery(text="weaken government"))) == {"Elections"}
    everything = store.search(SearchQuery(limit=10))
    assert {facet.value: facet.count for facet in everything.facets.languages} == {"en": 1, "fr": 1}
    [hit] = store.search(SearchQuery(language="fr")).hits
    assert (hit.title, hit.language, hit.sentiment, hit.sentiment_score) == ("Législatives", "fr", None, None)
    # Tone facets count only the documents whose tone was analysed.
    assert sum(facet.count for facet in everything.facets.sentiment) == 1
    # One actor across languages: one facet value, two documents.
    assert [(facet.value, facet.count) for facet in everything.facets.actors] == [("Emmanuel Macron", 2)]
    assert store.get(french.id) == french


def test_a_french_hit_is_highlighted_from_its_french_field(make_store: Callable[[], Store]) -> None:
    store = make_store()
    french = _in_french(
        make_document(
            "Le gouvernement a présenté son budget. Les électeurs jugent l'économie fragile et les impôts trop lourds.",
            title="Budget",
        )
    )
    store.upsert([french])
    # Each word form is reached only through the French analyzer (elision, accents, stems):
    # the snippet must mark the French word, not fall back to the unmarked opening.
    # (Elasticsearch marks the elided article with its word: "<b>l&#x27;économie</b>".)
    for query, word in (("economie", "économie"), ("electeur", "électeurs"), ("impot", "impôts")):
        [hit] = store.search(SearchQuery(text=query)).hits
        assert re.findall(r"<b>([^<]*)</b>", hit.highlight) in ([word], [f"l&#x27;{word}"]), (query, hit.highlight)
    # Words the English field reaches too ("budget") do not make the English field's snippet,
    # which would mark them alone, win over the French one that marks every word.
    [hit] = store.search(SearchQuery(text="budget economie")).hits
    assert {word.removeprefix("l&#x27;") for word in re.findall(r"<b>([^<]*)</b>", hit.highlight)} == {"budget", "économie"}


def test_a_second_writer_on_the_embedded_index_is_told_who_holds_it(tmp_path: Path) -> None:
    from conftest import make_document

    from pipeline.errors import StoreError
    from pipeline.store.tantivy import TantivyStore

    with TantivyStore(tmp_path / "index", writer_heap_bytes=20_000_000) as first:
        first.prepare_upsert([make_document("Ferry one sailed.")])  # the writer, and its lock, taken
        with TantivyStore(tmp_path / "index", writer_heap_bytes=20_000_000) as second:
            with pytest.raises(StoreError, match="another Dropwire process is writing to it .* run again once it is done"):
                second.upsert([make_document("Ferry two sailed.")])


def test_a_name_read_as_several_kinds_is_one_facet_value_of_the_voted_kind(make_store: Callable[[], Store]) -> None:
    store = make_store()
    store.upsert(
        [
            make_document(f"Report {number} on the Valmorin regatta.", actors=[("Nadia Okoro", kind), ("Dunmore", place_or_club)])
            for number, (kind, place_or_club) in enumerate(
                [(ActorKind.PERSON, ActorKind.ORG)] * 4 + [(ActorKind.ORG, ActorKind.PLACE)] * 2
            )
        ]
    )
    facets = store.search(SearchQuery(limit=0, facet_size=20)).facets.actors
    assert [(f.value, f.kind, f.count) for f in facets] == [
        ("Nadia Okoro", ActorKind.PERSON, 6),
        ("Dunmore", ActorKind.ORG, 4),
        ("Dunmore", ActorKind.PLACE, 2),
    ]
    assert store.search(SearchQuery(actors=["Nadia Okoro"], limit=0)).total == 6



def test_ids_starting_with_a_prefix(filled: Store) -> None:
    documents = corpus()
    for document in documents:
        for length in (1, 8, 12, 63):
            expected = {other.id for other in documents if other.id.startswith(document.id[:length])}
            assert set(filled.ids_starting_with(document.id[:length], limit=10)) == expected
    assert filled.ids_starting_with("0" * 40, limit=10) == []
    assert len(filled.ids_starting_with("", limit=2)) == 2  # every id starts with nothing; the limit holds


def test_a_short_id_names_one_document_or_says_why_not(make_store: Callable[[], Store]) -> None:
    from pipeline.document_ids import IdOutcome, resolve_document_id

    store = make_store()
    twins = [make_document(body) for body in TWIN_BODIES]
    store.upsert([*corpus(), *twins])
    assert all(twin.id.startswith(TWIN_PREFIX) for twin in twins)
    first = corpus()[0]
    for typed in (first.id, first.id[:8], first.id[:12], first.id[:12].upper(), f" {first.id[:20]} "):
        lookup = resolve_document_id(store, typed)
        assert (lookup.outcome, lookup.id) == (IdOutcome.FOUND, first.id), typed
    ambiguous = resolve_document_id(store, TWIN_PREFIX)
    assert ambiguous.outcome is IdOutcome.AMBIGUOUS and sorted(ambiguous.candidates) == sorted(t.id for t in twins)
    assert all(twin.id[:12] in ambiguous.message for twin in twins)
    assert resolve_document_id(store, twins[1].id[:16]).id == twins[1].id
    assert resolve_document_id(store, first.id[:7]).outcome is IdOutcome.TOO_SHORT
    assert "at least 8" in resolve_document_id(store, first.id[:7]).message
    assert resolve_document_id(store, "0" * 12).outcome is IdOutcome.MISSING
    assert resolve_document_id(store, "0" * 64).outcome is IdOutcome.MISSING
    assert resolve_document_id(store, "not-an-id!").outcome is IdOutcome.MALFORMED
    assert resolve_document_id(store, first.id + "0").outcome is IdOutcome.MALFORMED
