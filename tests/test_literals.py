"""The one-pass scan for listed words answers what the per-word searches it replaced answered."""

from __future__ import annotations

import itertools
import re
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.actors.literals import LiteralScanner, SpacedWords
from pipeline.actors.mentions import _no_lowercase, _written_in_lowercase
from pipeline.actors.rules import RULES_FILE, RuleFile, actor_rules
from pipeline.data import load_yaml

# Letters that make words, overlaps and boundaries: hyphens, an underscore, a digit, a
# letter outside ASCII, a space, an apostrophe.
_CHARACTERS = st.sampled_from(list("abgolf -_9é'A"))
_EDGED_WORDS = st.lists(
    st.text(st.sampled_from(list("abgolf -")), min_size=1, max_size=7).filter(lambda word: word[0].isalnum() and word[-1].isalnum()),
    min_size=1,
    max_size=10,
)


def _regex_count(words: list[str], text: str, limit: int) -> int:
    pattern = re.compile(r"\b(?:{})\b".format("|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))))
    return len(list(itertools.islice(pattern.finditer(text), limit)))


@given(_EDGED_WORDS, st.text(_CHARACTERS, max_size=90), st.integers(1, 5))
@settings(max_examples=600, deadline=None)
def test_whole_words_are_counted_as_the_word_boundary_search_counts_them(words: list[str], text: str, limit: int) -> None:
    found = LiteralScanner({"cues": words}).scan(text)
    assert found.whole_words("cues", limit) == _regex_count(words, text, limit)


@given(st.lists(st.text(_CHARACTERS, min_size=1, max_size=5), max_size=8), st.text(_CHARACTERS, max_size=60))
@settings(max_examples=400, deadline=None)
def test_a_group_is_present_exactly_when_one_of_its_words_is_in_the_text(words: list[str], text: str) -> None:
    found = LiteralScanner({"group": words, "other": ["zz"]}).scan(text)
    assert found.has("group") == any(word in text for word in words)
    with pytest.raises(KeyError, match="missing"):
        found.has("missing")


def test_overlapping_cues_count_once_and_the_longest_wins_where_several_start() -> None:
    found = LiteralScanner({"sport": ["fly-half", "half-time", "goal", "goals", "goalkeeper"]}).scan(
        "The fly-half-time goalkeeper goals goal-line goalposts"
    )
    # fly-half (not half-time inside it), goalkeeper, goals, goal (before a hyphen); never "goal" in "goalposts".
    assert found.whole_words("sport", 10) == 4


def test_the_packaged_sport_cues_tell_a_match_report_from_a_business_story() -> None:
    rules = actor_rules()
    report = "The striker scored twice before half-time and the keeper saved a penalty."
    business = "The firm's chief said retail sales were slow this winter; its manager expects growth."
    assert rules.whole_text.scan(report).whole_words("sport", rules.sport_cue_minimum) == rules.sport_cue_minimum
    assert rules.whole_text.scan(business).whole_words("sport", rules.sport_cue_minimum) < rules.sport_cue_minimum


def test_a_sport_cue_that_does_not_end_in_a_letter_is_refused_with_the_words_named() -> None:
    data = load_yaml(resources.files("pipeline.data").joinpath(RULES_FILE).read_text("utf-8"))
    data["sport_cues"] = [*data["sport_cues"], "kick-"]
    with pytest.raises(ValueError, match="kick-"):
        RuleFile.model_validate(data)
    data["sport_cues"] = data["sport_cues"][:-1]
    data["work_cues"] = [*data["work_cues"], ""]
    with pytest.raises(ValueError, match="work_cues must begin and end"):
        RuleFile.model_validate(data)


_LOWERCASE_WORD = re.compile(r"(?<![\w-])[a-z]+(?![\w-])")


@given(st.text(st.sampled_from(list("abAé-")), min_size=1, max_size=4), st.text(_CHARACTERS | st.sampled_from(list("AB")), max_size=60))
@settings(max_examples=600, deadline=None)
def test_a_word_written_in_lowercase_is_found_as_listing_every_lowercase_word_finds_it(word: str, text: str) -> None:
    assert _written_in_lowercase(word, text) == (word in set(_LOWERCASE_WORD.findall(text)))


def _cue_texts() -> st.SearchStrategy[str]:
    rules = load_yaml(resources.files("pipeline.data").joinpath(RULES_FILE).read_text("utf-8"))
    cue_words = sorted({*rules["work_cues"], *rules["craft_cues"], *rules["work_role_cues"]})
    # Cue words whole, cut, or run into other letters, around "the" and capitalised names.
    pieces = st.sampled_from(cue_words) | st.sampled_from(cue_words).map(lambda word: word[1:] or word) | st.sampled_from(
        [" ", "  ", "The ", "the ", "Aviator", "Granma", " in ", "s", "é", "\n", ", "]
    )
    return st.lists(pieces, max_size=12).map("".join)


@given(_cue_texts())
@settings(max_examples=500, deadline=None)
def test_a_text_without_a_work_cue_word_gives_the_cue_searches_nothing_to_find(text: str) -> None:
    # relabelled() skips the searches before each mention when the scan finds no cue word.
    rules = actor_rules()
    found = rules.whole_text.scan(text)
    for group, cue in (("work_cue", rules.work_cue), ("work_role_cue", rules.work_role_cue)):
        if any(cue.search(text, 0, end) for end in range(len(text) + 1)):
            assert found.whole_words(group, 1) == 1, (group, text)


_STARTING_WORDS = st.lists(
    st.text(st.sampled_from(list("abgolf -")), min_size=1, max_size=6).filter(lambda word: word[0].isalnum()), min_size=1, max_size=6
)


@given(_STARTING_WORDS, _STARTING_WORDS, st.text(_CHARACTERS | st.sampled_from(["\n", "\t", "\xa0", "\u2028"]), max_size=80))
@settings(max_examples=200, deadline=None)
def test_spaced_words_are_found_as_the_boundary_then_space_search_finds_them(first: list[str], second: list[str], text: str) -> None:
    def regex_finds(words: list[str]) -> bool:
        return re.search(r"\b(?:{})\s".format("|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))), text) is not None

    found = SpacedWords({"first": first, "second": second}).groups_in(text)
    assert ("first" in found, "second" in found) == (regex_finds(first), regex_finds(second))


def test_a_spaced_word_must_begin_with_a_word_character_and_a_group_hold_one() -> None:
    with pytest.raises(ValueError, match="'-ish'"):
        SpacedWords({"cues": ["firm", "-ish"]})
    # The search it stands for would have an empty alternation, which matches anywhere.
    with pytest.raises(ValueError, match="'stake' is empty"):
        SpacedWords({"cues": ["firm"], "stake": []})


def _organisation_cue_texts() -> st.SearchStrategy[str]:
    rules = load_yaml(resources.files("pipeline.data").joinpath(RULES_FILE).read_text("utf-8"))
    words = sorted(rules["organisation_cues"]) + ["Shares", "shares", "stake", "Stakes", "investors", "shareholding"]
    pieces = st.sampled_from(words) | st.sampled_from(words).map(lambda word: word[1:] or word) | st.sampled_from(
        [" ", "  ", "The ", "the ", " in ", " in", "Kestrel", "s", "é", "\n", ", ", "-"]
    )
    return st.lists(pieces, max_size=12).map("".join)


@given(_organisation_cue_texts())
@settings(max_examples=200, deadline=None)
def test_a_text_without_an_organisation_or_stake_cue_gives_those_searches_nothing_to_find(text: str) -> None:
    # relabelled() skips the searches before each mention when the text holds no cue word.
    rules = actor_rules()
    found = rules.cue_words.groups_in(text)
    for group, cue in (("organisation_cue", rules.organisation_cue), ("stake", rules.stake_before)):
        if any(cue.search(text, 0, end) for end in range(len(text) + 1)):
            assert group in found, (group, text)


@given(st.text(_CHARACTERS | st.sampled_from(list("ßǅİı١²Ωω \t")), max_size=40))
@settings(max_examples=400, deadline=None)
def test_a_line_with_no_lowercase_letter_is_told_as_upper_casing_it_tells(line: str) -> None:
    assert _no_lowercase(line) == (line.upper() == line)
