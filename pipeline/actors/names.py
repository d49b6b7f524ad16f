"""How names relate: parts, initials, short forms, and the spelling shown for an actor."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from pipeline.actors.keys import alias_key
from pipeline.actors.mentions import Mention

_COMPOUND = re.compile(r"^(\w[\w.]+)[-–](\w[\w.]+)$")
_MINOR_WORDS = frozenset({"of", "and", "the", "for", "de", "du", "la", "le", "&"})


def split_compounds(mentions: list[Mention], demonyms: frozenset[str] = frozenset()) -> list[Mention]:
    """'Trump-Zelensky meeting': two actors joined by a hyphen, when one of them is known. A
    part that is a demonym ("U.S.-Cuban relations") describes, and is no actor of its own."""
    # The known parts are gathered at the first compound only: most documents have none.
    known_parts: set[str] | None = None
    result: list[Mention] = []
    for mention in mentions:
        match = _COMPOUND.match(mention.text)
        if match and all(part[0].isupper() for part in match.groups()):
            left, right = match.groups()
            if known_parts is None:
                known_parts = {part for other in mentions if "-" not in other.text for part in other.key.split()}
            if alias_key(left) in known_parts or alias_key(right) in known_parts:
                right_start = mention.start + match.start(2)
                if alias_key(left) not in demonyms:
                    result.append(Mention(left, mention.label, mention.start, mention.start + len(left), mention.sentence))
                if alias_key(right) not in demonyms:
                    result.append(
                        Mention(right, mention.label, right_start, right_start + len(right), mention.sentence, mention.possessive)
                    )
                continue
        result.append(mention)
    return result


def without_initials(key: str) -> str:
    """'george w bush' -> 'george bush': the name with its single-letter middle words left out."""
    words = key.split()
    return " ".join([words[0], *(word for word in words[1:-1] if len(word) > 1), words[-1]])


def initial_and_surname(words: list[str]) -> bool:
    """['s', 'jones']: an initial and one more word, the short form a line-up writes."""
    return len(words) == 2 and len(words[0]) == 1


def is_name_part(words: list[str], full: list[str]) -> bool:
    """`words` begin or end the name `full`. A first name must be written as in the full
    name ("Ritchie" is not Richie Byrne); a surname may be spelt a letter apart."""
    size = len(words)
    return full[:size] == words or all(a == b or _one_letter_more(a, b) for a, b in zip(full[-size:], words, strict=True))


def _one_letter_more(a: str, b: str) -> bool:
    """Transliterations differ by a letter ("Zelensky" / "Zelenskyy"); swapped letters
    ("Biden" / "Bidet") are another name, so only an insertion counts, in names of 5+.
    A letter added at the end makes another name ("Williams", "Clarke", "Browne"; an 's' a
    plural: "the Stones" are no Joss Stone) unless it doubles the one before ("Elliott")."""
    if len(a) > len(b):
        a, b = b, a
    if len(b) != len(a) + 1 or len(a) < 5 or b == a + "s":
        return False
    if b[:-1] == a and b[-1] != b[-2]:
        return any(b[:index] + b[index + 1 :] == a for index in range(len(b) - 1))
    return any(b[:index] + b[index + 1 :] == a for index in range(len(b)))


def shortens(surface: str, organisation_key: str, legal_words: frozenset[str] = frozenset()) -> bool:
    """Initials ('ECB', 'M&S') or a clipped first word ('Fed') of an organisation's name.
    Initials may leave out a legal ending among `legal_words` ('GM' for General Motors Corp.)."""
    words = [word for word in organisation_key.split() if word not in _MINOR_WORDS]
    letters = "".join(char for char in surface if char.isalpha())
    if len(letters) >= 2 and surface.replace("&", "").replace(".", "").isupper():
        initials = letters.lower()
        while len(words) > 2 and words[-1] in legal_words and initials != "".join(word[0] for word in words):
            words.pop()
        return initials == "".join(word[0] for word in words)
    clipped = surface.lower()
    return len(clipped) >= 3 and surface[:1].isupper() and words[0].startswith(clipped) and words[0] != clipped


def display_name(members: Sequence[Mention]) -> str:
    """One spelling among the fullest forms, chosen by form before frequency.

    A name written in capitals on a headline or dateline is shown in its usual case.
    The plain form wins ("Kim Jong Un" over "Kim Jong-un"), then the longer spelling
    ("Zelenskyy" over "Zelensky"), then the most used: articles that use the variants
    in different proportions still name the actor alike.
    """
    if len(members) == 1:
        return members[0].shown
    longest = max(len(mention.key.split()) for mention in members)
    full_forms = [mention.shown for mention in members if len(mention.key.split()) == longest]
    counts = Counter(full_forms)
    return max(counts, key=lambda text: (_is_plain(text), len(text), counts[text], -full_forms.index(text)))


def _is_plain(name: str) -> bool:
    return all(word[:1].isupper() and "-" not in word for word in name.split())
