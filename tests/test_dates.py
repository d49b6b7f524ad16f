from __future__ import annotations

import datetime as dt

import pytest

from pipeline.enrich import dates
from pipeline.enrich.dates import date_mentions, parse_date_expression
from pipeline.models import Granularity

# A Friday.
PUBLISHED = dt.datetime(2025, 5, 9, 14, 30)


@pytest.mark.parametrize(
    ("text", "value", "granularity", "relative"),
    [
        ("30 April 2025", "2025-04-30", Granularity.DAY, False),
        ("April 30, 2025", "2025-04-30", Granularity.DAY, False),
        ("2025-04-30", "2025-04-30", Granularity.DAY, False),
        ("late April 2025", "2025-04", Granularity.MONTH, False),
        ("early 2024", "2024", Granularity.YEAR, False),
        ("mid-2024", "2024", Granularity.YEAR, False),
        ("2019", "2019", Granularity.YEAR, False),
        ("May 2019", "2019-05", Granularity.MONTH, False),
        ("on Tuesday", "2025-05-06", Granularity.DAY, True),
        ("Friday", "2025-05-09", Granularity.DAY, True),
        ("yesterday", "2025-05-08", Granularity.DAY, True),
        ("two days earlier", "2025-05-07", Granularity.DAY, True),
        ("three years ago", "2022", Granularity.YEAR, True),
        ("next month", "2025-06", Granularity.MONTH, True),
        ("last year", "2024", Granularity.YEAR, True),
        ("this year", "2025", Granularity.YEAR, True),
        ("the end of July", "2025-07", Granularity.MONTH, True),
        ("April 30", "2025-04-30", Granularity.DAY, True),
        # A month of a year named relative to publication.
        ("October last year", "2024-10", Granularity.MONTH, True),
        ("Feb. this year", "2025-02", Granularity.MONTH, True),
        ("March of next year", "2026-03", Granularity.MONTH, True),
        # "earlier"/"later" before this/last/next change no calendar unit.
        ("earlier this year", "2025", Granularity.YEAR, True),
        ("later this month", "2025-05", Granularity.MONTH, True),
        ("earlier last year", "2024", Granularity.YEAR, True),
        # A part of a named year is that year at our precision.
        ("the first quarter of 2024", "2024", Granularity.YEAR, False),
        ("second half of 2023", "2023", Granularity.YEAR, False),
        ("the last three months of 2024", "2024", Granularity.YEAR, False),
        ("the final quarter of last year", "2024", Granularity.YEAR, True),
    ],
)
def test_expressions_resolve_against_the_publication_date(
    text: str, value: str, granularity: Granularity, relative: bool
) -> None:
    parsed = parse_date_expression(text, PUBLISHED)
    assert parsed is not None, text
    assert (parsed.value, parsed.granularity, parsed.relative) == (value, granularity, relative)


@pytest.mark.parametrize(
    "text",
    [
        "the years", "recent years", "3-2", "the 1990s", "10 a.m.", "last week", "decades", "two weeks",
        # A part of a year that is not named, or a span that ends somewhere: no calendar value.
        "the first quarter", "last quarter", "three months to December", "earlier this week",
    ],
)
def test_non_calendar_expressions_are_left_out(text: str) -> None:
    assert parse_date_expression(text, PUBLISHED) is None


def test_without_a_publication_date_only_absolute_dates_are_kept() -> None:
    body = "On Tuesday, officials recalled the talks of March 2019 and of 2 June 2020."
    spans = [("Tuesday", body.index("Tuesday")), ("March 2019", body.index("March")), ("2 June 2020", body.index("2 June"))]
    undated = date_mentions(spans, body, None)
    assert [(m.text, m.value) for m in undated] == [("March 2019", "2019-03"), ("2 June 2020", "2020-06-02")]
    dated = date_mentions(spans, body, dt.datetime(2025, 5, 9, tzinfo=dt.UTC))
    assert [(m.text, m.value, m.relative) for m in dated][0] == ("Tuesday", "2025-05-06", True)


def test_offsets_point_at_the_text_and_trailing_punctuation_is_trimmed() -> None:
    body = "It happened in late April 2025, officials said."
    start = body.index("late")
    [mention] = date_mentions([("late April 2025,", start)], body, None)
    assert body[mention.start : mention.end] == "late April 2025" == mention.text


def test_a_timezone_aware_publication_date_is_read_in_utc() -> None:
    # 00:30 on Saturday in Seoul is still Friday in UTC: "yesterday" is Thursday.
    seoul = dt.timezone(dt.timedelta(hours=9))
    body = "It rained yesterday."
    [mention] = date_mentions([("yesterday", body.index("yesterday"))], body, dt.datetime(2025, 5, 10, 0, 30, tzinfo=seoul))
    assert mention.value == "2025-05-08"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("October", "2024-10"),  # five months ahead of May 2025 is far: last October
        ("August", "2025-08"),  # three months ahead is near: the coming August
        ("the end of July", "2025-07"),  # two months ahead is near: the coming July
        ("last July", "2024-07"),
        ("late last July", "2024-07"),
        ("next March", "2026-03"),
        ("this fiscal year", "2025"),
        ("last May", "2024-05"),
    ],
)
def test_month_names_without_a_year_mean_the_nearest_sensible_one(text: str, value: str) -> None:
    parsed = parse_date_expression(text, PUBLISHED)
    assert parsed is not None and parsed.value == value and parsed.relative


def test_year_ranges_give_both_years() -> None:
    body = "Deaths in 2009-2010 and in 1957-58 were higher."
    mentions = date_mentions([("2009-2010", body.index("2009")), ("1957-58", body.index("1957"))], body, None)
    assert [(m.text, m.value) for m in mentions] == [("2009", "2009"), ("2010", "2010"), ("1957", "1957"), ("58", "1958")]


def test_a_fiscal_year_written_with_one_digit_is_two_years_not_a_month() -> None:
    body = "Spending in 2005-6 rose."
    mentions = date_mentions([("2005-6", body.index("2005"))], body, None)
    assert [(m.text, m.value) for m in mentions] == [("2005", "2005"), ("6", "2006")]


def test_an_offset_compared_with_than_names_no_date() -> None:
    body = "The deal will end in 2006, five years earlier than expected, and two years later it was signed."
    spans = [(text, body.index(text)) for text in ("2006", "five years earlier", "two years later")]
    mentions = date_mentions(spans, body, dt.datetime(2005, 3, 15, tzinfo=dt.UTC))
    assert [(m.text, m.value) for m in mentions] == [("2006", "2006"), ("two years later", "2007")]


def test_a_year_run_into_the_count_after_it_is_the_year() -> None:
    body = "Since 1997 12 branches have closed."
    [mention] = date_mentions([("1997 12", body.index("1997"))], body, None)
    assert (mention.text, mention.value, mention.end) == ("1997", "1997", body.index("1997") + 4)


# -- texts without a calendar date are asked of dateparser once --------------------------------

_BASES = [dt.datetime(year, month, 28, 12) for year in (1999, 2004, 2005, 2024) for month in (1, 2, 6, 12)]


@pytest.mark.parametrize("text", ["last week", "this week", "past few months", "next three years", "year to March 2005", "coming years"])
def test_a_text_without_a_calendar_date_has_none_against_any_base(text: str) -> None:
    # What remembering such texts across publication dates rests on.
    assert {dates._parse_against(text, base) for base in _BASES} == {None}


def test_a_text_without_a_calendar_date_goes_to_dateparser_once() -> None:
    asked = dates._parse_against.cache_info().misses
    assert [dates._parse("the past 417 weeks", base) for base in _BASES[:3]] == [None, None, None]
    assert dates._parse_against.cache_info().misses == asked + 1


def test_a_text_with_a_date_is_still_read_against_each_base() -> None:
    assert [dates._parse("next month", base) for base in (dt.datetime(2005, 3, 1, 12), dt.datetime(2006, 7, 1, 12))] == [
        ("2005-04", Granularity.MONTH),
        ("2006-08", Granularity.MONTH),
    ]


# -- classes the held-out TimeBank+AQUAINT errors showed (sentences written here) ---------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Nov. 25", "2024-11-25"),  # six months back from May 2025: last November's
        ("July 2", "2025-07-02"),  # two months ahead is near: the coming one
        ("30 April", "2025-04-30"),
        ("12th of March", "2025-03-12"),
        ("Friday, Oct. 13", "2024-10-13"),
        ("last Oct. 23", "2024-10-23"),
        ("last May 12", "2024-05-12"),  # "last" is strictly before the publication day
        ("last May 2", "2025-05-02"),
        ("next May 1", "2026-05-01"),
    ],
)
def test_a_day_of_a_month_without_a_year_is_the_nearest_one(text: str, value: str) -> None:
    parsed = parse_date_expression(text, PUBLISHED)
    assert parsed is not None and (parsed.value, parsed.granularity, parsed.relative) == (value, Granularity.DAY, True)


@pytest.mark.parametrize(
    ("span", "end", "value"),
    [
        ("the quarter ended Sept. 30", "Sept. 30", "2025-09-30"),
        ("its fourth quarter ended yesterday", "yesterday", "2025-11-02"),
        ("the six months ending June 30, 2026", "June 30, 2026", "2026-06-30"),
        # Ended, so past even though January is near ahead of November.
        ("the fiscal year ended Jan. 31", "Jan. 31", "2025-01-31"),
        ("the year to March", "March", "2025-03"),
    ],
)
def test_a_period_named_by_its_end_is_dated_by_its_end(span: str, end: str, value: str) -> None:
    body = f"Profit fell in {span}, the firm said."
    mentions = date_mentions([(span, body.index(span))], body, dt.datetime(2025, 11, 3, tzinfo=dt.UTC))
    assert [(m.text, m.value, body[m.start : m.end]) for m in mentions] == [(end, value, end)]


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("between 2001 and 2004", [("2001", "2001"), ("2004", "2004")]),
        ("1998 to 2003", [("1998", "1998"), ("2003", "2003")]),
        ("from March 2 to April 9", [("March 2", "2025-03-02"), ("April 9", "2025-04-09")]),
        ("Tuesday through May 20", [("Tuesday", "2025-05-06"), ("May 20", "2025-05-20")]),
        ("May 3 and 4", [("May 3", "2025-05-03"), ("4", "2025-05-04")]),
        # Not two dates: one expression, read whole or not at all.
        ("the week to Friday and beyond", []),
    ],
)
def test_a_span_holding_two_dates_gives_both(span: str, expected: list[tuple[str, str]]) -> None:
    body = f"The fair ran {span} in the old market."
    mentions = date_mentions([(span, body.index(span))], body, PUBLISHED)
    assert [(m.text, m.value) for m in mentions] == expected
    assert all(body[m.start : m.end] == m.text for m in mentions)


@pytest.mark.parametrize(
    ("text", "value", "relative"),
    [
        ("Earlier Sunday", "2025-05-04", True),
        ("Later yesterday", "2025-05-08", True),
        ("sometime next year", "2026", True),
        ("almost four years ago", "2021", True),
        ("nearly three years ago", "2022", True),
        ("fiscal 2024", "2024", False),
        ("the current fiscal year", "2025", True),
        ("the current year", "2025", True),
    ],
)
def test_hedges_and_fiscal_words_leave_the_date_they_qualify(text: str, value: str, relative: bool) -> None:
    parsed = parse_date_expression(text, PUBLISHED)
    assert parsed is not None and (parsed.value, parsed.relative) == (value, relative), (text, parsed)


@pytest.mark.parametrize(
    ("text", "value", "granularity"),
    [
        ("nineteen eighty-four", "1984", Granularity.YEAR),
        ("nineteen seventy", "1970", Granularity.YEAR),
        ("March nineteen sixty-two", "1962-03", Granularity.MONTH),
        ("the year two thousand", "2000", Granularity.YEAR),
        ("two thousand and three", "2003", Granularity.YEAR),
        ("two thousand eleven", "2011", Granularity.YEAR),
    ],
)
def test_a_year_said_in_words_is_read_as_written_in_figures(text: str, value: str, granularity: Granularity) -> None:
    parsed = parse_date_expression(text, PUBLISHED)
    assert parsed is not None and (parsed.value, parsed.granularity, parsed.relative) == (value, granularity, False), parsed


@pytest.mark.parametrize("text", ["nineteen days", "two thousand years", "the past fifteen years"])
def test_counts_in_words_are_no_years(text: str) -> None:
    assert parse_date_expression(text, PUBLISHED) is None
