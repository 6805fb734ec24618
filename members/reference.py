"""Reference data kept in the repository: UNESCO regions and World Bank income groups by country,
the ISCED-F 2013 fields of education and their names in the other UN languages."""

import csv
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

DATA_DIR = Path(__file__).resolve().parent / "data"


def _read(name: str, column: str) -> dict[str, str]:
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["country"]: row[column] for row in rows}


@cache
def unesco_regions() -> dict[str, str]:
    return _read("unesco_regions.csv", "region")


@cache
def income_groups() -> dict[str, str]:
    return _read("world_bank_income_groups.csv", "income_group")


def region_for_country(country: str) -> str:
    return unesco_regions()[str(country)]


def income_group_for_country(country: str) -> str:
    """The World Bank income group, or "" for economies the World Bank does not classify."""
    return income_groups().get(str(country), "")


def isced_fields() -> list[dict]:
    """ISCED-F 2013 rows (code, level, name, parent), parents before children."""
    with open(DATA_DIR / "isced_f_2013.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def isced_field_names() -> dict[str, dict[str, str]]:
    """ISCED-F names in ar, zh-hans, fr, ru and es by code (broad, narrow and detailed)."""
    with open(DATA_DIR / "isced_f_2013_names.csv", encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row.pop("code"): row for row in rows}


# Course accessibility features people commonly list (free text otherwise, shown as written).
ACCESSIBILITY_FEATURES = {
    "captions": _("captions"),
    "transcripts": _("transcripts"),
    "audio description": _("audio description"),
    "keyboard navigation": _("keyboard navigation"),
    "sign language": _("sign language"),
    "screen reader support": _("screen reader support"),
}


def accessibility_label(feature: str) -> str:
    return str(ACCESSIBILITY_FEATURES.get(feature.strip().lower(), feature))
