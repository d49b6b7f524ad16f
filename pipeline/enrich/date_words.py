"""Date expressions in languages whose model has no DATE entity, found with dateparser's words.

dateparser knows, for some 200 languages, the names of the months and weekdays and the words
for "yesterday", "next month" and the like. Those words, with day numbers and years around
them, find the expressions ("12 mars 2024", "mars 2024", "mardi", "l'année dernière", "2024-03-12");
dateparser then reads each in that language, as the English path reads the model's DATE spans.
A language dateparser does not know gets the numeric forms only.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from dateparser.date import DateDataParser
from dateparser.languages import default_loader

from pipeline.enrich.dates import NO_CALENDAR_DATE, calendar_value
from pipeline.enrich.tense import dates_by_tense
from pipeline.models import DateMention, Granularity

_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")
_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Relative expressions at the calendar units the archive keeps (weeks and hours are not).
_RELATIVE_UNITS = ("day", "month", "year")
_NUMERIC = r"\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4}"
_YEAR = r"(?:1[5-9]|2[01])\d\d"
# A base far from any real publication date: only expressions that ignore it parse the same.
_PROBE_BASE = dt.datetime(1901, 7, 15, 12, 0)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=32)
def _pattern(language: str) -> re.Pattern[str]:
    try:
        info = default_loader.get_locale(language).info
    except (KeyError, ValueError):
        return re.compile(rf"\b(?:{_NUMERIC})\b")
    # Short abbreviations ("jan", "lu") are ordinary words too often: each month's longest
    # name, and other names of four letters or more.
    months = [
        name
        for key in _MONTH_KEYS
        for names in [info.get(key, [])]
        for name in names
        if name.isalpha() and (len(name) >= 4 or name == max(names, key=len))
    ]
    weekdays = [name for key in _WEEKDAY_KEYS for name in info.get(key, []) if len(name) >= 4 and name.isalpha()]
    relative = [phrase for key, phrases in info.get("relative-type", {}).items() if _unit(key) in _RELATIVE_UNITS for phrase in phrases]
    month = _alternation(months)
    forms = [
        _NUMERIC,
        rf"(?:(?:{_alternation(weekdays)})\s+)?(?:1er|1º|\d{{1,2}})\.?\s+(?:de\s+)?(?:{month})(?:\s+(?:de\s+)?{_YEAR})?",
        rf"(?:{month})\s+(?:de\s+)?{_YEAR}",
    ]
    if weekdays:
        forms.append(_alternation(weekdays))
    if relative:
        forms.append(_alternation(relative))
    return re.compile(rf"(?<!\w)(?:{'|'.join(forms)})(?!\w)", re.IGNORECASE)


def _unit(key: str) -> str:
    """The unit of a dateparser relative key: "1 day ago" and "in 1 day" -> "day"."""
    words = key.split()
    return (words[2] if words[0] == "in" else words[1]) if len(words) >= 3 else ""


def date_mentions_in(body: str, published_at: dt.datetime | None, language: str) -> list[DateMention]:
    """The date expressions of `body`, in `language`, at their own precision; relative ones
    are resolved against `published_at` and left out without it."""
    base = dt.datetime.combine(published_at.astimezone(dt.UTC).date(), dt.time(12)) if published_at else None
    mentions: list[DateMention] = []
    for match in _pattern(language).finditer(body):
        text = match.group(0)
        resolved = _parse(text.lower(), base or _PROBE_BASE, language)
        if resolved is None:
            continue
        relative = _parse(text.lower(), _PROBE_BASE, language) != resolved or not re.search(_YEAR, text)
        if relative and base is None:
            continue
        value, granularity = resolved
        mentions.append(
            DateMention(text=text, value=value, granularity=granularity, start=match.start(), end=match.end(), relative=relative)
        )
    return dates_by_tense(mentions, body, base, language)


def _parse(text: str, base: dt.datetime, language: str) -> tuple[str, Granularity] | None:
    if NO_CALENDAR_DATE.holds(text, language):
        return None
    return NO_CALENDAR_DATE.noted(text, language, _parse_against(text, base, language))


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
