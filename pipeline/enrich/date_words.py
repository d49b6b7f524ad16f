"""Date expressions in languages whose model has no DATE entity, found with dateparser's words.

dateparser knows, for some 200 languages, the names of the months and weekdays and the words
for "yesterday", "next month" and the like. Those words, with day numbers and years around
them, find the expressions ("12 mars 2024", "mars 2024", "mardi", "l'année dernière", "2024-03-12");
each is read by arithmetic from the same words where it is one of those forms
(pipeline.enrich.locale_dates), else by dateparser in that language, as the English path
reads the model's DATE spans.
A language dateparser does not know gets the numeric forms only.

A year standing alone ("en 2030", "d'ici 2030") is a date only after one of the words the
language table lists for it (`year_words`): a bare four-digit figure is as often a count.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

import ahocorasick
from dateparser.date import DateDataParser
from dateparser.languages import default_loader

from pipeline.enrich.dates import NO_CALENDAR_DATE, calendar_value
from pipeline.enrich.locale_dates import locale_dates, read_locale_date
from pipeline.enrich.tense import dates_by_tense
from pipeline.models import DateMention, Granularity

_NUMERIC = r"\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4}"
_YEAR = r"(?:1[5-9]|2[01])\d\d"
# A base far from any real publication date: only expressions that ignore it parse the same.
_PROBE_BASE = dt.datetime(1901, 7, 15, 12, 0)
_HAS_YEAR = re.compile(_YEAR)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=32)
def _pattern(language: str) -> re.Pattern[str]:
    """The language's date expressions in lower-cased text (the words are dateparser's, lower
    case). A lookahead for the characters an expression can start with leads: `re` tries
    every place in the text, and at most places that one test fails where the lookbehind and
    the whole alternation would be tried. Scanning lower-cased text with it takes about a
    third of the time a case-insensitive scan takes (French news: 0.26 -> 0.09 ms an article)."""
    return re.compile(_source(language, word_boundary=True))


@lru_cache(maxsize=32)
def _pattern_any_case(language: str) -> re.Pattern[str]:
    """The same, for the rare text whose lower-cased form is longer ("İ" becomes two
    characters), where offsets in the lower-cased text would not be offsets in the text. It
    keeps the lookbehind: ignoring case, a first character may match one that is no word
    character (Greek "ι" matches U+0345), where a word boundary would say otherwise."""
    return re.compile(_source(language, word_boundary=False), re.IGNORECASE)


def _source(language: str, *, word_boundary: bool) -> str:
    words = locale_dates(language)
    if words is None:
        return rf"\b(?:{_NUMERIC})\b"
    month = _alternation(list(words.months))
    forms = [
        _NUMERIC,
        rf"(?:(?:{_alternation(list(words.weekdays))})\s+)?(?:1er|1º|\d{{1,2}})\.?\s+(?:de\s+)?(?:{month})(?:\s+(?:de\s+)?{_YEAR})?",
        rf"(?:{month})\s+(?:de\s+)?{_YEAR}",
    ]
    if words.weekdays:
        forms.append(_alternation(list(words.weekdays)))
    if words.relative:
        forms.append(_alternation(list(words.relative)))
    firsts = {word[0] for word in (*words.months, *words.weekdays, *words.relative) if word}
    starts = r"\d" + "".join(re.escape(character) for character in sorted(firsts))
    # In lower-cased text, where every first character is a word character, a word boundary
    # before one is the lookbehind's answer, and `re` tests it faster (0.098 -> 0.084 ms a
    # French article).
    words_first = all(character.isalnum() or character == "_" for character in firsts)
    lead = rf"\b(?=[{starts}])" if word_boundary and words_first else rf"(?=[{starts}])(?<!\w)"
    return rf"{lead}(?:{'|'.join(forms)})(?!\w)"


def _expressions(body: str, language: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, lower-cased text) of each date expression in `body`."""
    lowered = body.lower()
    if len(lowered) == len(body) and not _other_digits_in(lowered):
        # The pattern tried only where an expression can start, in order, from the end of the
        # last one found: the matches `finditer` gives, for a fraction of its time (`re`
        # runs the pattern at every place of the text; French news: 0.085 -> 0.03 ms).
        pattern = _pattern(language)
        after_last = 0
        for start in _possible_starts(lowered, language):
            if start >= after_last and (match := pattern.match(lowered, start)) is not None:
                after_last = match.end()
                yield start, after_last, match.group(0)
    elif len(lowered) == len(body):
        for match in _pattern(language).finditer(lowered):
            yield match.start(), match.end(), match.group(0)
    else:
        for match in _pattern_any_case(language).finditer(body):
            yield match.start(), match.end(), match.group(0).lower()


# Every decimal digit `\d` matches past ASCII's lies in these two ranges (checked in
# tests/test_enrich_speedups.py); a text holding one is scanned by `finditer` (Arabic, Devanagari,
# fullwidth digits), where the automaton below knows ASCII's digits only. The ranges hold whole
# scripts' letters too (Greek, Cyrillic, Arabic, Hebrew): such text is scanned by `finditer` too.
_OTHER_DIGITS = re.compile("[\u0660-\u1c59\ua620-\U0001fbf9]")


def _other_digits_in(text: str) -> bool:
    """Whether the text may hold a decimal digit past ASCII: a character of `_OTHER_DIGITS`'s
    ranges, which hold every such digit and the letters of the scripts between them. Below
    U+0100 ASCII's digits are the only ones: a text Latin-1 holds (most Western European text)
    answers False at the cost of a copy."""
    if text.isascii():
        return False
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return _OTHER_DIGITS.search(text) is not None
    return False


@lru_cache(maxsize=32)
def _leading_words(language: str) -> ahocorasick.Automaton:
    """The ASCII digits and the words an expression of `language` can start with (its
    months, weekdays and relative words, as the pattern lists them), in one automaton."""
    words = locale_dates(language)
    leading = set("0123456789")
    if words is not None:
        leading |= {word for word in (*words.months, *words.weekdays, *words.relative) if word}
    automaton = ahocorasick.Automaton()
    for word in leading:
        automaton.add_word(word, len(word))
    automaton.make_automaton()
    return automaton


def _possible_starts(lowered: str, language: str) -> list[int]:
    """In ascending order, every place of lower-cased text where `_pattern(language)` can
    match: after no word character (its lead), at a digit (the numeric forms, a day's number)
    or at one of the language's words (a weekday, a month, a relative word). One pass of an
    automaton: `re` looking for digits alone tries every place as the whole pattern does."""
    starts = set()
    for last, length in _leading_words(language).iter(lowered):
        start = last + 1 - length
        if start == 0 or not _word_character(lowered[start - 1]):
            starts.add(start)
    return sorted(starts)


def _word_character(character: str) -> bool:
    """What `\\w` matches (str.isalnum is Unicode's letters and digits, as `re` reads them)."""
    return character.isalnum() or character == "_"


def date_mentions_in(
    body: str, published_at: dt.datetime | None, language: str, year_words: Sequence[str] = ()
) -> list[DateMention]:
    """The date expressions of `body`, in `language`, at their own precision; relative ones
    are resolved against `published_at` and left out without it. A year alone counts after
    one of `year_words`."""
    base = dt.datetime.combine(published_at.astimezone(dt.UTC).date(), dt.time(12)) if published_at else None
    mentions: list[DateMention] = []
    for start, end, lowered in _expressions(body, language):
        resolved = _read(lowered, base or _PROBE_BASE, language)
        if resolved is None:
            continue
        relative = _read(lowered, _PROBE_BASE, language) != resolved or not _HAS_YEAR.search(lowered)
        if relative and base is None:
            continue
        value, granularity = resolved
        mentions.append(
            DateMention(text=body[start:end], value=value, granularity=granularity, start=start, end=end, relative=relative)
        )
    if year_words:
        taken = [(mention.start, mention.end) for mention in mentions]
        for start, end in _lone_years(body, tuple(year_words)):
            if not any(start < other_end and other_start < end for other_start, other_end in taken):
                mentions.append(
                    DateMention(text=body[start:end], value=body[start:end], granularity=Granularity.YEAR, start=start, end=end)
                )
        mentions.sort(key=lambda mention: mention.start)
    return dates_by_tense(mentions, body, base, language)


def _lone_years(body: str, year_words: tuple[str, ...]) -> Iterator[tuple[int, int]]:
    """(start, end) of each year that follows one of `year_words` ("en 2030", "mi-2025").

    The years are found first and the words looked for only before them: a text holds a few
    years, where scanning for the words tries the whole alternation at nearly every letter
    (French news: about 0.11 -> 0.02 ms an article). The same spans as the scan, which words
    holding a digit or a separator still take (their match could reach past a year)."""
    pattern = _year_after(year_words)
    lengths = _word_lengths(year_words)
    if lengths is None:
        for match in pattern.finditer(body):
            yield match.start("year"), match.end("year")
        return
    for year in _YEAR_AFTER_SEPARATOR.finditer(body):
        start = year.start()
        # Back over the separators before it (the pattern's [\s\-]+, whose \s is str.isspace).
        words_end = start - 1
        while words_end > 0 and (body[words_end - 1].isspace() or body[words_end - 1] == "-"):
            words_end -= 1
        for length in lengths:
            found = pattern.match(body, words_end - length) if words_end >= length else None
            if found is not None and found.start("year") == start:
                yield start, found.end("year")
                break


# A year after a separator, as `_year_after` reads one: the words before it are checked after.
# Its first two digits (those of _YEAR) come before the look back at the separator, so `re` skips to each 1 or 2
# in C, where a look-behind first is tried at every character (0.041 -> 0.015 ms an article).
_YEAR_AFTER_SEPARATOR = re.compile(r"(?:1[5-9]|2[01])(?<=[\s\-]..)\d\d(?!\d|[.,]\d|\s?%|\s\d{3}(?!\d))")


@lru_cache(maxsize=32)
def _word_lengths(year_words: tuple[str, ...]) -> tuple[int, ...] | None:
    """The lengths of the year words, longest first, or None where a word holds a digit or a
    separator (its match could start before another year or end inside the separators)."""
    if any(character.isdigit() or character.isspace() or character == "-" for word in year_words for character in word):
        return None
    # The pattern holds each word lower-cased, and matches it a character for a character.
    return tuple(sorted({len(word.lower()) for word in year_words}, reverse=True))


@lru_cache(maxsize=32)
def _year_after(year_words: tuple[str, ...]) -> re.Pattern[str]:
    # A typographic apostrophe is written as often as a straight one ("d’ici", "d'ici").
    words = "|".join(
        re.escape(word.lower()).replace("'", "['’]") for word in sorted(set(year_words), key=len, reverse=True)
    )
    # Not a year: a figure with more digits, decimals or a group of thousands after it, or a percentage.
    return re.compile(
        rf"(?<!\w)(?:{words})[\s\-]+(?P<year>{_YEAR})(?!\d|[.,]\d|\s?%|\s\d{{3}}(?!\d))", re.IGNORECASE
    )


def _read(text: str, base: dt.datetime, language: str) -> tuple[str, Granularity] | None:
    """The common forms by arithmetic, the rest by dateparser."""
    return read_locale_date(text, base, language) or _parse(text, base, language)


def _parse(text: str, base: dt.datetime, language: str) -> tuple[str, Granularity] | None:
    return NO_CALENDAR_DATE.read(text, language, lambda: _parse_against(text, base, language))


@lru_cache(maxsize=8_192)
def _parse_against(text: str, base: dt.datetime, language: str) -> tuple[str, Granularity] | None:
    return calendar_value(_parser(base, language).get_date_data(text))


@lru_cache(maxsize=256)
def _parser(base: dt.datetime, language: str) -> DateDataParser:
    try:
        languages = [language] if default_loader.get_locale(language) is not None else None
    except (KeyError, ValueError):
        languages = None
    return DateDataParser(
        languages=languages,
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DAY_OF_MONTH": "first",
            "PREFER_DATES_FROM": "current_period",
            "RETURN_AS_TIMEZONE_AWARE": False,
            "DATE_ORDER": "DMY",
        },
    )
