"""The sentence scorer gives VADER's own compound score, on every shape of sentence VADER
treats specially: boosters, negations, "but", "kind of", "least", idioms, capitals,
punctuation, emoticons and emoji."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from conftest import SHARED
from pipeline.enrich.sentiment import SentenceTone, sentence_scores

VADER = SentimentIntensityAnalyzer()
TONE = SentenceTone()

# Words VADER reads a valence from, words that change a neighbour's, and words it ignores.
VALENCED = ["good", "bad", "great", "horrible", "love", "hate", "win", "crisis", "fears", "hope", "kind", "no", "least"]
MODIFIERS = [
    "very", "extremely", "slightly", "barely", "kind", "of", "sort", "not", "isn't", "never", "without", "doubt",
    "so", "this", "but", "at", "least", "no", "nor", "or", "despite", "hardly", "totally", "uh-uh",
]
IDIOM_PARTS = ["the", "bomb", "bus", "stop", "yeah", "right", "kiss", "death", "to", "die", "for", "bad", "ass", "cut", "mustard"]
PLAIN = ["the", "minister", "said", "on", "Tuesday", "talks", "would", "resume", "in", "Brussels", "shares", "rose"]
SHAPES = [":)", ":(", ":D", "<3", "!!!", "??", "?", "!", "...", "-", "😁", "💔", "🇬🇧"]


def _word(draw_word: str, shout: bool, edge: str) -> str:
    return f"{draw_word.upper() if shout else draw_word}{edge}"


words = st.builds(
    _word,
    st.sampled_from(VALENCED + MODIFIERS + IDIOM_PARTS + PLAIN + SHAPES),
    st.booleans(),
    st.sampled_from(["", "", "", ",", ".", "!", "?", "'s", ")"]),
)
sentences = st.lists(words, min_size=0, max_size=14).map(" ".join)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sentences)
def test_the_scorer_is_vaders_compound_score(sentence: str) -> None:
    assert TONE.compound(sentence) == VADER.polarity_scores(sentence)["compound"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The minister said the talks were not good, but the deal was GREAT!!!",
        "Shares rose slightly on hopes of a deal.",
        "It was kind of a disaster for the club.",
        "At least nobody was hurt, police said.",
        "Critics called the plan the kiss of death for small firms.",
        "Without doubt the best season the team has had.",
        "The bus stop was moved to Elm Street.",
        "Never so happy to lose, she joked :)",
        "Fans 😁 cheered the win",
        "",
        "   ",
    ],
)
def test_news_sentences_score_as_vader_scores_them(sentence: str) -> None:
    assert TONE.compound(sentence) == VADER.polarity_scores(sentence)["compound"]


def test_a_sentence_with_no_valenced_word_scores_zero_and_others_do_not() -> None:
    assert sentence_scores(["The committee meets on Tuesday in Geneva.", "A terrible, shameful failure."]) == [
        0.0,
        VADER.polarity_scores("A terrible, shameful failure.")["compound"],
    ]
    assert sentence_scores(["A terrible, shameful failure."])[0] < -0.5


GOLD = SHARED / "eval" / "vader-nyt"


@pytest.mark.skipif(not GOLD.is_dir(), reason=f"VADER's rated sentences are not in {GOLD} beside this checkout")
def test_vaders_own_rated_sentences_score_the_same() -> None:
    texts = [
        line.split("\t")[-1]
        for name in ("nytEditorialSnippets_GroundTruth.txt", "tweets_GroundTruth.txt")
        for line in (GOLD / name).read_text("utf-8").splitlines()
        if line.strip()
    ]
    assert len(texts) > 9000
    differing = [text for text in texts if TONE.compound(text) != VADER.polarity_scores(text)["compound"]]
    assert differing == []
