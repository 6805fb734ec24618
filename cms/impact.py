"""The impact dashboard's figures (docs/programmes.md#impact-dashboard): computed for one
calendar year from the platform's data and the member reports the secretariat accepted, in a
fixed number of queries; the yearly report (cms.models.impact) publishes a copy of them.

Every figure has its source, its method and the SDG 4 targets it serves:
4.3 (equal access to tertiary education), 4.4 (skills for work) and 4.c (qualified teachers).
"""

from datetime import date

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cms.models.call import ApplicationState, CallApplication, CallKind
from members.models import (
    REPORT_FIGURES,
    Course,
    CourseSharingAgreement,
    IncomeGroup,
    MemberReport,
    Region,
    ReportStatus,
)
from members.reference import region_for_country
from members.selectors import public_institutions, published_courses
from projects.selectors import public_projects

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

# key -> (label, source, method, SDG targets); the order of the dashboard.
INDICATORS = {
    "members": (
        _("Member institutions"),
        _("Member directory"),
        _("Institutions listed in the public directory that joined by 31 December of the year."),
        (),
    ),
    "countries": (
        _("Countries"),
        _("Member directory"),
        _("Countries of the member institutions counted above."),
        (),
    ),
    "courses": (
        _("Courses in the catalog"),
        _("Course catalog"),
        _(
            "Published courses of the member institutions, added by the end of the year; a"
            " course offered jointly counts once."
        ),
        ("4.3", "4.4"),
    ),
    "projects": (
        _("Joint projects"),
        _("Project showcase"),
        _("Public projects started by the end of the year (or without a start date)."),
        ("4.3", "4.c"),
    ),
    "agreements": (
        _("Course-sharing agreements"),
        _("Agreements recorded by the member institutions"),
        _("Agreements in force on at least one day of the year."),
        ("4.3",),
    ),
    "reporting": (
        _("Institutions reporting"),
        _("Member reports"),
        _("Member reports for the year that the secretariat accepted."),
        (),
    ),
    "learners_reached": (
        _("Learners reached"),
        _("Member reports"),
        _("Sum of the learners the member institutions reported, in accepted reports."),
        ("4.3", "4.4"),
    ),
    "courses_shared": (
        _("Courses shared"),
        _("Member reports"),
        _("Sum of the courses shared with other institutions, in accepted reports."),
        ("4.3",),
    ),
    "teachers_trained": (
        _("Teachers trained"),
        _("Member reports"),
        _("Sum of the teachers trained, in accepted reports."),
        ("4.c",),
    ),
    "joint_projects": (
        _("Joint projects reported"),
        _("Member reports"),
        _(
            "Sum of the joint projects reported, in accepted reports (a project may be"
            " counted by each partner)."
        ),
        ("4.3", "4.c"),
    ),
    "exchanges": (
        _("Staff and student exchanges"),
        _("The alliance's staff-exchange calls and member reports"),
        _(
            "Applications accepted on the alliance's staff-exchange calls whose exchange starts"
            " in the year (or, without a period, accepted in the year), plus the other exchanges"
            " reported in accepted reports."
        ),
        ("4.c",),
    ),
}
SDG_TARGETS = {
    "4.3": _("equal access to affordable, quality technical, vocational and tertiary education"),
    "4.4": _("more youth and adults with relevant skills for employment and decent work"),
    "4.c": _("more qualified teachers, through international cooperation"),
}
# The figures counted per country, region and income group.
GEO_FIGURES = ("members", "courses", "projects", *REPORT_FIGURES)


def default_year() -> int:
    """The latest year with an accepted member report, else this year."""
    latest = (
        MemberReport.objects.filter(status=ReportStatus.ACCEPTED)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return latest or timezone.localdate().year


def _add(table: dict, key, figure: str, value: int) -> None:
    row = table.setdefault(key, dict.fromkeys(GEO_FIGURES, 0))
    row[figure] += value or 0


def compute(year: int) -> dict:
    """The year's figures, as plain data (what the JSON download and the yearly report hold):
    {"year", "indicators": {key: value}, "countries": [...], "regions": [...],
    "income_groups": [...]} (rows of GEO_FIGURES), in 7 queries."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    members = public_institutions().filter(Q(joined_on__isnull=True) | Q(joined_on__lte=end))
    courses = published_courses().filter(created_at__date__lte=end)
    by_place: dict[tuple, dict] = {}

    def place(prefix: str) -> list[str]:
        return [f"{prefix}country", f"{prefix}region", f"{prefix}income_group"]

    for *key, n in members.values_list(*place("")).annotate(n=Count("pk")).order_by():
        _add(by_place, tuple(key), "members", n)
    offered = (
        Course.institutions.through.objects.filter(course__in=courses, institution__in=members)
        .values_list(*place("institution__"))
        .annotate(n=Count("course_id", distinct=True))
        .order_by()
    )
    for *key, n in offered:
        _add(by_place, tuple(key), "courses", n)
    projects = public_projects().filter(
        Q(start_date__isnull=True) | Q(start_date__lte=end), lead_institution__in=members
    )
    for *key, n in (
        projects.values_list(*place("lead_institution__")).annotate(n=Count("pk")).order_by()
    ):
        _add(by_place, tuple(key), "projects", n)
    reports = (
        MemberReport.objects.filter(status=ReportStatus.ACCEPTED, year=year)
        .values_list(*place("institution__"))
        .annotate(reporting=Count("pk"), **{f: Sum(f) for f in REPORT_FIGURES})
        .order_by()
    )
    reporting = 0
    for country, region, income, count, *sums in reports:
        reporting += count
        for figure, value in zip(REPORT_FIGURES, sums, strict=True):
            _add(by_place, (country, region, income), figure, value)
    exchanges = (  # counted where the staff member's institution is
        CallApplication.objects.filter(
            Q(call__period_starts_on__year=year)
            | Q(call__period_starts_on__isnull=True, decided_at__year=year),
            state=ApplicationState.ACCEPTED,
            call__kind=CallKind.STAFF_EXCHANGE,
            institution__in=members,
        )
        .values_list(*place("institution__"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    for *key, n in exchanges:
        _add(by_place, tuple(key), "exchanges", n)
    agreements = CourseSharingAgreement.objects.filter(
        Q(starts_on__lte=end) & (Q(ends_on__isnull=True) | Q(ends_on__gte=start))
    ).count()
    totals = dict.fromkeys(GEO_FIGURES, 0)
    for row in by_place.values():
        for figure in GEO_FIGURES:
            totals[figure] += row[figure]
    indicators = {
        "members": totals["members"],
        "countries": len({key[0] for key, row in by_place.items() if row["members"]}),
        "courses": courses.filter(institutions__in=members).distinct().count(),
        "projects": totals["projects"],
        "agreements": agreements,
        "reporting": reporting,
        **{figure: totals[figure] for figure in REPORT_FIGURES},
    }

    def grouped(position: int, keys: list[str]) -> list[dict]:
        rows = {key: dict.fromkeys(GEO_FIGURES, 0) for key in keys}
        for key, row in by_place.items():
            target = rows.setdefault(key[position] or "", dict.fromkeys(GEO_FIGURES, 0))
            for figure in GEO_FIGURES:
                target[figure] += row[figure]
        return [{"code": code, **row} for code, row in rows.items()]

    by_country = grouped(0, [])
    return {
        "year": year,
        "indicators": indicators,
        "countries": sorted(by_country, key=lambda row: row["code"]),
        "regions": grouped(1, list(Region.values)),
        "income_groups": grouped(2, list(IncomeGroup.values)),
    }


# Presentation: labels in the reader's language, bar charts and the tile map as SVG geometry.


def indicator_rows(figures: dict) -> list[dict]:
    return [
        {
            "key": key,
            "label": label,
            "value": figures["indicators"].get(key, 0),
            "source": source,
            "method": method,
            "sdg": targets,
            "sdg_labels": [(target, SDG_TARGETS[target]) for target in targets],
        }
        for key, (label, source, method, targets) in INDICATORS.items()
    ]


def _label(group: str, code: str) -> str:
    if group == "regions":
        return str(Region(code).label) if code in Region.values else str(_("Not classified"))
    if group == "income_groups":
        return (
            str(IncomeGroup(code).label) if code in IncomeGroup.values else str(_("Not classified"))
        )
    return str(countries.name(code)) or code


def labelled(figures: dict, group: str) -> list[dict]:
    return [{**row, "label": _label(group, row["code"])} for row in figures[group]]


CHART_WIDTH, LABEL_HEIGHT, BAR_HEIGHT, GAP = 400, 20, 14, 14
CHART_SERIES = (("members", _("Member institutions")), ("courses", _("Courses in the catalog")))


def bar_chart(rows: list[dict], *, rtl: bool) -> dict:
    """Horizontal bars (one pair per row: members and courses), each row's label above its
    bars, growing from the reading side; values next to the bars. Texts are anchored at their
    start in the chart's `direction`, so x is where a line of text begins."""
    peak = max([row[key] for row in rows for key, _label in CHART_SERIES] + [1])
    room = CHART_WIDTH - 60
    y, items = 0, []
    for row in rows:
        bars = []
        for index, (key, label) in enumerate(CHART_SERIES):
            width = round(room * row[key] / peak, 1)
            top = y + LABEL_HEIGHT + index * (BAR_HEIGHT + 2)
            x = CHART_WIDTH - width if rtl else 0
            value_x = CHART_WIDTH - width - 6 if rtl else width + 6
            bars.append(
                {
                    "key": key,
                    "series": label,
                    "value": row[key],
                    "x": x,
                    "y": top,
                    "width": width,
                    "value_x": value_x,
                    "value_y": top + BAR_HEIGHT - 3,
                }
            )
        items.append({"label": row["label"], "label_y": y + LABEL_HEIGHT - 6, "bars": bars})
        y += LABEL_HEIGHT + len(CHART_SERIES) * (BAR_HEIGHT + 2) + GAP
    return {
        "width": CHART_WIDTH,
        "height": y,
        "label_x": CHART_WIDTH if rtl else 0,
        "direction": "rtl" if rtl else "ltr",
        "rows": items,
        "series": CHART_SERIES,
    }


TILE, TILE_GAP, TILES_PER_ROW = 44, 4, 8


def tile_map(country_rows: list[dict], *, rtl: bool) -> dict:
    """The countries with members, courses or projects as tiles, grouped by UNESCO region (a
    tile map, not a geographic one), shaded by the number of members."""
    by_region: dict[str, list[dict]] = {code: [] for code in Region.values}
    for row in country_rows:
        if not (row["members"] or row["courses"] or row["projects"]):
            continue
        try:
            region = region_for_country(row["code"])
        except KeyError:
            continue
        by_region[region].append(row)
    peak = max([row["members"] for rows in by_region.values() for row in rows] + [1])
    width = TILES_PER_ROW * (TILE + TILE_GAP)
    y, groups = 0, []
    for code, rows in by_region.items():
        if not rows:
            continue
        tiles = []
        for index, row in enumerate(rows):
            column, line = index % TILES_PER_ROW, index // TILES_PER_ROW
            x = column * (TILE + TILE_GAP)
            tiles.append(
                {
                    **row,
                    "name": _label("countries", row["code"]),
                    "x": width - x - TILE if rtl else x,
                    "y": y + 24 + line * (TILE + TILE_GAP),
                    # At most 0.6 opaque, so that the dark code stays readable (6:1 or more).
                    "shade": round(0.15 + 0.45 * row["members"] / peak, 2),
                }
            )
        lines = (len(rows) + TILES_PER_ROW - 1) // TILES_PER_ROW
        groups.append({"label": Region(code).label, "label_y": y + 16, "tiles": tiles})
        y += 24 + lines * (TILE + TILE_GAP) + 8
    return {
        "width": width,
        "height": max(y, 1),
        "label_x": width if rtl else 0,
        "direction": "rtl" if rtl else "ltr",
        "groups": groups,
        "tile": TILE,
    }


def csv_rows(figures: dict) -> tuple[list[str], list[list]]:
    """The download by country: a row per country, then the totals."""
    header = ["year", "country", "country_name", *GEO_FIGURES]
    rows = [
        [
            figures["year"],
            row["code"],
            _label("countries", row["code"]),
            *(row[f] for f in GEO_FIGURES),
        ]
        for row in figures["countries"]
    ]
    return header, rows


def json_document(figures: dict, source_url: str) -> dict:
    return {
        "title": "Global MOOC Alliance impact data",
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "source": source_url,
        "year": figures["year"],
        "indicators": [
            {
                "key": key,
                "value": figures["indicators"].get(key, 0),
                "source": str(source),
                "method": str(method),
                "sdg_targets": list(targets),
            }
            for key, (_label, source, method, targets) in INDICATORS.items()
        ],
        "countries": figures["countries"],
        "regions": figures["regions"],
        "income_groups": figures["income_groups"],
    }


def years_with_data() -> list[int]:
    """This year and each year with an accepted report, newest first (the year chooser)."""
    years = set(
        MemberReport.objects.filter(status=ReportStatus.ACCEPTED)
        .values_list("year", flat=True)
        .distinct()
    )
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)
