"""Entity spans -> clean mentions: one name each, no titles, line breaks or list glue.

The model's spans are cut where two names were run together (a line break, a comma, a
lowercase word such as "to" in "Henry to Arsenal"), then each piece is trimmed (edge
punctuation, leading article, titles, possessive) and dropped when it names no actor
(demonyms, events, awards, time zones, a title alone).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from pipeline.actors.keys import alias_key
from pipeline.actors.rules import ENGLISH_WRITING, ActorRules, NameWriting, actor_rules
from pipeline.models import ActorKind

if TYPE_CHECKING:  # spaCy is loaded by what enriches, not by what only compares names
    from spacy.tokens import Doc, Span

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
# A given name, maybe a middle initial, and one or two more names: "Ann Reyes", "John F. Kennedy".
_FULL_NAME = re.compile(r"[A-Z][a-z]+(?: [A-Z]\.)?(?: [A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)?){1,2}")
_TOKEN = re.compile(r"\S+")
_LOWER_WORD = re.compile(r"^[a-z]+$")
# What split_span cuts at: most spans have none of it, and skip the token walk.
_MAY_JOIN_NAMES = re.compile(r"[\n,;&]|(?:^|\s)[a-z]+(?=\s|$)")
_OFFICE_WINDOW = 30
_WORD_WINDOW = 30
_WORD_BEFORE = re.compile(r"(?<![\w'’.-])([A-Za-z][\w'’-]*) $")
_WORD_AFTER = re.compile(r" ([A-Za-z][\w'’-]*)(?![\w'’-])")
# The characters of _WORD_BEFORE's word, read backwards from its end.
_WORD_RUN = re.compile(r"[\w'’-]+")
# Characters after which a capital only starts a sentence or a quotation.
_OPENERS = frozenset("\n\"'“‘([.!?:;—–-")
_LOWERCASE_LETTERS = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")
# An office right after a one-word organisation, then a name: "Defense Secretary Dick Cheney".
_OFFICE_AFTER = re.compile(r" (?:Secretary|Minister|Undersecretary)(?: [A-Z]|,)")
# A department's word and the office it makes, with or without a name after: "the Soviet Defense
# Minister said", "Parks Commissioner Ada Pell"; or the office before it: "Secretary of Defense".
_DEPARTMENT_OFFICE_AFTER = re.compile(r" (?:Secretary|Minister|Undersecretary|Commissioner)\b")
_DEPARTMENT_OFFICE_BEFORE = re.compile(r"\b(?:Secretary|Minister|Undersecretary|Commissioner) of (?:the )?$")
# A field's name and its value in a report: "Attendance: 38,018", "Attendance:\n15,000".
_FIELD_VALUE = re.compile(r":\s*\d")
_OF_BEFORE = re.compile(r"(?<![\w'’.-])([A-Z][\w'’-]*) of (?:the )?$")
# What follows the place that opens a news-wire dateline: an optional region, then a date
# or the agency ("VAIL, Colorado 1996-12-06", "CHICAGO, Dec 6 (Reuter)").
_DATELINE_REST = re.compile(
    r"(?:,\s*[A-Z][\w.'’ -]{0,40}?)?,?\s+(?:\d{4}-\d{2}-\d{2}\b|\((?:Reuters?|AP|AFP)\)"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}\b)"
)


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
    # Written on a line in capitals (a headline, a dateline, a results table): "LONDON"
    # is shown as London.
    shouted: bool = False
    # The comparison key, made once: the rules read it tens of times per mention.
    key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", alias_key(self.text))

    @property
    def shown(self) -> str:
        """The text as a name is shown: a name written in capitals on a capitals line gets
        its usual case back ("NEW YORK" -> "New York"); acronyms stay ("IBM", "BBC")."""
        if not self.shouted or not self.text.isupper():
            return self.text
        return " ".join(_unshouted(word) for word in self.text.split(" "))

    @property
    def titled(self) -> str | None:
        """The office and the name as written ("President Bush"): a form the archive learns."""
        return f"{self.office} {self.text}" if self.office else None

    @property
    def kind(self) -> ActorKind:
        return LABEL_KINDS[self.label]


def mentions_from_doc(
    doc: Doc,
    sentence_starts: Sequence[int],
    rules: ActorRules | None = None,
    text: str | None = None,
    works: set[str] | None = None,
    language: str | None = None,
    common_word: Callable[[str], bool] | None = None,
    pieces: set[tuple[int, int]] | None = None,
    labels: Mapping[str, str] | None = None,
    ents: Sequence[Span] | None = None,
) -> list[Mention]:
    """Clean every entity span of a processed doc; junk spans are left out. `text` is
    doc.text, which spaCy builds anew on every read: pass it when it is at hand. The keys of
    names read as works (or weather events) are added to `works` when it is given.
    `language` says how the document writes names (the rules' `languages`); `common_word`
    tells a form of a common word of that language ("cheminots"), where the rules ask for it.
    The (start, end) of spans left out as pieces of a longer name ("Radical [Democrats]",
    "[Madonna] of the Pinks") are added to `pieces` when it is given: the alias table's scan
    must not find them again. `labels` renames the model's entity labels to those the rules
    read (a label it does not list makes no actor); without it they are read as they are.
    `ents` is doc.ents when the caller holds it (spaCy builds its spans anew on every read).

    The checks read the text around a span rather than spaCy tokens: a Token is built on
    every access, and Token.is_sent_start reads the whole doc each time."""
    rules = rules or actor_rules()
    text = doc.text if text is None else text
    ents = doc.ents if ents is None else ents
    entities = (
        [(ent.label_, ent.start_char, ent.end_char, len(ent)) for ent in ents]
        if labels is None
        else [(labels[label], ent.start_char, ent.end_char, len(ent)) for ent in ents if (label := ent.label_) in labels]
    )
    spans = _persons_rejoined(entities, text)
    context = _DocContext(text, spans, sentence_starts, set(sentence_starts), rules, rules.writing(language), common_word)
    if pieces is not None:
        context.pieces = pieces
    mentions: list[Mention] = []
    for index, (label, start, end, size) in enumerate(spans):
        if label not in LABEL_KINDS:
            continue
        line = context.line(start)
        if not _DIGIT.search(text, start, end) and start != line.start and not line.table:
            mentions += context.cleaned(label, start, end, size, index, line)
            continue
        for piece_start, piece_end in _without_numbers(text, start, end, label, line):
            piece_label, piece_line = label, line
            if piece_start == line.start and _DATELINE_REST.match(text, piece_end):
                # A dateline opens with the place the story was filed from, in capitals.
                piece_label, piece_line = "GPE", replace(line, shouted=True)
            piece_key = alias_key(text[piece_start:piece_end]) if line.table else ""
            if line.table and piece_key not in rules.countries and (piece_label in ("GPE", "LOC") or piece_key in rules.cities):
                # A city in a standings or results row stands for its team, whose name is not
                # written ("DETROIT 15 9 4"), whatever the model read it as.
                continue
            piece_size = size if (piece_start, piece_end) == (start, end) else len(text[piece_start:piece_end].split())
            mentions += context.cleaned(piece_label, piece_start, piece_end, piece_size, index, piece_line)
    # A name the model reads as a work once ("The Aviator, starring ...") is the work's in
    # every mention of the document, where it read an organisation or a person elsewhere.
    dropped = {alias_key(text[start:end]) for label, start, end, _ in spans if label == "WORK_OF_ART"}
    # "Storm Eowyn" is a weather event, and "Eowyn" alone in the same document is the storm.
    for mention in mentions:
        if mention.text.startswith(rules.named_event_starts) and (event := rules.named_event.match(mention.text)) is not None:
            dropped |= {mention.key, alias_key(event.group(1))}
    if works is not None:
        works |= dropped
    return [mention for mention in mentions if mention.key not in dropped] if dropped else mentions


def _persons_rejoined(spans: list[tuple[str, int, int, int]], text: str) -> list[tuple[str, int, int, int]]:
    """"Senator [Daniel Patrick] [Moynihan]": two person spans with one space between are one
    name the model cut in two (alone, the first would be left out as a fragment). So is a
    person span and the word right after it that the model left out, where the document reads
    that word alone as a person's name ("[Daniel Patrick] Moynihan ... Mr. [Moynihan]")."""
    joined: list[tuple[str, int, int, int]] = []
    persons: set[str] | None = None
    for index, span in enumerate(spans):
        label, start, end, size = span
        if (
            joined
            and label == "PERSON"
            and joined[-1][0] == "PERSON"
            and start == joined[-1][2] + 1
            and text[joined[-1][2]] == " "
            and not _ends_possessive(text, joined[-1][1], joined[-1][2])
        ):
            joined[-1] = (label, joined[-1][1], end, joined[-1][3] + size)
            continue
        if (
            label == "PERSON"
            and not _ends_possessive(text, start, end)
            and (after := _WORD_AFTER.match(text, end)) is not None
            and after.group(1).istitle()
        ):
            if persons is None:
                persons = {text[other_start:other_end] for other_label, other_start, other_end, _ in spans if other_label == "PERSON"}
            following = spans[index + 1][1] if index + 1 < len(spans) else len(text)
            if after.group(1) in persons and after.end(1) <= following:
                span = (label, start, after.end(1), size + 1)
        joined.append(span)
    return joined


def _ends_possessive(text: str, start: int, end: int) -> bool:
    """"[Michael Moore's] [Bush]-baiting film": a possessive ends a name; the next word starts another."""
    return text.endswith(("'s", "’s", "'", "’"), start, end) or text.startswith(("'s", "’s", "' ", "’ "), end)


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    # A standings, results or fixtures row: its places are teams.
    table: bool
    # No lowercase letter: a headline, a dateline, a table.
    shouted: bool


_TABLE_ROW_TOKENS = 16
_NAME_WORDS = r"[A-Z][\w.'’&-]*(?: [A-Z][\w.'’&-]*)*"
_FIXTURE = re.compile(rf"^\s*{_NAME_WORDS} (?:at|AT|v|V|vs|VS)\.? {_NAME_WORDS}\s*$")
_DATE_TOKEN = re.compile(r"\d{4}-\d{2}-\d{2}")
# A match score after a name ("Chelsea 2-1"): no part of an organisation's name, in a table or not.
_SCORE_TOKEN = re.compile(r"(?<![\w-])\d{1,2}[-\u2013]\d{1,2}(?![\w-])")


def _is_table_row(line: str) -> bool:
    """A standings or results row (short, at least two numbers and as many as half its
    words) or a fixture ("PHILADELPHIA AT DALLAS", "Kestle v Harnby")."""
    # At most one piece more than a row may hold: a paragraph is not split word by word to tell it.
    tokens = line.split(maxsplit=_TABLE_ROW_TOKENS)
    if len(tokens) > _TABLE_ROW_TOKENS:
        return False
    numbers = sum(1 for token in tokens if _is_number(token))
    return (numbers >= 2 and 2 * numbers >= len(tokens) - numbers) or _FIXTURE.match(line) is not None


def _no_lowercase(line: str) -> bool:
    """What `line.upper() == line` says, without upper-casing a line of prose: an ASCII
    lowercase letter, found at once in most lines, already says no."""
    return _ASCII_LOWERCASE.search(line) is None and line.upper() == line


_ASCII_LOWERCASE = re.compile("[a-z]")


def on_table_row(text: str, offset: int) -> bool:
    """Whether the line holding `offset` is a standings, results or fixtures row."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return _is_table_row(text[start : end if end != -1 else len(text)])


_ASCII_DIGIT = re.compile(r"[0-9]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")


def _is_number(token: str) -> bool:
    """A digit and no letter: "38,018", "1-0", "(22)." Most tokens are words, answered at once;
    ASCII tokens by two scans in C, the rest char by char."""
    if token.isalpha():
        return False
    if token.isascii():
        return _ASCII_DIGIT.search(token) is not None and _ASCII_LETTER.search(token) is None
    return any(char.isdigit() for char in token) and not any(char.isalpha() for char in token)


def _without_numbers(text: str, start: int, end: int, label: str, line: _Line) -> list[tuple[int, int]]:
    """The name pieces of a span that runs numbers in: scores, times and dates are no part
    of a name ("Andrew Park 72", "Liverpool 0 Sheffield Wednesday"). A number leading a
    span stays ("50 Cent"), and so does one in an organisation's name outside a table
    ("Channel 4") unless it is a date or a score ("Chelsea 2-1")."""
    if label == "ORG" and not line.table and not _DATE_TOKEN.search(text, start, end) and not _SCORE_TOKEN.search(text, start, end):
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    current: list[re.Match[str]] = []
    for token in _TOKEN.finditer(text, start, end):
        if _is_number(token.group()) and (pieces or current):
            if current:
                pieces.append((current[0].start(), current[-1].end()))
            current = []
            continue
        current.append(token)
    if current:
        pieces.append((current[0].start(), current[-1].end()))
    return pieces


def word_before(text: str, reversed_text: str, start: int) -> tuple[str, int] | None:
    """(word, where it starts) of `_WORD_BEFORE.search(text, max(0, start - _WORD_WINDOW), start)`,
    without trying each place of the window: its match ends in the space right before `start`
    (or before a line break there, as `$` allows), and its word can only be the whole run of
    word characters, apostrophes and hyphens before that space, read backwards in
    `reversed_text` (text[::-1]). The pattern's lookbehind sees before the window too."""
    if start and text[start - 1] == " ":
        space = start - 1
    elif start > 1 and text[start - 1] == "\n" and text[start - 2] == " ":
        space = start - 2
    else:
        return None
    run = _WORD_RUN.match(reversed_text, len(text) - space)
    if run is None:
        return None
    word_start = space - (run.end() - run.start())
    if word_start < max(0, start - _WORD_WINDOW) or not ("a" <= text[word_start] <= "z" or "A" <= text[word_start] <= "Z"):
        return None
    if word_start and text[word_start - 1] == ".":
        return None  # the lookbehind: no word right after a full stop ("U.S")
    return text[word_start:space], word_start


def _unshouted(word: str) -> str:
    """'LONDON' -> 'London', 'NEW' -> 'New'; three letters without a vowel in the middle
    are an acronym ('IBM', 'BBC', 'USA'), and so is anything shorter."""
    letters = [char for char in word if char.isalpha()]
    if len(letters) >= 4 or (len(letters) == 3 and letters[1] in "AEIOUY" and letters[0] not in "AEIOU"):
        return word[:1] + word[1:].lower()
    return word


@dataclass(slots=True)
class _DocContext:
    """What the span checks of one document read: its text, spans, sentences and lines."""

    text: str
    spans: list[tuple[str, int, int, int]]
    sentence_starts: Sequence[int]
    first_chars: set[int]
    rules: ActorRules
    writing: NameWriting = ENGLISH_WRITING
    common_word: Callable[[str], bool] | None = None
    lines: dict[int, _Line] = field(default_factory=dict)
    # Spans left out as pieces of a longer name.
    pieces: set[tuple[int, int]] = field(default_factory=set)
    # Where the names that begin a title ("[Madonna] of the Pinks") end.
    title_starts: set[int] = field(default_factory=set)
    # The text backwards, for `word_before`: made at its first use.
    reversed_text: str | None = None

    def line(self, offset: int) -> _Line:
        text = self.text
        start = text.rfind("\n", 0, offset) + 1
        line = self.lines.get(start)
        if line is None:
            end = text.find("\n", offset)
            content = text[start : end if end != -1 else len(text)]
            line = self.lines[start] = _Line(start, _is_table_row(content), _no_lowercase(content))
        return line

    def _loose_capital_before(self, start: int, index: int) -> int | None:
        """Where a capitalised word right before a one-word span starts, when no span holds
        it: the model cut a longer name ("the programme Go [Digital]", "Charlize
        [Theron]"). None after an initial ("G Easterby"), a title or office ("President
        Bush"), a nationality, a day or month, a possessive ("Chelsea's Drogba") or a
        sentence's first word."""
        text = self.text
        if not (start and text[start - 1] == " ") and not (start > 1 and text[start - 1] == "\n" and text[start - 2] == " "):
            return None  # no space before: no word _WORD_BEFORE could find (most spans after a quote or a break)
        if self.reversed_text is None:
            self.reversed_text = text[::-1]
        before = word_before(text, self.reversed_text, start)
        if before is None:
            return None
        word, word_start = before
        if len(word) < 2 or not word.istitle() or "'" in word or "’" in word:
            return None
        if word in self.rules.sentence_words or word in self.rules.calendar_words:
            return None
        if index > 0 and self.spans[index - 1][2] > word_start:
            return None
        key = alias_key(word)
        if key in self.rules.titles or key in self.rules.name_titles or key in self.rules.demonyms:
            return None
        return None if _starts_sentence(text, word_start, self.first_chars) else word_start

    def _begins_a_title(self, start: int, end: int, index: int) -> bool:
        """"[Madonna] of the Pinks", "Lady of the Lake": a one-word name right before 'of the' and a
        capitalised word starts a longer name, a work's or a title's, not the person or body it
        would name alone. A name after a title keeps it ("Mr Jones of the Tribune"), and so does
        one before a body or a place the model read there ("Jones of the Tribune", read as an
        organisation: who works where)."""
        text = self.text
        if not text.startswith(" of the ", end):
            return False
        after = end + len(" of the ")
        if not text[after : after + 1].isupper():
            return False
        if index + 1 < len(self.spans):
            label, next_start, _, _ = self.spans[index + 1]
            if next_start <= after and label not in ("PERSON", "WORK_OF_ART"):
                return False
        before = _WORD_BEFORE.search(text, max(0, start - _WORD_WINDOW), start)
        if before is None:
            return True
        key = alias_key(before.group(1))
        return not (key in self.rules.titles or key in self.rules.name_titles)

    def _ends_a_title(self, start: int, index: int, label: str = "ORG") -> bool:
        """"Lord of the [Rings]", "Eternal Sunshine of the [Spotless Mind]": a span right after
        'of (the)' and a capitalised word (alone, or ending an organisation's or a work's
        span) is the end of a longer name (a title, "Museum of [London]"), not the place or
        body it names. An office or a
        title before 'of' leaves it alone ("Mayor of London", "Duke of Edinburgh")."""
        if not _follows_of(self.text, start):
            return False  # what _OF_BEFORE needs, seen without a search: most spans follow no 'of'
        before = _OF_BEFORE.search(self.text, max(0, start - _WORD_WINDOW), start)
        if before is None:
            return False
        word_start = before.start(1)
        if index > 0 and self.spans[index - 1][2] > word_start and self.spans[index - 1][0] in ("PERSON", "GPE", "LOC"):
            # "Tony Blair of Britain": a person's or place's name before 'of' qualifies nothing,
            # unless it began a title ("Madonna of the [Pinks]").
            return self.spans[index - 1][2] in self.title_starts
        key = alias_key(before.group(1))
        # "Queen of the Sky" opening a sentence: a peer's word with 'the' starts a work wherever
        # it stands; a place after it is the peer's realm ("King of the Belgians" read as a group
        # stays a group, "Queen of the Netherlands" a place).
        work_of_peer = key in self.rules.name_titles and before.group(0).endswith(" the ") and label in ("ORG", "PERSON")
        if _starts_sentence(self.text, word_start, self.first_chars) and not work_of_peer:
            return False
        if not before.group(1).istitle():
            return False  # "CEO of Quorvane": an acronym names a post
        if key in self.rules.post_words:
            return False  # "Head of BT", "Leader of the Commons"
        # A peer is "Duke of Edinburgh"; with 'the' a title word starts a work ("Lord of the Rings").
        peer = key in self.rules.name_titles and not before.group(0).endswith(" the ")
        return key not in self.rules.titles and not peer and before.group(1) not in self.rules.sentence_words

    def cleaned(self, label: str, start: int, end: int, size: int, index: int, line: _Line) -> list[Mention]:
        """The mentions of one span (or one piece of it), or none when it names no actor."""
        text, spans, first_chars, rules = self.text, self.spans, self.first_chars, self.rules
        if start and text[start - 1].isdigit():
            return []  # "hold 6GB", "a 2Mbps line": a unit written onto its number, no name
        touches_previous = index > 0 and spans[index - 1][2] + 1 >= start
        touches_next = index + 1 < len(spans) and spans[index + 1][1] <= end + 1
        if not (touches_previous or touches_next) and _is_fragment(text, start, end, first_chars):
            self.pieces.add((start, end))
            return []
        if self._ends_a_title(start, index, label):
            # Not kept from the alias table's scan: a known place after "Democrat of" is the state.
            return []
        if size == 1 and label in ("PERSON", "ORG") and self._begins_a_title(start, end, index):
            self.pieces.add((start, end))
            self.title_starts.add(end)
            return []
        if self.writing is not ENGLISH_WRITING and self._not_a_name_in_its_language(label, start, end):
            return []
        if size == 1 and (cue := self.rules.organisation_cue_after.match(text, end)) and _starts_sentence(text, start, first_chars):
            if index + 1 < len(spans) and spans[index + 1][1] == cue.end() - 1:
                return []  # "Software giant Microsoft", "Oil firm Shell": the trade's word before the firm's name
        if size == 1 and label == "ORG" and _OFFICE_AFTER.match(self.text, end):
            return []  # "Defense Secretary Dick Cheney": the department's word is part of the office
        if size == 1 and label in ("ORG", "PERSON") and self._names_a_department_of_an_office(start, end):
            return []  # "the Defense Minister said", "Parks Commissioner", "Secretary of Defense"
        if size == 1 and self._heads_an_office(start, end):
            return []  # "the Borough President": a body's generic word is part of the office
        if size == 1 and _FIELD_VALUE.match(text, end):
            return []  # "Attendance: 38,018": a field of a results table, no name
        if size == 1 and label in ("ORG", "PERSON") and text.endswith("the ", 0, start) and self._names_a_venue(start, end):
            self.pieces.add((start, end))
            return []  # "the National stadium": a piece of the venue's name
        if size == 1 and not touches_previous and (word_start := self._loose_capital_before(start, index)) is not None:
            if label != "PERSON":
                self.pieces.add((start, end))
                return []  # "the programme Go [Digital]", "Pop [Idol]": a piece of a work's name
            start = word_start  # "Charlize [Theron]": the model cut the first name off
        surface = text[start:end]
        if "\n" in surface and _wrapped(text, start, end, line):
            # "Standings of National\nBasketball Association teams": one name wrapped at the line's
            # end, not two names on two lines. The break is read as the space it stands for.
            surface = surface.replace("\n", " ")
        # "Digital music is..." while the text also says "digital": a word, not a name.
        if size == 1 and _starts_sentence(text, start, first_chars) and _written_in_lowercase(surface.lower(), text):
            return []
        sentence = max(0, bisect_right(self.sentence_starts, start) - 1)
        # spaCy usually leaves "'s" outside the span; it still marks a possessive reading.
        possessive = text.startswith(("'s", "’s"), end) or (text[end : end + 1] in ("'", "’") and surface.endswith("s"))
        courtesy = self.writing.courtesy_prefix
        if courtesy is not None and (title := courtesy.match(surface)) and title.end() < len(surface):
            start, surface, label = start + title.end(), surface[title.end() :], "PERSON"
        sentence_case = label == "ORG" and self.writing.sentence_case_organisations
        if label == "ORG" and (article := _leading_article(surface, self.writing.articles)):
            start, surface = start + article, surface[article:]
        if label == "ORG" and rules.office_of.match(surface) is not None:
            return []  # "Commissioner of Cultural Affairs", "Comptroller of New York City": a post
        cleaned = clean_span(surface, label, start, sentence, possessive, rules, sentence_case)
        if len(cleaned) == 1 and cleaned[0].label == "PERSON" and cleaned[0].office is None:
            # The model mostly leaves the office outside the span: "President [Bush]".
            office = rules.office_before.search(text, max(0, start - _OFFICE_WINDOW), start)
            if office is not None and not _qualified_office(text, office.start(), rules):
                cleaned = [replace(cleaned[0], office=office.group(1) or office.group(2))]
        if line.shouted:
            cleaned = [replace(mention, shouted=True) for mention in cleaned]
        if label == "ORG" and len(cleaned) == 1 and _quoted_whole(text, cleaned[0].start, cleaned[0].end):
            # '"New York Dictionary" on sale', 'the "Bowmar Brain,"': a name the text quotes whole
            # is a title or a coined word, not an organisation's name.
            return []
        return cleaned


    def _names_a_venue(self, start: int, end: int) -> bool:
        """"the National stadium": a one-word name between 'the' and a venue's lowercase noun is a
        piece of the venue's name; a listed club or city names its own ("the Derby stadium")."""
        if self.rules.venue_noun_after.match(self.text, end) is None:
            return False
        key = alias_key(self.text[start:end])
        return key not in self.rules.sport_clubs and key not in self.rules.cities

    def _heads_an_office(self, start: int, end: int) -> bool:
        """A one-word span that is a body's generic word ("Borough", "Council") right before an
        office ("the Borough President", "Council Leader Jan Hart"), whatever the label."""
        text = self.text
        return (
            text.startswith(" ", end)
            and alias_key(text[start:end]) in self.rules.office_bodies
            and self.rules.office_word.match(text, end + 1) is not None
        )

    def _names_a_department_of_an_office(self, start: int, end: int) -> bool:
        """A one-word name the model read right before an office ("Defense Minister", "Parks
        Commissioner") or after one and 'of' ("Secretary of Defense"): the department's word is
        part of the office's title, whoever holds it, and names no actor of its own. Initials
        name a body of their own ("UN Secretary-General"), and so do the alias table's names
        ("Labour", found in the text again whatever the model read)."""
        text = self.text
        if text[start:end].isupper():
            return False
        return _DEPARTMENT_OFFICE_AFTER.match(text, end) is not None or (
            _follows_of(text, start)
        ) and _DEPARTMENT_OFFICE_BEFORE.search(text, max(0, start - 30), start) is not None

    def _not_a_name_in_its_language(self, label: str, start: int, end: int) -> bool:
        """A post ("ministre des Transports"), or a common word capitalised because it starts
        a sentence or a title ("Cheminots en colère", "Transports routiers bloqués"): the
        model read a name where the language writes none. Only persons and organisations:
        a place's name may be a common word too ("Landes")."""
        words = self.text[start:end].split()
        if label == "ORG" and words[0] in self.writing.offices:
            return True
        if self.common_word is None or label not in ("PERSON", "ORG") or words[0].lower() in self.rules.name_particles:
            return False
        # A capital further on ("Chantiers de l'Atlantique") makes a name of the whole.
        if any(word[:1].isupper() for word in words[1:]) or not _starts_sentence(self.text, start, self.first_chars):
            return False
        return self.common_word(words[0])


_OPENING_QUOTES = ('"', "“")
_CLOSING_QUOTE = re.compile(r"[,.]?[\"”]")


def _quoted_whole(text: str, start: int, end: int) -> bool:
    return text.endswith(_OPENING_QUOTES, 0, start) and _CLOSING_QUOTE.match(text, end) is not None


def _wrapped(text: str, start: int, end: int, line: _Line) -> bool:
    """Whether a span holding one line break is one name wrapped inside running text: the span
    neither starts its line nor ends the next one, a lowercase word goes on after it, and
    neither line is a table's row or a headline. A list written one name a line ("Arsenal\nChelsea")
    or a break between paragraphs ("Nike\n\nNike") is two names."""
    if line.table or line.shouted or start == line.start or text.count("\n", start, end) != 1:
        return False
    after = _WORD_AFTER.match(text, end)
    if after is None or not after.group(1).islower():
        return False
    next_line_end = text.find("\n", end)
    return not _is_table_row(text[text.rfind("\n", 0, end) + 1 : next_line_end if next_line_end != -1 else len(text)])


def _leading_article(surface: str, articles: tuple[str, ...]) -> int:
    """Length of an article (and the space after it) leading a longer name, or 0."""
    for article in articles:
        rest = surface[len(article) :].lstrip(" ") if surface.startswith(article) else ""
        if rest[:1].isupper() and (article.endswith(("'", "’")) or surface[len(article) : len(article) + 1] == " "):
            return len(surface) - len(rest)
    return 0


def _follows_of(text: str, start: int) -> bool:
    """'of' or 'of the' right before `start`: what the searches for a title before 'of' need,
    told without a search (most spans follow no 'of')."""
    return text.endswith((" of ", " of the "), 0, start)


def _starts_sentence(text: str, start: int, first_chars: set[int]) -> bool:
    """First in its sentence, or right after a line break, a quote or a bracket."""
    before = text[max(0, start - 3) : start].rstrip(" ")
    return start in first_chars or not before or before[-1] in _OPENERS


def _written_in_lowercase(word: str, text: str) -> bool:
    """Whether `word`, in lowercase ASCII letters, stands somewhere in the text as a word of its
    own (no letter, digit, underscore or hyphen on either side). Found by looking for the word
    itself, not by listing every lowercase word of the text first."""
    if _LOWERCASE_LETTERS.fullmatch(word) is None:
        return False
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if (start == 0 or not _joins_word(text[start - 1])) and (end == len(text) or not _joins_word(text[end])):
            return True
        start = text.find(word, start + 1)
    return False


def _joins_word(character: str) -> bool:
    return character.isalnum() or character in "_-"


def _is_fragment(text: str, start: int, end: int, first_chars: set[int]) -> bool:
    """A span between two capitalised words the model left out ("Hot [Digital] Sales"):
    a piece of a longer name, not a name."""
    # The word after first: a match at one place, where the word before needs a search.
    after = _WORD_AFTER.match(text, end)
    if after is None or not after.group(1).istitle():
        return False
    before = _WORD_BEFORE.search(text, max(0, start - _WORD_WINDOW), start)
    return before is not None and before.group(1).istitle() and before.start(1) not in first_chars


def _is_full_name(words: str, rules: ActorRules) -> bool:
    """A person's name, and no word a body's name ends or is made of ("General [Post Office]",
    "President [Hotel Group]", "Chancellor [Music Academy]")."""
    words = words.strip()
    if _FULL_NAME.fullmatch(words) is None:
        return False
    keys = {word.lower() for word in words.split()}
    return all(
        keys.isdisjoint(body_words)
        for body_words in (rules.organisation_words, rules.organisation_heads, rules.institution_heads, rules.firm_trade_words)
    )


def clean_span(
    text: str,
    label: str,
    start: int,
    sentence: int = 0,
    possessive_after: bool = False,
    rules: ActorRules | None = None,
    sentence_case: bool = False,
) -> list[Mention]:
    """The mentions inside one entity span: cut at glue between names, each piece cleaned.
    With `sentence_case`, lowercase words are part of the name ("Régie autonome des
    transports parisiens"), as in languages that capitalise an organisation's first word only."""
    if rules is not None and rules is not actor_rules():
        return list(_cleaned_at(text, label, start, sentence, possessive_after, rules, sentence_case))
    # News repeats its names: the packaged rules' answer for a span is kept, at offset 0.
    return [
        Mention(m.text, m.label, m.start + start, m.end + start, sentence, m.possessive, m.office)
        for m in _cleaned_packaged(text, label, possessive_after, sentence_case)
    ]


@lru_cache(maxsize=16_384)
def _cleaned_packaged(text: str, label: str, possessive_after: bool, sentence_case: bool = False) -> tuple[Mention, ...]:
    return _cleaned_at(text, label, 0, 0, possessive_after, actor_rules(), sentence_case)


def _cleaned_at(
    text: str, label: str, start: int, sentence: int, possessive_after: bool, rules: ActorRules, sentence_case: bool = False
) -> tuple[Mention, ...]:
    pieces = split_span(text, label, rules, sentence_case)
    cleaned = []
    for number, (piece, offset) in enumerate(pieces):
        last = number == len(pieces) - 1
        mention = clean_mention(piece, label, start + offset, sentence, possessive_after and last, rules)
        if mention is not None:
            cleaned.append(mention)
    return tuple(cleaned)


# An article after a particle inside an organisation's span belongs to its name ("Campaign for a ...").
_ARTICLES_AFTER_PARTICLE = frozenset({"a", "an"})


def split_span(text: str, label: str, rules: ActorRules, sentence_case: bool = False) -> list[tuple[str, int]]:
    """Pieces of a span (text, offset) wherever it runs two names together: a line break,
    a comma or semicolon, or a lowercase word that is not part of a name (with
    `sentence_case`, every lowercase word is). 'and' and '&' join names in a list, except
    inside an organisation's name ("Marks and Spencer")."""
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
        while current and (current[-1].group().rstrip(",;") in rules.name_particles or current[-1].group() in _ARTICLES_AFTER_PARTICLE):
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
        if label == "ORG" and word in _ARTICLES_AFTER_PARTICLE and current and current[-1].group() in rules.name_particles:
            current.append(token)  # "Movement for a Democratic Slovakia": one organisation's name
            continue
        if not sentence_case and _is_glue(word, label, rules):
            close()
            continue
        if not current and word in rules.name_particles and word != "the":
            continue
        current.append(token)
        if word.endswith(";") or (comma_splits and word.endswith(",")):
            close()
    close()
    return pieces


def with_places_joined(mentions: list[Mention], text: str, rules: ActorRules | None = None) -> list[Mention]:
    """A place right before a one-word organisation names whose it is: "US Treasury" is
    not the Treasury of another country's articles. So does it before a longer name that
    every government or city has ("New Jersey Department of Transportation") or that many
    countries have ("US Court of Appeal")."""
    rules = rules or actor_rules()
    # "US Court of Appeal": a country's place before a body many countries have says whose it is.
    unqualified = rules.placed_institutions
    joined: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: m.start):
        previous = joined[-1] if joined else None
        if previous is not None and mention.start - previous.end == 3 and _venue_of_a_city(previous, mention, text, rules):
            # "the show at Birmingham's NEC": initials after 'at' and a city's possessive name a
            # venue of that city (a place), not the firm the same initials name elsewhere.
            joined[-1] = Mention(text[previous.start : mention.end], "GPE", previous.start, mention.end, previous.sentence, mention.possessive)
            continue
        if (
            previous is not None
            and previous.label == "GPE"
            and mention.label == "ORG"
            and (" " not in mention.text or mention.key in unqualified)
            and text[previous.end : mention.start] == " "
        ):
            joined[-1] = Mention(text[previous.start : mention.end], "ORG", previous.start, mention.end, previous.sentence, mention.possessive)
            continue
        joined.append(mention)
    return joined


def _venue_of_a_city(place: Mention, mention: Mention, text: str, rules: ActorRules) -> bool:
    return (
        place.label == "GPE"
        and place.key in rules.cities
        and text[place.end : mention.start] in ("'s ", "’s ")
        and text.endswith("at ", 0, place.start)
        and mention.label in ("ORG", "PERSON", "GPE", "FAC")
        and 2 <= len(mention.text) <= 5
        and mention.text.isalpha()
        and mention.text.isupper()
    )


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
        # 'the "Borough Party" line': the quotation mark stood after the article.
        stripped = text.lstrip(_EDGE_PUNCT + " ")
        start += len(text) - len(stripped)
        text = stripped
    # "Chancellor" alone names nobody in particular; "Mr Major" is John Major.
    if alias_key(text) in rules.titles:
        return None
    if (title := rules.courtesy_prefix.match(text)) and title.end() < len(text):
        label = "PERSON"
    # A group's name may start with one ("Muslim Brotherhood"): a NORP span keeps a
    # nationality unless a full name follows it.
    if label in ("PERSON", "NORP") and (lead := _leading_demonyms(text, rules)) and (label == "PERSON" or " " in text[lead:].strip()):
        # "Russian Irina Shevchenko", "Briton Tim Henman": the name after the nationality.
        start += lead
        text = text[lead:]
        label = "PERSON"
    if label == "PERSON" and (lead := _leading_role(text, rules)):
        # "Singers Jennifer Lopez", "Rapper Ja Rule" opening a sentence: the role is no part of the name.
        start += lead
        text = text[lead:]
    elif trade := _leading_trade(text, rules):
        # "Carmaker Nissan", "Bookmaker William Hill" opening a sentence: the firm is the name.
        lead, firms_only = trade
        if firms_only:
            label = "ORG"
        start += lead
        text = text[lead:]
    if label == "ORG" and (office_prefix := rules.office_prefix.match(text)) and _is_full_name(text[office_prefix.end() :], rules):
        # "Gov. Ann Reyes", "Attorney General Ken Paxton" read as an organisation: an office and
        # its holder, a person.
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
    """The office nearest the name in a title prefix ("US President" -> "President"); None
    when a word the rules do not know qualifies it ("Transport Secretary")."""
    offices = list(rules.office_word.finditer(prefix))
    if not offices or _qualified_office(prefix, offices[-1].start(), rules):
        return None
    return offices[-1].group(1)


def _qualified_office(text: str, office_start: int, rules: ActorRules) -> bool:
    """Whether a capitalised word right before the office at `office_start` makes it another
    office ("Transport [Secretary]", "Culture [Minister]"), which the rules do not list: the
    office alone ("Secretary Haigh") is then not what was written. A country, a nationality,
    a modifier, a listed office, a day or a word that starts sentences before it leaves it
    whole ("US President", "Former President", "Later President")."""
    word = _WORD_BEFORE.search(text, max(0, office_start - _WORD_WINDOW), office_start)
    if word is None or not word.group(1)[:1].isupper() or word.group(1).isupper():
        return False
    written, key = word.group(1), alias_key(word.group(1))
    if written in rules.sentence_words or written in rules.calendar_words:
        return False
    return not (key in rules.titles or key in rules.demonyms or key in rules.countries)


def _leading_demonyms(text: str, rules: ActorRules) -> int:
    """Length of the nationality words leading a longer span, 0 if none or nothing after."""
    for number, token in enumerate(_TOKEN.finditer(text)):
        if alias_key(token.group()) not in rules.demonyms:
            return token.start() if number and token.group()[:1].isupper() else 0
    return 0


def _leading_role(text: str, rules: ActorRules) -> int:
    """Length of a capitalised person cue ("Singer", "Rappers") leading a name of two words or
    more, 0 if none: a lone word after it may be the surname the cue is ("Judge", "Singer")."""
    first, _, rest = text.partition(" ")
    if not rest or len(rest.split()) < 2 or not rest[:1].isupper():
        return 0
    key = alias_key(first)
    # An office ("President", "Judge") stays: the office rules keep it beside the name.
    if key not in rules.person_cue_words or key in rules.titles:
        return 0
    return len(first) + 1


def _leading_trade(text: str, rules: ActorRules) -> tuple[int, bool] | None:
    """A capitalised trade ("Retailer", "Broadcaster") leading a name: its length with the space
    after it, and whether only firms have it; None if none."""
    first, _, rest = text.partition(" ")
    if not rest[:1].isupper() or not first[:1].isupper():
        return None
    key = alias_key(first)
    if key in rules.leading_trade_nouns:
        return len(first) + 1, True
    return (len(first) + 1, False) if key in rules.leading_trades_of_people else None


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
    # "Sri Lankan", "New Yorkers": a demonym of several words is listed whole.
    if key in rules.demonyms or all(word in rules.demonyms for word in key_words):
        return True
    if key_words and key_words[-1] in rules.desk_words:
        return True
    if len(key_words) >= 2 and not rules.treaty_words.isdisjoint(key_words) and _names_treaty(key_words, rules.treaty_words):
        return True
    if len(key_words) < 2 or key_words[-1] not in rules.event_words:
        return False
    # "Grammy Awards" read as a person: a plural of an event's noun ends no one's name ("Masters"
    # and "Games" are no plurals of the list's words, and stay).
    return label != "PERSON" or (key_words[-1].endswith("s") and key_words[-1][:-1] in rules.event_words)


_TREATY_PARTICLES = frozenset({"on", "of", "for", "against", "to"})


def _names_treaty(key_words: list[str], treaty_words: frozenset[str]) -> bool:
    """"European Convention on Human Rights", "Treaty of Nice", "Kyoto Protocol": a treaty's
    noun as the name's head (before 'on', 'of', 'for', 'against', 'to') or its last word names an
    agreement, which no one is ("Treaty Organization" names the body that runs one)."""
    last = len(key_words) - 1
    return any(
        word in treaty_words and (index == last or key_words[index + 1] in _TREATY_PARTICLES)
        for index, word in enumerate(key_words)
    )
