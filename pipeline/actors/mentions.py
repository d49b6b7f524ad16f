"""Entity spans -> clean mentions: one name each, no titles, line breaks or list glue.

The model's spans are cut where two names were run together (a line break, a comma, a
lowercase word such as "to" in "Henry to Arsenal"), then each piece is trimmed (edge
punctuation, leading article, titles, possessive) and dropped when it names no actor
(demonyms, events, awards, time zones, a title alone).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from pipeline.actors.keys import alias_key
from pipeline.actors.rules import ActorRules, actor_rules
from pipeline.models import ActorKind

if TYPE_CHECKING:  # spaCy is loaded by what enriches, not by what only compares names
    from spacy.tokens import Doc

LABEL_KINDS: dict[str, ActorKind] = {
    "PERSON": ActorKind.PERSON,
    "ORG": ActorKind.ORG,
    "GPE": ActorKind.PLACE,
    "LOC": ActorKind.PLACE,
    "FAC": ActorKind.PLACE,
    "NORP": ActorKind.GROUP,
}
KIND_LABELS: dict[ActorKind, str] = {
    ActorKind.PERSON: "PERSON",
    ActorKind.ORG: "ORG",
    ActorKind.PLACE: "GPE",
    ActorKind.GROUP: "NORP",
}
_PRONOUNS = frozenset(
    "i me my he him his she her hers it its we us our they them their you your who whom this that".split()
)
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
_EDGE_PUNCT = "\"'“”‘’()[]{}<>,;:!?*-–—|/"
_TOKEN = re.compile(r"\S+")
_LOWER_WORD = re.compile(r"^[a-z]+$")
# What split_span cuts at: most spans have none of it, and skip the token walk.
_MAY_JOIN_NAMES = re.compile(r"[\n,;&]|(?:^|\s)[a-z]+(?=\s|$)")
_OFFICE_WINDOW = 30
_WORD_WINDOW = 30
_WORD_BEFORE = re.compile(r"(?<![\w'’.-])([A-Za-z][\w'’-]*) $")
_WORD_AFTER = re.compile(r" ([A-Za-z][\w'’-]*)(?![\w'’-])")
# Characters after which a capital only starts a sentence or a quotation.
_OPENERS = frozenset("\n\"'“‘([.!?:;—–-")
_LOWERCASE_WORD = re.compile(r"(?<![\w-])[a-z]+(?![\w-])")


@dataclass(frozen=True, slots=True)
class Mention:
    """One cleaned entity span: the text as it stands at body[start:end]."""

    text: str
    label: str
    start: int
    end: int
    sentence: int = 0
    possessive: bool = False
    # The office written before the name ("President"): "President Bush" is a form of
    # the name the archive may learn, where a bare "Bush" is not.
    office: str | None = None

    @property
    def titled(self) -> str | None:
        return f"{self.office} {self.text}" if self.office else None

    @property
    def key(self) -> str:
        return alias_key(self.text)

    @property
    def kind(self) -> ActorKind:
        return LABEL_KINDS[self.label]


def mentions_from_doc(
    doc: Doc, sentence_starts: Sequence[int], rules: ActorRules | None = None, text: str | None = None
) -> list[Mention]:
    """Clean every entity span of a processed doc; junk spans are left out. `text` is
    doc.text, which spaCy builds anew on every read: pass it when it is at hand.

    The checks read the text around a span rather than spaCy tokens: a Token is built on
    every access, and Token.is_sent_start reads the whole doc each time."""
    rules = rules or actor_rules()
    text = doc.text if text is None else text
    spans = [(ent.label_, ent.start_char, ent.end_char, len(ent)) for ent in doc.ents]
    mentions: list[Mention] = []
    lowercase_words: set[str] | None = None
    first_chars = set(sentence_starts)
    for index, (label, start, end, size) in enumerate(spans):
        if label not in LABEL_KINDS:
            continue
        touches_previous = index > 0 and spans[index - 1][2] + 1 >= start
        touches_next = index + 1 < len(spans) and spans[index + 1][1] <= end + 1
        if not (touches_previous or touches_next) and _is_fragment(text, start, end, first_chars):
            continue
        surface = text[start:end]
        # "Digital music is..." while the text also says "digital": a word, not a name.
        if size == 1 and surface.lower() in text and _starts_sentence(text, start, first_chars):
            if lowercase_words is None:
                lowercase_words = set(_LOWERCASE_WORD.findall(text))
            if surface.lower() in lowercase_words:
                continue
        sentence = max(0, bisect_right(sentence_starts, start) - 1)
        # spaCy usually leaves "'s" outside the span; it still marks a possessive reading.
        possessive = text.startswith(("'s", "’s"), end) or (text[end : end + 1] in ("'", "’") and surface.endswith("s"))
        cleaned = clean_span(surface, label, start, sentence, possessive, rules)
        if len(cleaned) == 1 and cleaned[0].label == "PERSON" and cleaned[0].office is None:
            # The model mostly leaves the office outside the span: "President [Bush]".
            office = rules.office_before.search(text, max(0, start - _OFFICE_WINDOW), start)
            if office is not None:
                cleaned = [replace(cleaned[0], office=office.group(1))]
        mentions += cleaned
    return mentions


def _starts_sentence(text: str, start: int, first_chars: set[int]) -> bool:
    """First in its sentence, or right after a line break, a quote or a bracket."""
    before = text[max(0, start - 3) : start].rstrip(" ")
    return start in first_chars or not before or before[-1] in _OPENERS


def _is_fragment(text: str, start: int, end: int, first_chars: set[int]) -> bool:
    """A span between two capitalised words the model left out ("Hot [Digital] Sales"):
    a piece of a longer name, not a name."""
    before = _WORD_BEFORE.search(text, max(0, start - _WORD_WINDOW), start)
    after = _WORD_AFTER.match(text, end)
    return (
        before is not None
        and after is not None
        and before.group(1).istitle()
        and after.group(1).istitle()
        and before.start(1) not in first_chars
    )


def clean_span(
    text: str,
    label: str,
    start: int,
    sentence: int = 0,
    possessive_after: bool = False,
    rules: ActorRules | None = None,
) -> list[Mention]:
    """The mentions inside one entity span: cut at glue between names, each piece cleaned."""
    if rules is not None and rules is not actor_rules():
        return list(_cleaned_at(text, label, start, sentence, possessive_after, rules))
    # News repeats its names: the packaged rules' answer for a span is kept, at offset 0.
    return [
        Mention(m.text, m.label, m.start + start, m.end + start, sentence, m.possessive, m.office)
        for m in _cleaned_packaged(text, label, possessive_after)
    ]


@lru_cache(maxsize=16_384)
def _cleaned_packaged(text: str, label: str, possessive_after: bool) -> tuple[Mention, ...]:
    return _cleaned_at(text, label, 0, 0, possessive_after, actor_rules())


def _cleaned_at(
    text: str, label: str, start: int, sentence: int, possessive_after: bool, rules: ActorRules
) -> tuple[Mention, ...]:
    pieces = split_span(text, label, rules)
    cleaned = []
    for number, (piece, offset) in enumerate(pieces):
        last = number == len(pieces) - 1
        mention = clean_mention(piece, label, start + offset, sentence, possessive_after and last, rules)
        if mention is not None:
            cleaned.append(mention)
    return tuple(cleaned)


def split_span(text: str, label: str, rules: ActorRules) -> list[tuple[str, int]]:
    """Pieces of a span (text, offset) wherever it runs two names together: a line break,
    a comma or semicolon, or a lowercase word that is not part of a name. 'and' and '&'
    join names in a list, except inside an organisation's name ("Marks and Spencer")."""
    if not _MAY_JOIN_NAMES.search(text):
        return [(text, 0)]
    tokens = list(_TOKEN.finditer(text))
    # A leading article is no sign of one long name: "the Midlands, Merseyside" is a list.
    has_particles = any(token.group() in rules.name_particles for token in tokens[1:])
    # "Department for Culture, Media and Sport": a comma inside one organisation's name.
    comma_splits = not (label == "ORG" and has_particles)
    pieces: list[tuple[str, int]] = []
    current: list[re.Match[str]] = []

    def close() -> None:
        while current and current[-1].group().rstrip(",;") in rules.name_particles:
            current.pop()
        if current:
            pieces.append((text[current[0].start() : current[-1].end()], current[0].start()))
        current.clear()

    previous_end = 0
    for token in tokens:
        word = token.group()
        if current and "\n" in text[previous_end : token.start()]:
            close()
        previous_end = token.end()
        if _is_glue(word, label, rules):
            close()
            continue
        if not current and word in rules.name_particles and word != "the":
            continue
        current.append(token)
        if word.endswith(";") or (comma_splits and word.endswith(",")):
            close()
    close()
    return pieces


def with_places_joined(mentions: list[Mention], text: str) -> list[Mention]:
    """A place right before a one-word organisation names whose it is: "US Treasury" is
    not the Treasury of another country's articles."""
    joined: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: m.start):
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.label == "GPE"
            and mention.label == "ORG"
            and " " not in mention.text
            and text[previous.end : mention.start] == " "
        ):
            joined[-1] = Mention(text[previous.start : mention.end], "ORG", previous.start, mention.end, previous.sentence, mention.possessive)
            continue
        joined.append(mention)
    return joined


def _is_glue(word: str, label: str, rules: ActorRules) -> bool:
    if word in rules.list_words:
        return label != "ORG"
    return bool(_LOWER_WORD.match(word)) and word not in rules.name_particles


def clean_mention(
    text: str,
    label: str,
    start: int,
    sentence: int = 0,
    possessive_after: bool = False,
    rules: ActorRules | None = None,
) -> Mention | None:
    """Trim articles, titles, possessives and stray punctuation, keeping offsets true; None if junk.

    A courtesy title ("Mr", "Dr") marks a person whatever the label; offices ("Prime
    Minister") are cut from spans labelled PERSON only ("General Motors" keeps its word)."""
    rules = rules or actor_rules()
    stripped = text.lstrip(_EDGE_PUNCT + " ")
    start += len(text) - len(stripped)
    text = stripped
    if article := _LEADING_ARTICLE.match(text):
        start += article.end()
        text = text[article.end() :]
    # "Chancellor" alone names nobody in particular; "Mr Major" is John Major.
    if alias_key(text) in rules.titles:
        return None
    if (title := rules.courtesy_prefix.match(text)) and title.end() < len(text):
        label = "PERSON"
    if label in ("PERSON", "NORP") and (lead := _leading_demonyms(text, rules)):
        # "Russian Irina Shevchenko", "Briton Tim Henman": the name after the nationality.
        start += lead
        text = text[lead:]
        label = "PERSON"
    office = None
    if label == "PERSON" and (office_prefix := rules.office_prefix.match(text)):
        title = office_prefix
        office = _last_office(office_prefix.group(), rules)
    if title and title.end() < len(text):
        start += title.end()
        text = text[title.end() :]
    possessive = _POSSESSIVE.search(text)
    if possessive:
        text = text[: possessive.start()]
    text = text.rstrip(_EDGE_PUNCT + " ")
    if _is_junk(text, label, rules):
        return None
    return Mention(
        text=text,
        label=label,
        start=start,
        end=start + len(text),
        sentence=sentence,
        possessive=possessive_after or possessive is not None,
        office=office if title and title.end() else None,
    )


def _last_office(prefix: str, rules: ActorRules) -> str | None:
    """The office nearest the name in a title prefix ("US President" -> "President")."""
    offices = [match.group(1) for match in rules.office_word.finditer(prefix)]
    return offices[-1] if offices else None


def _leading_demonyms(text: str, rules: ActorRules) -> int:
    """Length of the nationality words leading a longer span, 0 if none or nothing after."""
    for number, token in enumerate(_TOKEN.finditer(text)):
        if alias_key(token.group()) not in rules.demonyms:
            return token.start() if number and token.group()[:1].isupper() else 0
    return 0


def _is_junk(text: str, label: str, rules: ActorRules) -> bool:
    if len(text) < 2 or not any(char.isalpha() for char in text):
        return True
    words = text.split()
    if text.casefold() in _PRONOUNS and not text.isupper():
        return True
    if not any(word[0].isupper() for word in words):
        return True
    # A run of capitalised words is a heading that NER mistook for a name.
    if len(words) > 3 and text.isupper():
        return True
    key = alias_key(text)
    key_words = key.split()
    if key in rules.not_actors or key in rules.organisation_words:
        return True
    if all(word in rules.demonyms for word in key_words):
        return True
    return label != "PERSON" and len(key_words) > 1 and key_words[-1] in rules.event_words
