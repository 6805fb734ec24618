"""Dates, ranges, numbers, money and zones in the reader's locale, for what Django's formats lack.

Single dates use Django's DATE_FORMAT (alliance/formats/ corrects Django's where it is wrong);
these filters use CLDR through Babel:

    {{ start|daterange:end }}          9–11 December 2020 · 2020年12月9日至11日
    {{ starts_at|datetimerange:ends_at }}   the same with times, in the active time zone
    {{ day|cldr_date:"full" }}         Wednesday 9 December 2020 (full, long, medium, short, or a
                                       CLDR skeleton such as "MMMEd" or "yMMMM")
    {{ count|number }}                 1,932 · 1 932 · 1.932
    {{ amount|money:"USD" }}           USD 1,932.50 · 1 932,50 USD
    {{ zone_name|zone_label }}         Shanghai (UTC+8) · 上海 (UTC+8)
"""

import re
from datetime import date, datetime

from babel import dates, numbers
from babel.lists import format_list
from django import template
from django.utils import timezone

from alliance import timezones
from alliance.i18n import babel_locale

register = template.Library()

STANDARD_FORMATS = {"full", "long", "medium", "short"}


def _local(value):
    """An aware datetime in the active zone, as Django's date filter shows it; a date as it is."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def cldr_date(value, style="long") -> str:
    if value in (None, ""):
        return ""
    value = _local(value)
    locale = babel_locale()
    if style in STANDARD_FORMATS:
        return dates.format_date(value, style, locale=locale)
    return dates.format_skeleton(style, value, locale=locale)


def _widened(patterns: list[str]) -> list[str]:
    """Interval patterns with the month written out: "d–d MMM y" -> "d–d MMMM y"."""
    return [re.sub(r"(?<![ML])([ML])\1\1(?![ML])", r"\1\1\1\1", part) for part in patterns]


def _date_interval(start: date, end: date, locale) -> str:
    """CLDR's interval "9–11 December 2020", from its yMMMMd patterns or yMMMd's widened."""
    if start == end:
        return dates.format_date(start, "long", locale=locale)
    formats = locale.interval_formats
    patterns = formats.get("yMMMMd") or {f: _widened(p) for f, p in formats["yMMMd"].items()}
    field = "y" if start.year != end.year else "M" if start.month != end.month else "d"
    return "".join(
        dates.parse_pattern(pattern).apply(day, locale)
        for pattern, day in zip(patterns[field], (start, end), strict=True)
    )


@register.filter
def daterange(start, end=None) -> str:
    """Two dates (or datetimes, on their local days) as one range; one date if on the same day."""
    if start in (None, ""):
        return ""
    start = _local(start)
    end = _local(end) if end else start
    start_day, end_day = [v.date() if isinstance(v, datetime) else v for v in (start, end)]
    return _date_interval(start_day, end_day, babel_locale())


@register.filter
def datetimerange(start: datetime, end: datetime | None = None) -> str:
    """Two datetimes in the active zone: "9 December 2020, 09:00–11:00", or both in full."""
    if start in (None, ""):
        return ""
    locale = babel_locale()
    start, end = _local(start), _local(end or start)
    glue = locale.datetime_formats["medium"].replace("'", "")

    def at(day: str, time: str) -> str:
        return glue.replace("{1}", day).replace("{0}", time)

    if start.date() == end.date():
        times = dates.format_interval(start.time(), end.time(), "Hm", locale=locale)
        return at(dates.format_date(start, "long", locale=locale), times)
    start_text, end_text = (
        at(
            dates.format_date(v, "long", locale=locale),
            dates.format_skeleton("Hm", v, locale=locale),
        )
        for v in (start, end)
    )
    return f"{start_text} – {end_text}"


@register.filter
def number(value) -> str:
    """A number with the locale's digit grouping (years and IDs stay as they are elsewhere)."""
    if value in (None, ""):
        return ""
    return numbers.format_decimal(value, locale=babel_locale())


@register.filter
def cldr_list(values) -> str:
    """Items joined the locale's way: "a, b and c", "a、b和c", "أ وب وج"."""
    return format_list([str(value) for value in values or ()], locale=babel_locale())


@register.filter
def money(amount, currency: str) -> str:
    """An amount with its ISO currency code where the locale puts the symbol: "USD 1,932.50"."""
    if amount in (None, ""):
        return ""
    locale = babel_locale()
    pattern = locale.currency_formats["standard"].pattern.replace("¤", "¤¤")
    if pattern.startswith("¤¤") and not pattern.startswith("¤¤\xa0"):
        pattern = "¤¤\xa0" + pattern[2:]  # CLDR's currency spacing, which Babel leaves out
    return numbers.format_currency(amount, currency, pattern, locale=locale)


@register.filter
def zone_label(name) -> str:
    return timezones.zone_label(str(name)) if name else ""
