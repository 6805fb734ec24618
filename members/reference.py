"""Reference data kept in the repository: UNESCO regions and World Bank income groups by country."""

import csv
from functools import cache
from pathlib import Path

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
