"""Dates, ranges, numbers, money and zones in each of the six languages (no database)."""

import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

START, END = dt.date(2020, 12, 9), dt.date(2020, 12, 11)
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
EXPECTED = {
    # language: (DATE_FORMAT, date range, range across months, money, number)
    "en": ("9 December 2020", "9–11 December 2020", "30 November – 2 December 2020",
           "USD\xa01,932.50", "1,932"),
    "fr": ("9 décembre 2020", "9–11 décembre 2020", "30 novembre – 2 décembre 2020",
           "1\u202f932,50\xa0USD", "1\u202f932"),
    "es": ("9 de diciembre de 2020", "9–11 de diciembre de 2020",
           "30 de noviembre – 2 de diciembre de 2020", "1.932,50\xa0USD", "1.932"),
    "ru": ("9 декабря 2020 г.", "9–11 декабря 2020 г.", "30 ноября – 2 декабря 2020 г.",
           "1\xa0932,50\xa0USD", "1\xa0932"),
    "zh-hans": ("2020年12月9日", "2020年12月9日至11日", "2020年11月30日至12月2日",
                "USD\xa01,932.50", "1,932"),
    "ar": ("9 ديسمبر 2020", "9–11 ديسمبر 2020", "30 نوفمبر – 2 ديسمبر 2020",
           "\u200f1,932.50\xa0USD", "1,932"),
}  # fmt: skip


def render(source: str, **context) -> str:
    return Template("{% load alliance_formats %}" + source).render(Context(context))


def plain(text: str) -> str:
    """CLDR's thin and narrow no-break spaces as plain spaces, to compare dates as read."""
    return text.translate({0x2009: " ", 0x202F: " ", 0xA0: " "})


@pytest.mark.parametrize("language", list(EXPECTED))
def test_dates_ranges_money_and_numbers_follow_the_locale(language):
    date, date_range, across, money, number = EXPECTED[language]
    with translation.override(language):
        assert plain(render('{{ d|date:"DATE_FORMAT" }}', d=START)) == date
        assert plain(render("{{ a|daterange:b }}", a=START, b=END)) == date_range
        after = {"a": dt.date(2020, 11, 30), "b": dt.date(2020, 12, 2)}
        assert plain(render("{{ a|daterange:b }}", **after)) == across
        assert plain(render("{{ a|daterange:a }}", a=START)) == date
        assert render('{{ x|money:"USD" }}', x=1932.5) == money
        assert render("{{ n|number }}", n=1932) == number


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "9 December 2020, 09:00–11:00"),
        ("ru", "9 декабря 2020 г., 09:00–11:00"),
        ("zh-hans", "2020年12月9日 09:00–11:00"),
        ("ar", "9 ديسمبر 2020، 09:00–11:00"),
    ],
)
def test_a_time_range_is_shown_in_the_active_zone_on_its_local_day(language, expected):
    start = dt.datetime(2020, 12, 9, 1, tzinfo=dt.UTC)
    with translation.override(language), timezone.override(SHANGHAI):
        two_hours = render("{{ a|datetimerange:b }}", a=start, b=start + dt.timedelta(hours=2))
        assert plain(two_hours) == expected
        # 23:00 UTC on the 8th is already the 9th in Shanghai.
        day = plain(render("{{ a|daterange }}", a=start - dt.timedelta(hours=2)))
        assert day == plain(render('{{ d|date:"DATE_FORMAT" }}', d=START))


def test_a_range_over_days_names_both_days_in_full():
    start = dt.datetime(2020, 12, 9, 1, tzinfo=dt.UTC)
    with translation.override("en"), timezone.override(SHANGHAI):
        two_days = render("{{ a|datetimerange:b }}", a=start, b=start + dt.timedelta(days=2))
        assert plain(two_days) == "9 December 2020, 09:00 – 11 December 2020, 09:00"


@pytest.mark.parametrize(
    ("language", "full", "month"),
    [
        ("en", "Wednesday, 9 December 2020", "December 2020"),
        ("ru", "среда, 9 декабря 2020 г.", "декабрь 2020 г."),
        ("zh-hans", "2020年12月9日星期三", "2020年12月"),
    ],
)
def test_cldr_dates(language, full, month):
    with translation.override(language):
        assert plain(render('{{ d|cldr_date:"full" }}', d=START)) == full
        assert plain(render('{{ d|cldr_date:"yMMMM" }}', d=START)) == month


def test_empty_values_render_nothing():
    assert render('{{ a|daterange }}{{ a|datetimerange }}{{ a|money:"USD" }}{{ a|number }}') == ""
