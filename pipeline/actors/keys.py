"""Comparison keys for names: two spellings with one key are one name.

`alias_key` is the strict form every table and the registry use. `group_key` adds what only
holds for organisations and groups (generic last words, plural and singular). `fingerprint`
is the looser key a curator sorts suggestions by; it never merges anything by itself.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_]+")
_DROPPED_CHARS = re.compile(r"[.'’`\"“”()]")
_PUNCTUATION = re.compile(r"[^\w\s]+")
# "BBC One" and "BBC 1", "Channel Four" and "Channel 4" are written both ways.
# "Amazon.com" is Amazon: a web address's ending on a firm's name is no part of its name.
_WEB_ENDING = re.compile(r"\.(?:com|co\.uk|net)$", re.IGNORECASE)
_CONNECTORS = frozenset({"&", "and"})
# Heads of a government's bodies, written before their field with 'of' or after it.
_OFFICE_HEADS = frozenset({"department", "ministry"})
_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9"}


@lru_cache(maxsize=65_536)
def alias_key(surface: str) -> str:
    """The comparison form of a name: no case, accents, dots, hyphens, leading 'the' or
    trailing web ending ('.com'); number words after the first word as digits."""
    decomposed = unicodedata.normalize("NFKD", _WEB_ENDING.sub("", surface.strip()))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = _DROPPED_CHARS.sub("", plain.casefold())
    words = _SEPARATORS.sub(" ", plain).strip().removeprefix("the ").split()
    return " ".join([*words[:1], *(_NUMBER_WORDS.get(word, word) for word in words[1:])])


@lru_cache(maxsize=65_536)
def group_key(surface: str, generic_words: frozenset[str]) -> str:
    """The key of an organisation or group: 'Labour Party' is Labour, 'Conservatives' the
    Conservative. Generic last words go; the last word is made singular. Commas go too:
    "Bear, Stearns & Co." is the Bear Stearns of the next sentence."""
    words = [word.strip(",") for word in alias_key(surface).split() if word.strip(",")]
    if len(words) > 2 and words[0] in _OFFICE_HEADS and words[1] == "of":
        # "Department of Agriculture" is the "Agriculture Department" of the next sentence.
        words = [*words[2:], words[0]]
    while len(words) > 1 and (words[-1] in generic_words or words[-1] in _CONNECTORS):
        words.pop()  # "Dow Jones & Co." is Dow Jones: the '&' goes with the 'Co.' it joined
    if words:
        words[-1] = singular(words[-1])
    return " ".join(words)


def firm_key(surface: str, legal_words: frozenset[str]) -> str | None:
    """The key of a firm's name without its legal ending and commas: "Goldman, Sachs & Co." and
    "Goldman Sachs" are one firm. None when fewer than two words are left: "Virgin Group" is
    no key for every "Virgin", nor "Green Party" for a Mr Green."""
    words = alias_key(surface).split()
    ended = False
    while len(words) > 1 and (words[-1] in legal_words or words[-1] in _CONNECTORS):
        words.pop()
        ended = True
    words = [word.strip(",") for word in words if word.strip(",")]
    return " ".join(words) if ended and len(words) > 1 else None


def singular(word: str) -> str:
    """'tories' -> 'tory', 'democrats' -> 'democrat'; short words and '-ss' are left alone."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def fingerprint(surface: str) -> str:
    """A curator's clustering key: the sorted unique words of the alias key."""
    return " ".join(sorted(set(_PUNCTUATION.sub(" ", alias_key(surface)).split())))
