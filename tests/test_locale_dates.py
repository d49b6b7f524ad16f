"""Dates in other languages' words are read by arithmetic exactly as dateparser reads them."""

from __future__ import annotations

import calendar
import functools
import datetime as dt
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.enrich import date_words
from pipeline.enrich.date_words import date_mentions_in
from pipeline.enrich.locale_dates import LocaleDates, locale_dates, read_locale_date
from pipeline.models import Granularity

LANGUAGES = ["fr", "es", "de", "it", "pt", "nl"]

_bases = st.datetimes(min_value=dt.datetime(1950, 1, 1), max_value=dt.datetime(2080, 12, 31)).map(
    lambda moment: dt.datetime.combine(moment.date(), dt.time(12))
)


@functools.cache
def _language_words(language: str) -> tuple[LocaleDates, dict[str, st.SearchStrategy]]:
    """A language's words and the strategies that draw them, built once per language (a
    strategy built anew in every example is checked anew by hypothesis in every example)."""
    words = locale_dates(language)
    assert words is not None
    return words, {
        "month": st.sampled_from(sorted(words.months)),
        "weekday": st.sampled_from(sorted(words.weekdays)),
        "relative": st.sampled_from(sorted(words.relative)),
        "weekday before a day": st.sampled_from(["", *(f"{name} " for name in sorted(words.weekdays))]),
    }


_FORMS = st.sampled_from(["day_month", "month_year", "weekday", "relative"])


@st.composite
def _expressions(draw: st.DrawFn) -> tuple[str, str, bool]:
    """(language, text, whether the text must be read here rather than left to dateparser)."""
    language = draw(st.sampled_from(LANGUAGES))
    words, drawn = _language_words(language)
    month_name = draw(drawn["month"])
    year = draw(st.integers(1500, 2199))
    form = draw(_FORMS)
    if form == "month_year":
        return language, f"{month_name}{draw(st.sampled_from([' ', ' de ']))}{year}", True
    if form == "weekday":
        return language, draw(drawn["weekday"]), True
    if form == "relative":
        return language, draw(drawn["relative"]), True
    day = draw(st.integers(1, 31))
    day_text = draw(st.sampled_from([str(day), f"{day:02d}", f"{day}."] + (["1er"] if day == 1 else [])))
    weekday = draw(drawn["weekday before a day"])
    with_year = draw(st.booleans())
    text = f"{weekday}{day_text} {month_name}{f' {year}' if with_year else ''}"
    month = words.months[month_name]
    fits = day <= calendar.monthrange(year if with_year else 2001, month)[1]
    return language, text, not weekday and with_year and fits


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_expressions(), _bases)
def test_a_locale_form_reads_as_dateparser_reads_it(expression: tuple[str, str, bool], base: dt.datetime) -> None:
    language, text, read_here = expression
    expected = date_words._parse_against(text, base, language)  # dateparser itself
    reading = read_locale_date(text, base, language)
    if read_here and expected is not None:
        assert reading == expected, (language, text, base)
    else:
        assert reading in (expected, None), (language, text, base)


def test_french_news_dates_are_read_without_dateparser() -> None:
    base = dt.datetime(2005, 3, 2, 12)  # a Wednesday
    for text, value in (
        ("12 mars 2005", ("2005-03-12", Granularity.DAY)),
        ("1er mai", ("2005-05-01", Granularity.DAY)),
        ("septembre 2004", ("2004-09", Granularity.MONTH)),
        ("lundi", ("2005-02-28", Granularity.DAY)),
        ("hier", ("2005-03-01", Granularity.DAY)),
        ("l'année dernière", ("2004", Granularity.YEAR)),
        ("le mois prochain", ("2005-04", Granularity.MONTH)),
    ):
        assert read_locale_date(text, base, "fr") == value == date_words._parse_against(text, base, "fr"), text


def test_a_day_no_month_has_and_a_language_without_words_are_left_to_dateparser() -> None:
    base = dt.datetime(2005, 3, 2, 12)
    assert read_locale_date("31 février 2005", base, "fr") is None
    assert read_locale_date("12 mars 2005", base, "xx") is None


def test_french_dates_found_in_text_keep_their_values() -> None:
    body = "Le 12 mars 2005, le conseil a voté. Hier, la grève a repris ; elle avait commencé en septembre 2004."
    found = date_mentions_in(body, dt.datetime(2005, 3, 15, 9, tzinfo=dt.UTC), "fr")
    assert [(mention.text, mention.value, mention.relative) for mention in found] == [
        ("12 mars 2005", "2005-03-12", False),
        ("Hier", "2005-03-14", True),
        ("septembre 2004", "2004-09", False),
    ]


_fillers = st.sampled_from(["le conseil", "À Paris", "İzmir", "ÉTÉ", "the", "2005", "a1", "l'", ", ", ". ", "\n", " ", "-", "Ǆ"])


# A piece of text: a filler, or (None) the example's date expression; each in one of three cases.
_PIECES = st.lists(st.one_of(_fillers, st.none()), min_size=1, max_size=8)
_CASINGS = st.sampled_from([str, str.upper, str.title])


@st.composite
def _texts(draw: st.DrawFn) -> tuple[str, str]:
    """(language, a text of date expressions in any case among words that are not dates)."""
    language, expression, _ = draw(_expressions())
    pieces = [expression if piece is None else piece for piece in draw(_PIECES)]
    cased = [draw(_CASINGS)(piece) for piece in pieces]
    return language, " ".join(cased)


@settings(max_examples=300, deadline=None)
@given(_texts())
def test_expressions_are_found_in_text_of_any_case_at_their_own_offsets(case: tuple[str, str]) -> None:
    language, body = case
    case_blind = re.compile(date_words._source(language, word_boundary=False), re.IGNORECASE)
    expected = [(match.start(), match.end(), match.group(0).lower()) for match in case_blind.finditer(body)]
    assert list(date_words._expressions(body, language)) == expected


def test_a_date_in_capitals_after_a_letter_that_lower_casing_lengthens_keeps_its_offsets() -> None:
    body = "İSTANBUL, LE 12 MARS 2005 : la séance est levée."
    found = date_mentions_in(body, dt.datetime(2005, 3, 15, 9, tzinfo=dt.UTC), "fr")
    assert [(mention.text, mention.value, body[mention.start : mention.end]) for mention in found] == [
        ("12 MARS 2005", "2005-03-12", "12 MARS 2005")
    ]


@settings(max_examples=300, deadline=None)
@given(_texts())
def test_the_word_boundary_lead_finds_what_the_lookbehind_finds(case: tuple[str, str]) -> None:
    """Lower-cased text is scanned with `\\b` where every expression starts with a word
    character: it must find exactly what "not after a word character" finds, glued to words or not."""
    language, body = case
    body = body.lower().replace(" ", "x", 1)
    assert date_words._pattern(language).pattern.startswith(r"\b(?=[")
    lookbehind = re.compile(date_words._source(language, word_boundary=False))
    assert [match.span() for match in date_words._pattern(language).finditer(body)] == [
        match.span() for match in lookbehind.finditer(body)
    ]


def test_text_of_any_case_keeps_the_lookbehind() -> None:
    # Ignoring case, Greek "ι" matches U+0345, which is no word character: a word boundary
    # would find a date glued to it; "not after a word character" does not.
    assert list(date_words._expressions("İ α\u0345ανουαρίου 2020", "el")) == []
