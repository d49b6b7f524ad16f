"""The common date forms are read without dateparser, and read exactly as dateparser reads them."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.enrich import dates
from pipeline.enrich.common_dates import read_common_date

_MONTHS = ["January", "february", "MARCH", "Apr", "May", "June", "Jul", "Aug", "Sept", "sep", "October", "Nov", "December"]
_WEEKDAYS = ["Monday", "tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "SUNDAY"]
_years = st.integers(1500, 2199)
_days = st.integers(1, 31)
_months = st.sampled_from(_MONTHS)


@st.composite
def _common_expressions(draw: st.DrawFn) -> str:
    form = draw(st.integers(0, 9))
    if form == 0:
        return str(draw(_years))
    if form == 1:
        return f"{draw(_months)} {draw(_years)}"
    if form == 2:
        return f"{draw(_days)} {draw(_months)} {draw(_years)}"
    if form == 3:
        return f"{draw(_months)} {draw(_days)}{draw(st.sampled_from([',', '']))} {draw(_years)}"
    if form == 4:
        return f"{draw(_days)} {draw(_months)}"
    if form == 5:
        return f"{draw(_months)} {draw(_days)}"
    if form == 6:
        return f"{draw(st.sampled_from(['', 'last ', 'next ', 'this ', 'Last ']))}{draw(st.sampled_from(_WEEKDAYS))}"
    if form == 7:
        return f"{draw(st.sampled_from(['last', 'this', 'next', 'Last', 'This']))} {draw(st.sampled_from(['year', 'month']))}"
    if form == 8:
        return draw(st.sampled_from(["today", "Today", "yesterday", "Yesterday", "tomorrow"]))
    count = draw(st.integers(1, 40))
    unit = draw(st.sampled_from(["day", "month", "year"]))
    return f"{count} {unit}{'s' if count != 1 else ''} ago"


_bases = st.datetimes(min_value=dt.datetime(1950, 1, 1), max_value=dt.datetime(2080, 12, 31)).map(
    lambda moment: dt.datetime.combine(moment.date(), dt.time(12))
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_common_expressions(), _bases)
def test_a_common_form_reads_as_dateparser_reads_it(text: str, base: dt.datetime) -> None:
    expected = dates._parse(text, base)  # dateparser itself
    assert read_common_date(text, base) in (expected, None), (text, base)


def test_the_common_forms_are_read_without_dateparser() -> None:
    base = dt.datetime(2005, 3, 2, 12)  # a Wednesday
    for text, value in (
        ("2004", "2004"),
        ("Sept 2004", "2004-09"),
        ("27 February 2005", "2005-02-27"),
        ("February 27, 2005", "2005-02-27"),
        ("11 September", "2005-09-11"),
        ("Tuesday", "2005-03-01"),
        ("next Tuesday", "2005-03-08"),
        ("Last year", "2004"),
        ("next month", "2005-04"),
        ("yesterday", "2005-03-01"),
        ("3 days ago", "2005-02-27"),
        ("14 months ago", "2004-01"),
    ):
        reading = read_common_date(text, base)
        assert reading is not None and reading[0] == value, (text, reading)


def test_a_day_the_month_does_not_have_is_left_to_dateparser() -> None:
    base = dt.datetime(2005, 3, 2, 12)
    assert read_common_date("31 April 2005", base) is None
    assert read_common_date("29 February", base) is None  # 2005 is not a leap year
    assert read_common_date("29 February", dt.datetime(2004, 3, 2, 12)) == ("2004-02-29", dates.Granularity.DAY)


def test_other_expressions_are_left_to_dateparser() -> None:
    base = dt.datetime(2005, 3, 2, 12)
    for text in ("the first half of 2005", "2 weeks ago", "this week", "Christmas", "2005-03-04", "in two months"):
        assert read_common_date(text, base) is None, text
