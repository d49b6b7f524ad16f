"""The alias scan's pattern, a tree of the names' letters, finds what the plain alternation of
the names sorted longest first finds: the same spans in any text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.actors.aliases import load_alias_table, surfaces_regex

# Few letters, so names share beginnings and end inside one another ("AB", "AB C", "AB.").
LETTERS = st.sampled_from(["A", "B", "C", "a", " ", ".", "&", "-", "'"])
SURFACES = st.sets(st.text(LETTERS, min_size=1, max_size=6).filter(lambda s: s.strip() == s and s), min_size=1, max_size=25)


def _plain(surfaces: set[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(surface) for surface in sorted(surfaces, key=len, reverse=True))
    return re.compile(rf"(?<![\w&.-])(?:{alternatives})(?![\w&-]|\.\w)")


def _tree(surfaces: set[str]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w&.-])(?:{surfaces_regex(surfaces)})(?![\w&-]|\.\w)")


@settings(max_examples=400, deadline=None)
@given(SURFACES, st.lists(st.text(LETTERS, max_size=40), min_size=1, max_size=5))
def test_the_tree_pattern_finds_the_spans_the_sorted_alternation_finds(surfaces: set[str], texts: list[str]) -> None:
    plain, tree = _plain(surfaces), _tree(surfaces)
    for text in [*texts, " ".join(surfaces), ".".join(sorted(surfaces))]:
        assert [match.span() for match in tree.finditer(text)] == [match.span() for match in plain.finditer(text)], text


def test_the_packaged_table_s_pattern_and_a_name_too_long_for_the_tree() -> None:
    table = load_alias_table()
    text = "The Lib Dems, the Tories and the U.S. met in Buffalo, N.Y., as the UN and NATO watched; the States agreed."
    surfaces = set(table._surfaces)
    assert [m.span() for m in table.surface_pattern.finditer(text)] == [m.span() for m in _plain(surfaces).finditer(text)]
    long = "Kestleford " * 60 + "Board"
    assert [m.span() for m in _tree({long, "Kestleford"}).finditer(f"A {long} and Kestleford.")] == [(2, 2 + len(long)), (len(long) + 7, len(long) + 17)]
