"""The listed words a text holds, found in one pass over it.

The kind rules ask a handful of whole-text questions of every document: are there three sport
words, does it name a stock index, an embassy, a plural office, a list's opening words? Asked
one by one, each is a pass over the text: a regular-expression scan of a few thousand
characters costs about as much as the rest of a short document's actor rules, and a substring
test per listed word adds up on text that is not plain ASCII (French). An Aho-Corasick
automaton over every listed word answers them all in one pass, at C speed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import ahocorasick


@dataclass(frozen=True)
class FoundLiterals:
    """Where each group's words occur in one text (start, end), overlapping ones included."""

    text: str
    places: Mapping[str, list[tuple[int, int]]]
    groups: frozenset[str]

    def has(self, group: str) -> bool:
        """Whether any word of the group occurs in the text, inside a word or not (`word in text`)."""
        return bool(self._places_of(group))

    def _places_of(self, group: str) -> list[tuple[int, int]]:
        # A misspelt group would silently answer "none here" and switch a rule off: it is refused.
        if group not in self.groups:
            raise KeyError(f"no word group {group!r} was scanned for (groups: {', '.join(sorted(self.groups))})")
        return self.places.get(group, [])

    def spaced(self, group: str) -> bool:
        """Whether a word of the group stands with white space after it and no word character
        before it: what `re.search(r"\\b(?:words)\\s", text)` tells for words that begin with a
        word character (`SpacedWords.groups_in`, answered from this scan's places)."""
        text = self.text
        size = len(text)
        return any(
            end < size and text[end].isspace() and (start == 0 or not _word_character(text[start - 1]))
            for start, end in self._places_of(group)
        )

    def whole_words(self, group: str, limit: int) -> int:
        """How many of the group's words stand as whole words, up to `limit`: what counting
        `re.finditer(r"\\b(?:words)\\b", text)` gives for words that begin and end with a word
        character (the longest word where several start at one place, none inside another match)."""
        text = self.text
        bounded = sorted(
            (start, start - end)
            for start, end in self._places_of(group)
            if not (start > 0 and _word_character(text[start - 1])) and not (end < len(text) and _word_character(text[end]))
        )
        count, reached, previous_start = 0, 0, -1
        for start, negative_length in bounded:
            if start < reached or start == previous_start:
                continue  # inside the last match, or a shorter word where a longer one matched
            count += 1
            if count >= limit:
                break
            reached, previous_start = start - negative_length, start
        return count


class SpacedWords:
    """Which groups of words a text holds as a whole word with white space after it: for each
    group, what `re.search(r"\\b(?:words)\\s", text)` tells, for words that begin with a word
    character.

    One Aho-Corasick pass for every group, ended once each is found: where a text holds none
    (French news, for English cue nouns), a regular expression tried at every place took
    20-75 us an article, per group. Not groups of `LiteralScanner`'s one pass: that one records
    every place each word occurs, in Python, and common cue nouns sit inside common words
    ("side" in "president", "firm" in "confirmed"); this one stops at the first that stands."""

    def __init__(self, groups: Mapping[str, Iterable[str]]) -> None:
        self.groups = frozenset(groups)
        members: dict[str, set[str]] = {}
        for group, words in groups.items():
            words = list(words)
            # A search with no words to look for (an empty alternation) would match anywhere:
            # no answer of this scan could stand for it.
            if not words:
                raise ValueError(f"the word group {group!r} is empty")
            for word in words:
                if not word or not _word_character(word[0]):
                    raise ValueError(f"a word of {group!r} must begin with a letter, digit or underscore: {word!r}")
                members.setdefault(word, set()).add(group)
        self._automaton = ahocorasick.Automaton()
        for word, word_groups in members.items():
            self._automaton.add_word(word, (len(word), frozenset(word_groups)))
        if members:
            self._automaton.make_automaton()

    def groups_in(self, text: str) -> frozenset[str]:
        if not self.groups:
            return frozenset()
        found: set[str] = set()
        for last, (length, groups) in self._automaton.iter(text):
            start, after = last + 1 - length, last + 1
            if after < len(text) and text[after].isspace() and (start == 0 or not _word_character(text[start - 1])):
                found |= groups
                if len(found) == len(self.groups):
                    break
        return frozenset(found)


def _word_character(character: str) -> bool:
    # What `\w` matches in a str pattern.
    return character.isalnum() or character == "_"


class LiteralScanner:
    """Groups of literal words ("sport", "index", ...), searched together."""

    def __init__(self, groups: Mapping[str, Iterable[str]]) -> None:
        self.groups = frozenset(groups)
        members: dict[str, set[str]] = {}
        for group, words in groups.items():
            for word in words:
                if word:
                    members.setdefault(word, set()).add(group)
        self._automaton = ahocorasick.Automaton()
        for word, word_groups in members.items():
            self._automaton.add_word(word, (len(word), tuple(sorted(word_groups))))
        self._empty = not members
        if not self._empty:
            self._automaton.make_automaton()

    def scan(self, text: str) -> FoundLiterals:
        places: dict[str, list[tuple[int, int]]] = {}
        if not self._empty:
            for last, (length, groups) in self._automaton.iter(text):
                end = last + 1
                for group in groups:
                    places.setdefault(group, []).append((end - length, end))
        return FoundLiterals(text, places, self.groups)
