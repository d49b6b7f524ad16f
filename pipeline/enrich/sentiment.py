"""Tone with VADER, scored per sentence: cheaper than whole texts and reusable per actor."""

from __future__ import annotations

import itertools
import string
from collections.abc import Sequence
from functools import lru_cache

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    C_INCR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
    SentiText,
    allcap_differential,
    normalize,
)

from pipeline.models import Sentiment, SentimentLabel

METHOD = "vader-3.3.2-sentence-mean"
# VADER's own recommended cut-offs for its compound score.
NEUTRAL_BAND = 0.05

# The words VADER's negation check reacts to, besides its negations and "n't" forms.
_NEGATION_CONTEXT = frozenset({"never", "without", "so", "this", "doubt"})
_NEGATIONS = frozenset(NEGATE)
# Each pair of neighbouring words in VADER's idioms and multi-word boosters ("kind of"): the
# idiom check compares runs of two and three words, so a stretch with none of these pairs
# cannot change a valence.
_IDIOM_PAIRS = frozenset(
    pair
    for phrase in [*SPECIAL_CASES, *(booster for booster in BOOSTER_DICT if " " in booster)]
    for pair in itertools.pairwise(phrase.split())
)
# Every word that can change the valence of a lexicon word up to three words after it (VADER's
# boosters, negations and the words its negation check reads, "no", "least"); "n't" forms too.
_MODIFIERS = frozenset(BOOSTER_DICT) | _NEGATIONS | _NEGATION_CONTEXT | {"no", "least"}


class SentenceTone(SentimentIntensityAnalyzer):
    """VADER 3.3.2's compound score of a sentence, as `polarity_scores` gives it, for less.

    VADER lower-cases the whole sentence again for each check around each lexicon word, and
    walks a sentence character by character for emoji. Here a sentence is lower-cased once;
    a word that is no booster and not in the lexicon scores 0 without VADER's checks (they
    only ever apply to lexicon words); the negation and idiom checks go to VADER only when
    words they react to are near; a sentence with an emoji is scored by `polarity_scores`
    itself. Every score is VADER's own (tests/test_sentiment.py holds the two equal)."""

    def __init__(self) -> None:
        super().__init__()
        self._emoji_characters = frozenset(emoji for emoji in self.emojis if len(emoji) == 1)
        self._current: tuple[list[str], list[str]] = ([], [])

    def compound(self, sentence: str) -> float:
        if not self._emoji_characters.isdisjoint(sentence):
            return self.polarity_scores(sentence)["compound"]
        text = sentence.strip()
        # SentiText's words: punctuation stripped off each, unless that leaves two characters
        # or fewer (an emoticon, ":)"); split here in one pass, not one call per word.
        words = [stripped if len(stripped := word.strip(string.punctuation)) > 2 else word for word in text.split()]
        lowered = [word.lower() for word in words]
        lexicon = self.lexicon
        if lexicon.keys().isdisjoint(lowered):
            return 0.0  # no word carries a valence: every check leaves the sum at 0
        sentitext = _senti_text(text, words)
        self._current = (words, lowered)
        sentiments: list[float] = []
        last = len(lowered) - 1
        # A lexicon word with no modifier among the three words before it, in a sentence with
        # no idiom, keeps its lexicon valence (and VADER's shouting increment): every check of
        # VADER's leaves it as it is, so it is not asked.
        idioms = not _IDIOM_PAIRS.isdisjoint(zip(lowered, lowered[1:]))
        shouting = sentitext.is_cap_diff
        modifier = -4  # the index of the last modifier seen
        for index, word in enumerate(lowered):
            if word in BOOSTER_DICT or word not in lexicon or (word == "kind" and index < last and lowered[index + 1] == "of"):
                sentiments.append(0)
            elif idioms or index - modifier <= 3 or word == "no":
                sentiments = self.sentiment_valence(0, sentitext, words[index], index, sentiments)
            else:
                valence = lexicon[word]
                if shouting and words[index].isupper():
                    valence = valence + C_INCR if valence > 0 else valence - C_INCR
                sentiments.append(valence)
            if word in _MODIFIERS or "n't" in word:
                modifier = index
        if "but" in lowered:
            sentiments = self._but_check(words, sentiments)
        return _compound(sentiments, text)

    def _lowered(self, words: list[str]) -> list[str]:
        current_words, current_lowered = self._current
        return current_lowered if words is current_words else [str(word).lower() for word in words]

    def _negation_check(self, valence: float, words: list[str], start_i: int, i: int) -> float:  # type: ignore[override]
        before = self._lowered(words)[max(0, i - start_i - 1) : i]
        if i > start_i and not any(word in _NEGATIONS or word in _NEGATION_CONTEXT or "n't" in word for word in before):
            return valence
        return SentimentIntensityAnalyzer._negation_check(valence, words, start_i, i)

    def _special_idioms_check(self, valence: float, words: list[str], i: int) -> float:  # type: ignore[override]
        if i >= 3:
            near = self._lowered(words)[i - 3 : i + 3]
            if _IDIOM_PAIRS.isdisjoint(zip(near, near[1:])):
                return valence
        return SentimentIntensityAnalyzer._special_idioms_check(valence, words, i)


def _compound(sentiments: list[float], text: str) -> float:
    """The compound of VADER's `score_valence`, without the positive, negative and neutral
    shares it computes beside it (and rounds, and puts in a dict) for every sentence."""
    if not sentiments:
        return 0.0
    total = float(sum(sentiments))
    if total:
        emphasis = SentimentIntensityAnalyzer._amplify_ep(text) + SentimentIntensityAnalyzer._amplify_qm(text)
        total = total + emphasis if total > 0 else total - emphasis
    return round(normalize(total), 4)


def _senti_text(text: str, words: list[str]) -> SentiText:
    """VADER's SentiText of `text`, given the words it would split it into."""
    sentitext = SentiText.__new__(SentiText)
    sentitext.text, sentitext.words_and_emoticons = text, words
    sentitext.is_cap_diff = allcap_differential(words)
    return sentitext


@lru_cache(maxsize=1)
def _analyzer() -> SentenceTone:
    return SentenceTone()


def sentence_scores(sentences: Sequence[str]) -> list[float]:
    compound = _analyzer().compound
    return [compound(sentence) for sentence in sentences]


def mean_score(scores: Sequence[float]) -> float:
    return round(sum(scores) / len(scores), 4) if scores else 0.0


def label_for(score: float) -> SentimentLabel:
    if score >= NEUTRAL_BAND:
        return SentimentLabel.POSITIVE
    if score <= -NEUTRAL_BAND:
        return SentimentLabel.NEGATIVE
    return SentimentLabel.NEUTRAL


def document_sentiment(scores: Sequence[float]) -> Sentiment:
    score = mean_score(scores)
    return Sentiment(score=score, label=label_for(score), method=METHOD)
