"""Word-list patterns as tries match what the plain longest-first alternation matches."""

from __future__ import annotations

import re
from importlib import resources

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.actors import rules as actor_rules_module
from pipeline.actors.aliases import load_alias_table
from pipeline.actors.rules import RULES_FILE, RuleFile, compile_rules
from pipeline.data import load_yaml
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


# -- the actor rules' word-list patterns (pipeline.actors.rules._words_pattern) --------------


def _plain_words_pattern(words: list[str], template: str) -> re.Pattern[str]:
    """What the rules built before the tries: the longest-first alternation in the template."""
    return re.compile(template.format("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))))


def _matches(pattern: re.Pattern[str], text: str) -> list[object]:
    """Every match over the whole text, and the one found in each window of up to 30
    characters ending at each place (the cues are searched in the words before a mention)."""
    whole = [(m.span(), m.groups()) for m in pattern.finditer(text)]
    windows = []
    for end in range(len(text) + 1):
        found = pattern.search(text, max(0, end - 30), end)
        windows.append(None if found is None else (found.span(), found.groups()))
    return [whole, windows]


# The templates the rules use, in their three shapes: a leading boundary, a leading lookbehind, none.
_TEMPLATES = [r"\b(?:{})\b", r"\b(?:{})\s+(?:[Tt]he\s+)?$", r"(?<![\w.])({})\.?\s+$", r"\s+(?:{})\b", r"^(?:{})\s+([A-Z][\w'’-]+)$"]
_CUE_LETTERS = st.sampled_from(list("aAbé -.'"))
_CUE_WORDS = st.lists(st.text(_CUE_LETTERS, min_size=1, max_size=5), min_size=1, max_size=8)
_CUE_TEXT = st.text(st.sampled_from(list("aAbé -.'\nThe")), max_size=40)


@given(_CUE_WORDS, st.sampled_from(_TEMPLATES), _CUE_TEXT)
@settings(max_examples=300, deadline=None)
def test_a_rule_pattern_as_a_trie_matches_as_the_longest_first_alternation(words: list[str], template: str, text: str) -> None:
    built = actor_rules_module._words_pattern(words, template)
    assert _matches(built, text) == _matches(_plain_words_pattern(words, template), text)


# Written for this test: cue words of the packaged rules (sport, works, offices, places,
# comparisons) in running English and French text, at sentence starts and after line breaks.
_RULE_TEXTS = [
    "The striker scored twice before half-time, and the manager praised the squad's goalkeeper.\n"
    "Midfielders Ana Voss and Tom Reed signed on loan; the referee gave a penalty in the match.",
    "The film The Long Road opened on Friday. In the novel Green Water, the author Mira Kell writes of the "
    "band The Pale Hours and the play Night Ferry.",
    "Prime Minister Ada Brenn met President Joel Marr and the Foreign Secretary in Geneva, "
    "while ministers such as Ruth Dall and the Governor of the Bank of Lortia stayed at home.",
    "Le ministre de l'Intérieur, Paul Verdier, a rencontré mardi le maire de Lyon et le président "
    "de la région. Le film Les Nuits claires sort en mars; l'équipe a marqué deux buts.",
    "It is bigger than Belgium and the size of Wales, said the chairman of Vantor Holdings Ltd.\n"
    "THE SEASON ENDS: Reading 2 Derby 1, at Villa Park; fans in Reading cheered.",
]


def test_the_packaged_rules_match_as_their_longest_first_alternations() -> None:
    raw = RuleFile.model_validate(load_yaml(resources.files("pipeline.data").joinpath(RULES_FILE).read_text("utf-8")))
    built = compile_rules(raw)
    original = actor_rules_module._words_pattern
    try:
        actor_rules_module._words_pattern = _plain_words_pattern
        plain = compile_rules(raw)
    finally:
        actor_rules_module._words_pattern = original
    patterns = [name for name in built.__dataclass_fields__ if isinstance(getattr(built, name), re.Pattern)]
    tries = [name for name in patterns if getattr(built, name).pattern != getattr(plain, name).pattern]
    assert len(tries) >= 15  # the word-list patterns are built as tries now
    for name in tries:
        for text in _RULE_TEXTS:
            assert _matches(getattr(built, name), text) == _matches(getattr(plain, name), text), (name, text)
