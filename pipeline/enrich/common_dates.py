"""The date expressions news writes most, read without dateparser.

A bare year, a month and year, a full date, a weekday, "last year", "yesterday", "two
years ago": on the BBC corpus these are most of the DATE spans the model finds. Each costs
dateparser a millisecond or more (it tries its locales and looks for time zones), and a
relative one is parsed again for every publication day. Here they are arithmetic on the
publication date, giving exactly what dateparser gives for them (tests/test_common_dates.py
compares the two over many dates); anything else is left to dateparser.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from pipeline.models import Granularity

# A value at its precision, or None: not a form read here (ask dateparser).
Reading = tuple[str, Granularity] | None

# English month names and their usual abbreviations, lower-case -> 1..12. Written out, not
# taken from `calendar`, whose names follow the process's locale.
MONTH_WORDS = "january february march april may june july august september october november december".split()
MONTH_NUMBERS = {name: number for number, name in enumerate(MONTH_WORDS, start=1)}
MONTH_NUMBERS.update({name[:3]: number for number, name in enumerate(MONTH_WORDS, start=1)})
MONTH_NUMBERS["sept"] = 9
_WEEKDAYS = {name: number for number, name in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
_MONTH = "(?P<month>" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + ")"
_WEEKDAY = "(?P<weekday>" + "|".join(_WEEKDAYS) + ")"
_YEAR = r"(?P<year>1[5-9]\d\d|2[01]\d\d)"
_DAY = r"(?P<day>[1-9]|[12]\d|3[01])"

_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("year", _YEAR),
        ("month_year", rf"{_MONTH}\s+{_YEAR}"),
        ("date", rf"{_DAY}\s+{_MONTH}\s+{_YEAR}"),
        ("date", rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}"),
        ("day_month", rf"{_DAY}\s+{_MONTH}"),
        ("day_month", rf"{_MONTH}\s+{_DAY}"),
        ("weekday", rf"(?:(?P<which>last|next|this)\s+)?{_WEEKDAY}"),
        ("shifted", r"(?P<which>last|this|next)\s+(?P<unit>year|month)"),
        ("named_day", r"(?P<named>today|yesterday|tomorrow)"),
        ("ago", r"(?P<count>[1-9]\d?)\s+(?P<unit>day|month|year)s?\s+ago"),
    )
)
_NAMED_DAYS = {"yesterday": -1, "today": 0, "tomorrow": 1}
# Which year or month "last", "this" and "next" name, from the publication's.
SHIFTS = {"last": -1, "this": 0, "next": 1}


def read_common_date(text: str, base: dt.datetime) -> Reading:
    """What dateparser reads in `text` (already cleaned of hedges) against `base`, as a
    value at its precision; None when `text` is not one of the common forms."""
    for form, pattern in _FORMS:
        match = pattern.fullmatch(text)
        if match is not None:
            return _READERS[form](match.groupdict(), base.date())
    return None


def _year(parts: dict[str, str], base: dt.date) -> Reading:
    return f"{int(parts['year']):04d}", Granularity.YEAR


def _month_year(parts: dict[str, str], base: dt.date) -> Reading:
    return f"{int(parts['year']):04d}-{MONTH_NUMBERS[parts['month'].lower()]:02d}", Granularity.MONTH


def _date(parts: dict[str, str], base: dt.date) -> Reading:
    return day_value(int(parts["year"]), MONTH_NUMBERS[parts["month"].lower()], int(parts["day"]))


def _day_month(parts: dict[str, str], base: dt.date) -> Reading:
    # dateparser puts a day and month in the publication year; it reads a 29 February in
    # another year its own way, so that is left to it.
    return day_value(base.year, MONTH_NUMBERS[parts["month"].lower()], int(parts["day"]))


def _weekday(parts: dict[str, str], base: dt.date) -> Reading:
    back = (base.weekday() - _WEEKDAYS[parts["weekday"].lower()]) % 7  # days since the last one (0: today)
    which = (parts["which"] or "").lower()
    if which == "last":
        days = -(back or 7)
    elif which == "next":
        days = 7 - back if back else 7
    elif which == "this":
        days = (7 - back) % 7
    else:
        days = -back
    return day_value_of(base + dt.timedelta(days=days))


def _shifted(parts: dict[str, str], base: dt.date) -> Reading:
    shift = SHIFTS[parts["which"].lower()]
    if parts["unit"].lower() == "year":
        return f"{base.year + shift:04d}", Granularity.YEAR
    year, month = add_months(base.year, base.month, shift)
    return f"{year:04d}-{month:02d}", Granularity.MONTH


def _named_day(parts: dict[str, str], base: dt.date) -> Reading:
    return day_value_of(base + dt.timedelta(days=_NAMED_DAYS[parts["named"].lower()]))


def _ago(parts: dict[str, str], base: dt.date) -> Reading:
    count, unit = int(parts["count"]), parts["unit"].lower()
    if unit == "day":
        return day_value_of(base - dt.timedelta(days=count))
    if unit == "year":
        return f"{base.year - count:04d}", Granularity.YEAR
    year, month = add_months(base.year, base.month, -count)
    return f"{year:04d}-{month:02d}", Granularity.MONTH


_READERS = {
    "year": _year,
    "month_year": _month_year,
    "date": _date,
    "day_month": _day_month,
    "weekday": _weekday,
    "shifted": _shifted,
    "named_day": _named_day,
    "ago": _ago,
}


def day_value(year: int, month: int, day: int) -> Reading:
    if day > calendar.monthrange(year, month)[1]:
        return None  # no such day: dateparser's own reading (often none) stands
    return f"{year:04d}-{month:02d}-{day:02d}", Granularity.DAY


def day_value_of(date: dt.date) -> Reading:
    return date.isoformat(), Granularity.DAY


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1
