"""The viewer's time zone: the signed-in person's setting, else the `tz` cookie, else UTC.

Times are stored in UTC. `ViewerTimeZoneMiddleware` activates the viewer's zone, so templates
show datetimes in it; pages that show times offer the `{% time_zone_form %}` tag to change it, a
plain form that works without JavaScript.
"""

import zoneinfo
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

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
