"""The actor step's shortcuts answer as the plain definitions they replace."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.actors.mentions import _is_number


def _is_number_by_chars(token: str) -> bool:
    return any(char.isdigit() for char in token) and not any(char.isalpha() for char in token)


@given(st.text(alphabet=st.sampled_from(list("aZé0789,.-()%/'²½١ _\u00a0")), min_size=1, max_size=8))
def test_a_number_token_is_told_as_the_char_by_char_definition_tells_it(token: str) -> None:
    assert _is_number(token) == _is_number_by_chars(token)


@given(st.text(min_size=1, max_size=8))
def test_any_text_token_is_told_as_the_char_by_char_definition_tells_it(token: str) -> None:
    assert _is_number(token) == _is_number_by_chars(token)


# Texts of words the shortcuts look at: capitals, 'of', 'the', settlements' nouns, spaces, line breaks.
_WORDS = st.sampled_from(["Ada", "Vell", "of", "the", "The", "town", "city", "port", "film", "x", "Of", ".", ",", "-"])
_GAPS = st.sampled_from([" ", " ", " ", "\n", "  ", ""])


@st.composite
def _texts_and_offsets(draw: st.DrawFn) -> tuple[str, int]:
    parts = draw(st.lists(st.tuples(_WORDS, _GAPS), min_size=1, max_size=12))
    text = "".join(word + gap for word, gap in parts)
    return text, draw(st.integers(min_value=0, max_value=len(text)))


@settings(max_examples=400)
@given(_texts_and_offsets())
@example(("the Lord of Vell", 12))
@example(("the Lord of the Vell", 16))
def test_the_of_before_a_span_is_there_whenever_its_pattern_finds_it(case: tuple[str, int]) -> None:
    from pipeline.actors.mentions import _OF_BEFORE

    text, start = case
    if _OF_BEFORE.search(text, max(0, start - 30), start) is not None:
        assert text.endswith(" of ", 0, start) or text.endswith(" of the ", 0, start)


@settings(max_examples=400)
@given(_texts_and_offsets())
@example(("the port town of Vell", 17))
@example(("the port town of\nVell", 17))
@example(("the port townof Vell", 16))
def test_a_settlements_of_is_told_as_its_pattern_tells_it(case: tuple[str, int]) -> None:
    from pipeline.actors.kinds import _SETTLEMENT_OF, _after_settlement_of

    text, start = case
    assert _after_settlement_of(text, start) == (_SETTLEMENT_OF.search(text, max(0, start - 40), start) is not None)


@settings(max_examples=400)
@given(_texts_and_offsets(), st.integers(min_value=0, max_value=6))
@example(("x Ada Vell of Ada", 6), 4)
@example(("x Ada Vell Ada", 6), 4)
@example(("x Ada Vell x", 6), 4)
@example(("x ada Vell Ada", 6), 4)
def test_a_fragment_is_told_as_both_words_around_it_tell_it(case: tuple[str, int], length: int) -> None:
    from pipeline.actors.mentions import _WORD_AFTER, _WORD_BEFORE, _is_fragment

    text, start = case
    end = min(len(text), start + length)
    before = _WORD_BEFORE.search(text, max(0, start - 30), start)
    after = _WORD_AFTER.match(text, end)
    expected = (
        before is not None and after is not None and before.group(1).istitle() and after.group(1).istitle() and before.start(1) not in {0}
    )
    assert _is_fragment(text, start, end, {0}) == expected


# Session 18, speed21: the cue words answered from the whole-text scan, and the given names
# before a surname found without a pattern compiled per surname.


def _cue_texts() -> st.SearchStrategy[str]:
    from importlib import resources

    from pipeline.actors.rules import RULES_FILE, STAKE_WORDS
    from pipeline.data import load_yaml

    rules = load_yaml(resources.files("pipeline.data").joinpath(RULES_FILE).read_text("utf-8"))
    words = sorted(rules["organisation_cues"]) + [f"{word} in" for word in STAKE_WORDS] + ["band", "firm", "group", "label", "side", "president"]
    pieces = st.sampled_from(words) | st.sampled_from(words).map(lambda word: word[1:] or word) | st.sampled_from(
        [" ", "\t", "\n", "\u00a0", "_", "é", "x", "-", ".", "s", "The ", "(", "1"]
    )
    return st.lists(pieces, max_size=10).map("".join)


@settings(max_examples=400, deadline=None)
@given(_cue_texts())
@example("a rock band here")
@example("rockband here")
@example("a band_ here")
@example("a band\u00a0x")
@example("a band")
def test_the_cue_words_read_from_the_whole_text_scan_are_those_their_own_pass_finds(text: str) -> None:
    from pipeline.actors.rules import actor_rules

    rules = actor_rules()
    alone = rules.cue_words.groups_in(text)
    scanned = rules.whole_text.scan(text)
    for group in ("organisation_cue", "stake"):
        assert scanned.spaced(group) == (group in alone), (group, text)


def _given_names_by_pattern(surface: str, text: str) -> list[tuple[str, int, int]]:
    import re

    from pipeline.actors.resolution import _GIVEN_NAME

    return [(m.group(1), m.start(), m.end()) for m in re.finditer(_GIVEN_NAME + re.escape(surface) + r"\b", text)]


_NAME_PIECES = st.sampled_from(
    ["Ada", "Bo", "Pell", "Pe", "ll", "Q.", "Q", ".", " ", "  ", "x", "ada", "é", "É", "_", "Mc", "A", "1", "\n", "-", "s", "Pellé"]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_NAME_PIECES, max_size=14).map("".join), st.sampled_from(["Pell", "Pe", "Pell.", "Q.", "Q. Q", "Ada Pell", "Pellé", "Pell_", "P"]))
@example("Mayor Ada Pell said", "Pell")
@example("Ada Q. Pell and Bo Pell", "Pell")
@example("Ada Q. Q. Pell", "Q.")
@example("Ada Q. Q. Q", "Q. Q")
@example("McAda Pell Pell", "Pell")
@example("Ada Pell Pell Pell", "Pell")
@example("Ada Pellé", "Pell")
@example("Ada Pell_", "Pell")
@example("xAda Q. Pell", "Pell")
def test_the_given_names_before_a_surname_are_those_its_pattern_finds(text: str, surface: str) -> None:
    from pipeline.actors.resolution import given_names_before

    assert given_names_before(surface, text, text[::-1]) == _given_names_by_pattern(surface, text)


_WORD_PIECES = st.sampled_from(
    ["Ada", "ada", "Vell", "x", " ", "  ", "\n", ".", "'", "’", "-", "_", "é", "É", "1", "U.S", "O'Neil", "\t", "\"", "a" * 31]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_WORD_PIECES, max_size=14).map("".join))
@example("the U.S Vell")
@example("x O'Neil Vell")
@example("said Ada \nVell")
@example("é" + "a" * 31 + " Vell")
@example("a" * 28 + " Vell")
@example("_ada Vell")
def test_the_word_before_a_span_is_the_one_its_pattern_finds(text: str) -> None:
    from pipeline.actors.mentions import _WORD_BEFORE, _WORD_WINDOW, word_before

    backwards = text[::-1]
    for start in range(len(text) + 1):
        found = _WORD_BEFORE.search(text, max(0, start - _WORD_WINDOW), start)
        expected = None if found is None else (found.group(1), found.start(1))
        assert word_before(text, backwards, start) == expected, (text, start)
