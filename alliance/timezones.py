"""The viewer's time zone: the signed-in person's setting, else the `tz` cookie, else UTC.

Times are stored in UTC. `ViewerTimeZoneMiddleware` activates the viewer's zone, so templates
show datetimes in it; pages that show times offer the `{% time_zone_form %}` tag to change it, a
plain form that works without JavaScript.
"""

import zoneinfo
from datetime import datetime
from functools import cache

from babel import Locale
from babel.core import get_global
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from alliance.i18n import babel_locale

COOKIE = "tz"
COOKIE_AGE = 365 * 24 * 3600


@cache
def _known_zones() -> frozenset[str]:
    """The IANA database's zones, read once (listing them scans the disk: about 6 ms)."""
    return frozenset(zoneinfo.available_timezones())


@cache
def zone_names() -> list[str]:
    """IANA zone names people pick from: the canonical Area/City zones and UTC."""
    names = {
        name
        for name in _known_zones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
    }
    return ["UTC", *sorted(names)]


# The zones the chooser offers, by UN M49 region (CLDR names the regions): about one per country
# or large metropolitan area, current IANA names only (Asia/Kolkata, not Asia/Calcutta).
CHOOSER_ZONES = {
    "002": (
        "Africa/Abidjan Africa/Accra Africa/Algiers Africa/Lagos Africa/Kinshasa Africa/Casablanca"
        " Africa/Tunis Africa/Cairo Africa/Johannesburg Africa/Maputo Africa/Khartoum"
        " Africa/Nairobi Africa/Addis_Ababa Africa/Dar_es_Salaam Africa/Dakar Atlantic/Cape_Verde"
        " Indian/Mauritius"
    ),
    "019": (
        "America/St_Johns America/Halifax America/Toronto America/New_York America/Chicago"
        " America/Denver America/Phoenix America/Los_Angeles America/Anchorage Pacific/Honolulu"
        " America/Mexico_City America/Panama America/Havana America/Santo_Domingo America/Bogota"
        " America/Lima America/Caracas America/La_Paz America/Santiago America/Sao_Paulo"
        " America/Argentina/Buenos_Aires America/Montevideo America/Nuuk"
    ),
    "142": (
        "Asia/Dubai Asia/Riyadh Asia/Baghdad Asia/Tehran Asia/Jerusalem Asia/Beirut Asia/Amman"
        " Asia/Kabul Asia/Karachi Asia/Tashkent Asia/Almaty Asia/Kolkata Asia/Kathmandu Asia/Dhaka"
        " Asia/Yangon Asia/Bangkok Asia/Ho_Chi_Minh Asia/Jakarta Asia/Singapore Asia/Manila"
        " Asia/Shanghai Asia/Taipei Asia/Seoul Asia/Tokyo Asia/Ulaanbaatar Asia/Baku Asia/Tbilisi"
        " Asia/Yekaterinburg Asia/Novosibirsk Asia/Vladivostok Indian/Maldives"
    ),
    "150": (
        "Atlantic/Reykjavik Atlantic/Azores Europe/Lisbon Europe/London Europe/Madrid Europe/Paris"
        " Europe/Brussels Europe/Berlin Europe/Rome Europe/Warsaw Europe/Stockholm Europe/Budapest"
        " Europe/Athens Europe/Bucharest Europe/Helsinki Europe/Kyiv Europe/Istanbul Europe/Moscow"
    ),
    "009": (
        "Australia/Perth Australia/Adelaide Australia/Brisbane Australia/Sydney"
        " Pacific/Port_Moresby Pacific/Auckland Pacific/Fiji Pacific/Apia Pacific/Kiritimati"
    ),
}


@cache
def _old_names() -> dict[str, list[str]]:
    """CLDR keeps some old IANA names as keys (Europe/Kiev): the current name -> its old names."""
    names: dict[str, list[str]] = {}
    for old, current in get_global("zone_aliases").items():
        names.setdefault(current, []).append(old)
    return names


def _offset(name: str) -> str:
    """The zone's offset from UTC now, e.g. "UTC+8", "UTC+5:30", "UTC−3" (true minus sign)."""
    offset = datetime.now(zoneinfo.ZoneInfo(name)).utcoffset()
    minutes = int(offset.total_seconds() // 60)
    if not minutes:
        return "UTC"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{'+' if minutes > 0 else '−'}{hours}{f':{rest:02}' if rest else ''}"


def _city(name: str, locale: Locale) -> str:
    """CLDR's name of the zone's city in the locale (上海 for Asia/Shanghai in Chinese)."""
    if name == "UTC":
        return "UTC"
    for key in (name, *_old_names().get(name, ())):
        if city := locale.time_zones.get(key, {}).get("city"):
            return city
    return name.rsplit("/", 1)[-1].replace("_", " ")


def zone_label(name: str, language: str | None = None) -> str:
    """A zone as people recognise it, in the language: "Shanghai (UTC+8)", "Шанхай (UTC+8)"."""
    if name == "UTC":
        return "UTC"
    return f"{_city(name, babel_locale(language))} ({_offset(name)})"


def zone_choices(language: str | None = None, current: str = "") -> list[tuple[str, list]]:
    """The chooser's zones grouped by region in the language, each group by offset then city.

    The `current` zone is kept as the first choice if it is not in the list.
    """
    locale = babel_locale(language)
    groups = [("", [("UTC", "UTC")])]
    listed = {name for names in CHOOSER_ZONES.values() for name in names.split()}
    if current and current != "UTC" and current not in listed:
        groups[0][1].insert(0, (current, zone_label(current, language)))
    for region, names in CHOOSER_ZONES.items():
        zones = sorted(
            names.split(),
            key=lambda n: (datetime.now(zoneinfo.ZoneInfo(n)).utcoffset(), _city(n, locale)),
        )
        groups.append((locale.territories[region], [(n, zone_label(n, language)) for n in zones]))
    return groups


def zone_or_none(name: str | None) -> zoneinfo.ZoneInfo | None:
    if not name or name not in _known_zones():
        return None
    return zoneinfo.ZoneInfo(name)


def validate_time_zone(name: str) -> None:
    if zone_or_none(name) is None:
        raise ValidationError(_("“%(zone)s” is not a known time zone.") % {"zone": name})


def viewer_zone(request) -> zoneinfo.ZoneInfo:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        zone = zone_or_none(getattr(user, "time_zone", ""))
        if zone is not None:
            return zone
    return zone_or_none(request.COOKIES.get(COOKIE)) or zoneinfo.ZoneInfo("UTC")


def safe_next(request, fallback: str = "/") -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or fallback
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return fallback


def remember_zone(response, name: str) -> None:
    response.set_cookie(
        COOKIE, name, max_age=COOKIE_AGE, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE
    )
