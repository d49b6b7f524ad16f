"""The date forms found in text of a language other than English, read by arithmetic.

`date_words` finds a language's dates with dateparser's own words for it: a day and month
with or without a year ("12 mars 2005", "lundi 1er mai"), a month and year, a weekday, and
the relative phrases at calendar units ("hier", "l'année dernière"). Reading each through
dateparser costs a millisecond or more, again for every publication day. These forms are
arithmetic on the publication date; here they are read from the same word lists, giving what
dateparser gives (tests/test_locale_dates.py compares the two over many languages and
dates). Anything else, or a day no month has, is left to dateparser.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from dateparser.languages import default_loader

from pipeline.enrich.common_dates import Reading, add_months, day_value, day_value_of
from pipeline.models import Granularity

_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")
_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_YEAR = r"(?P<year>1[5-9]\d\d|2[01]\d\d)"
# dateparser's relative keys: "1 day ago", "in 2 month", "0 year ago".
_RELATIVE_KEY = re.compile(r"(?:(?P<count>\d+) (?P<unit>day|month|year) ago|in (?P<ahead>\d+) (?P<ahead_unit>day|month|year))")


@dataclass(frozen=True)
class LocaleDates:
    """One language's month and weekday names and relative phrases, and the forms they make."""

    months: dict[str, int]
    weekdays: dict[str, int]
    relative: dict[str, tuple[int, str]]  # phrase -> (days, months or years to add; unit)
    forms: tuple[tuple[str, re.Pattern[str]], ...]


@lru_cache(maxsize=32)
def locale_dates(language: str) -> LocaleDates | None:
    """The language's words from dateparser's locale data; None for a language it lacks."""
    try:
        locale = default_loader.get_locale(language)
    except (KeyError, ValueError):
        return None
    if locale is None:
        return None
    info = locale.info
    # Short abbreviations ("jan", "lu", Italian "mar" for both March and Tuesday) are ordinary
    # words too often: each month's longest name, and other names of four letters or more.
    months = {
        name.lower(): number
        for number, key in enumerate(_MONTH_KEYS, start=1)
        for names in [info.get(key, [])]
        for name in names
        if name.isalpha() and (len(name) >= 4 or name == max(names, key=len))
    }
    weekdays = {
        name.lower(): number
        for number, key in enumerate(_WEEKDAY_KEYS)
        for name in info.get(key, [])
        if len(name) >= 4 and name.isalpha()
    }
    relative: dict[str, tuple[int, str]] = {}
    for key, phrases in info.get("relative-type", {}).items():
        shift = _RELATIVE_KEY.fullmatch(key)
        if shift is None:
            continue  # weeks, hours: not a calendar date at the archive's precisions
        if shift["count"] is not None:
            step = (-int(shift["count"]), shift["unit"])
        else:
            step = (int(shift["ahead"]), shift["ahead_unit"])
        relative.update({phrase.lower(): step for phrase in phrases})
    if not months:
        return None
    month = _alternation("month", months)
    # "12 de marzo de 2005", "1er mai": only in a language whose dateparser words skip "de"
    # (Spanish, Portuguese) or "er" (French); dateparser reads no "1º".
    skipped = info.get("skip", [])
    of = r"(?:de\s+)?" if "de" in skipped else ""
    day = r"(?P<day>1er|\d{1,2})" if "er" in skipped else r"(?P<day>\d{1,2})"
    forms = [
        ("day_month", rf"(?:{_alternation('weekday', weekdays)}\s+)?{day}\.?\s+{of}{month}(?:\s+{of}{_YEAR})?"),
        ("month_year", rf"{month}\s+{of}{_YEAR}"),
    ]
    if weekdays:
        forms.append(("weekday", _alternation("weekday", weekdays)))
    if relative:
        forms.append(("relative", _alternation("relative", relative)))
    return LocaleDates(months, weekdays, relative, tuple((name, re.compile(pattern)) for name, pattern in forms))


def read_locale_date(text: str, base: dt.datetime, language: str) -> Reading:
    """What dateparser reads in `text` (lower-cased, one of date_words' finds) in `language`
    against `base`, as a value at its precision; None when it is no form read here."""
    words = locale_dates(language)
    if words is None:
        return None
    day = base.date()
    for form, pattern in words.forms:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        if form == "day_month":
            if match["weekday"] is not None:
                return None  # a weekday beside the date: dateparser decides which wins
            number = 1 if match["day"] == "1er" else int(match["day"])
            year = int(match["year"]) if match["year"] else day.year
            return day_value(year, words.months[match["month"]], number) if number else None
        if form == "month_year":
            return f"{int(match['year']):04d}-{words.months[match['month']]:02d}", Granularity.MONTH
        if form == "weekday":
            back = (day.weekday() - words.weekdays[match["weekday"]]) % 7  # days since the last one
            return day_value_of(day - dt.timedelta(days=back))
        count, unit = words.relative[match["relative"]]
        if unit == "day":
            return day_value_of(day + dt.timedelta(days=count))
        if unit == "year":
            return f"{day.year + count:04d}", Granularity.YEAR
        year, month_number = add_months(day.year, day.month, count)
        return f"{year:04d}-{month_number:02d}", Granularity.MONTH
    return None


def _alternation(group: str, words: dict[str, object]) -> str:
    return f"(?P<{group}>" + "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)) + ")"
