"""Word-list patterns as tries match what the plain longest-first alternation matches."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.actors.aliases import load_alias_table
from pipeline.patterns import literal_alternation


def _plain(words: list[str]) -> str:
    return "(?:" + "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True)) + ")"


_LETTERS = st.sampled_from(list("aAbB .-&'é"))
_WORDS = st.lists(st.text(_LETTERS, min_size=1, max_size=6), min_size=1, max_size=12)


@given(_WORDS, st.text(_LETTERS, max_size=80))
@settings(max_examples=400, deadline=None)
def test_a_trie_finds_what_the_longest_first_alternation_finds(words: list[str], text: str) -> None:
    guard, tail = r"(?<![\w&.-])", r"(?![\w&-]|\.\w)"
    plain = re.compile(guard + _plain(words) + tail)
    trie = re.compile(literal_alternation(words, after_first=r"(?<![\w&.-].)") + tail)
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_the_alias_scan_is_one_try_per_possible_next_character() -> None:
    table = load_alias_table().for_language("en")
    pattern = table.surface_pattern
    assert pattern is not None
    text = "The Tories and the Lib Dems met Tony Blair; the Liberal Democrats did not."
    assert [m.group() for m in pattern.finditer(text)] == ["Tories", "Lib Dems", "Liberal Democrats"]
    # One branch per first character, not one alternative per name.
    assert pattern.pattern.count(r"(?<![\w&.-].)") == len({surface[0] for surface in table._surfaces}) < len(table._surfaces) / 3


def test_no_words_match_nothing() -> None:
    assert re.compile(literal_alternation([])).search("anything") is None
