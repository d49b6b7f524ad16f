"""Enrichment of articles we wrote, through the real model."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import FIXTURES, SHARED
from pipeline.enrich import Enricher
from pipeline.models import ActorKind, SentimentLabel

PUBLISHED = dt.datetime(2019, 2, 25, 9, 0, tzinfo=dt.UTC)  # a Monday


@pytest.fixture(scope="module")
def summit(enricher: Enricher):
    title, body = (FIXTURES / "summit-article.txt").read_text().split("\n", 1)
    return body, enricher.enrich(body, PUBLISHED, title)


def actor(enrichments, name: str):
    found = [a for a in enrichments.actors if a.name == name]
    assert found, f"{name} not among {[a.name for a in enrichments.actors]}"
    return found[0]


def test_kim_is_one_actor_with_every_spelling(summit) -> None:
    _, result = summit
    kim = actor(result, "Kim Jong Un")
    assert kim.kind is ActorKind.PERSON
    assert set(kim.aliases) == {"Kim Jong-un", "Kim Jong Un", "Kim"}
    assert kim.mentions >= 4
    assert not [a for a in result.actors if a.name != "Kim Jong Un" and "Kim" in a.name]


def test_trump_possessives_and_titles_are_one_person(summit) -> None:
    _, result = summit
    trump = actor(result, "Donald Trump")
    assert trump.kind is ActorKind.PERSON
    assert "Trump" in trump.aliases
    assert trump.mentions >= 3
    assert not any(a.name in ("Trump", "Trump's") for a in result.actors)


def test_places_are_mapped_and_known_aliases_merged(summit) -> None:
    _, result = summit
    assert actor(result, "Hanoi").kind is ActorKind.PLACE
    assert actor(result, "Seoul").kind is ActorKind.PLACE
    names = [a.name for a in result.actors]
    assert len(names) == len(set(names))


def test_dates_are_anchored_on_publication(summit) -> None:
    body, result = summit
    values = {mention.text: (mention.value, mention.relative) for mention in result.dates}
    assert values["Monday"] == ("2019-02-25", True)
    assert values["last year"] == ("2018", True)
    assert values["next month"] == ("2019-03", True)
    for mention in result.dates:
        assert body[mention.start : mention.end] == mention.text


def test_relative_dates_are_left_out_without_a_publication_date(enricher: Enricher) -> None:
    body = (FIXTURES / "summit-article.txt").read_text().split("\n", 1)[1]
    assert enricher.enrich(body, None).dates == []


def test_tone_per_document_and_per_actor(enricher: Enricher) -> None:
    body = (
        "Maria Lopez won the award and thanked her wonderful, generous team. "
        "Maria Lopez said it was the happiest day of her life. "
        "Meanwhile Victor Krane was charged with fraud after a terrible, violent attack. "
        "Prosecutors called Krane a dangerous liar."
    )
    result = enricher.enrich(body, None)
    assert actor(result, "Maria Lopez").sentiment > 0.5
    assert actor(result, "Victor Krane").sentiment < -0.5
    assert -1 <= result.sentiment.score <= 1
    hostile = enricher.enrich("The attack was a horrible, cruel disaster. Victims suffered terribly and many died.")
    assert hostile.sentiment.label is SentimentLabel.NEGATIVE


def test_themes_explain_themselves(summit) -> None:
    _, result = summit
    themes = {theme.id: theme for theme in result.themes}
    assert {"politics", "diplomacy", "nuclear", "conflict-war-peace"} <= set(themes)
    assert "summit" in themes["diplomacy"].terms
    assert "nuclear" in themes["nuclear"].terms


def test_enrich_many_keeps_order_and_context(enricher: Enricher) -> None:
    from pipeline.enrich import Text

    items = [(Text(f"Angela Merkel visited Paris, report {n}."), n) for n in range(5)]
    results = list(enricher.enrich_many(items))
    assert [context for _, context in results] == list(range(5))
    assert all(actor(result, "Angela Merkel") for result, _ in results)


SAMPLE = SHARED / "samples" / "north-korea-leverage.txt"


@pytest.mark.skipif(not SAMPLE.exists(), reason=f"needs the shared sample article {SAMPLE}, which is not beside this checkout")
def test_the_shared_sample_article(enricher: Enricher) -> None:
    title, body = SAMPLE.read_text().split("\n", 1)
    result = enricher.enrich(body, dt.datetime(2025, 5, 9, tzinfo=dt.UTC), title)
    kim = actor(result, "Kim Jong Un")
    assert {"Kim Jong-un", "Kim Jong Un", "Kim"} <= set(kim.aliases)
    assert actor(result, "Trump").kind is ActorKind.PERSON
    assert actor(result, "Sidney Sailer").aliases == ["Sidney Sailer", "Sailer"]
    assert actor(result, "Vladimir Putin").aliases == ["Vladimir Putin", "Putin"]
    assert actor(result, "Zelensky").kind is ActorKind.PERSON
    assert set(actor(result, "United States").aliases) >= {"U.S.", "United States"}
    [late_april] = [m for m in result.dates if m.text == "late April 2025"]
    assert (late_april.value, late_april.granularity.value, late_april.relative) == ("2025-04", "month", False)
    assert {"diplomacy", "nuclear"} <= {theme.id for theme in result.themes}


def test_no_false_dates_from_verbs_scores_prices_or_clock_times(enricher: Enricher) -> None:
    body = (
        "Protesters may march to the ministry if talks fail. United won 3-2 after extra time. "
        "Shares fell to $4.50 and the index lost 2.5 percent. The meeting starts at 10 a.m. and ends at 14:30. "
        "The vote was held on 12 March 2025."
    )
    result = enricher.enrich(body, dt.datetime(2025, 3, 14, tzinfo=dt.UTC))
    assert [(mention.text, mention.value) for mention in result.dates] == [("12 March 2025", "2025-03-12")]



def test_texts_sliced_from_the_doc_are_the_spans_texts(enricher: Enricher, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tone and dates read each sentence and DATE entity as a slice of the doc's text (cheaper
    than joining its tokens): the slices must be exactly spaCy's own span texts, also in a doc
    joined from pieces and around runs of spaces, tabs and blank lines."""
    import pipeline.enrich.enricher as enrich
    from pipeline.enrich import Text

    title, body = (FIXTURES / "summit-article.txt").read_text().split("\n", 1)
    odd = body.replace(". ", ".  \t", 5).replace("\n", "\n\n \n", 3) + "\n\nOn 3 March 2019 talks resumed.   "
    monkeypatch.setattr(enrich, "PIECE_CHARS", 150)  # several pieces, joined back into one Doc
    sentences: list[str] = []
    docs = []
    score = enrich.sentence_scores
    enrich_docs = enricher.enrich_docs
    monkeypatch.setattr(enrich, "sentence_scores", lambda texts: sentences.extend(texts) or score(texts))
    monkeypatch.setattr(
        enricher, "enrich_docs", lambda batch, pipeline=None: docs.extend(doc for doc, _ in batch) or enrich_docs(batch, pipeline)
    )
    text = Text(odd, title, PUBLISHED)
    [(result, _)] = list(enricher.enrich_many([(text, None)]))
    [doc] = docs
    assert len(text.for_model) > 3 * 150 and len(list(doc.sents)) >= 5 and sentences == [sentence.text for sentence in doc.sents]
    spans = [(e.text, e.start_char - text.body_offset) for e in doc.ents if e.label_ == "DATE" and e.start_char >= text.body_offset]
    assert spans and result.dates == enrich.date_mentions(spans, odd, PUBLISHED)
