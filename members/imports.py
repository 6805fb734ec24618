"""Bulk course imports (CSV, JSON, MOOChub v3) and the course feeds synced daily.

A services-style module: it parses files, checks every row with the course forms, and writes
a batch's new courses together through members.services.courses_create, the other rows through
members.services.course_upsert, one course per transaction; every write is logged.
"""

import csv
import functools
import html
import io
import json
import math
import re
import uuid
from collections import Counter
from contextlib import suppress
from datetime import timedelta
from http import HTTPStatus
from itertools import zip_longest

import nh3
import requests
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from alliance import outbound
from alliance.audit import log_action
from alliance.celery import queue
from alliance.validators import validate_file_size
from members import permissions
from members.forms import (
    RUN_FIELDS,
    CourseForm,
    CourseImportForm,
    CourseRunForm,
    course_form_values,
)
from members.models import (
    Course,
    CourseFeed,
    CourseImport,
    FieldOfEducation,
    ImportFormat,
    Institution,
    Pacing,
    Platform,
    User,
)
from members.services import courses as services
from members.signals import forget_catalog_reads

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
PROGRESS_EVERY = 50  # rows in a batch: committed with the progress, counts and report
MULTI_VALUED = {
    "languages",
    "subtitle_languages",
    "fields",
    "sdg_targets",
    "accessibility_features",
}
BOOLEANS = {"is_free", "has_certificate"}
FALSE_WORDS = {"0", "false", "no", "n"}
PROGRESS_FIELDS = ("status", "processed_rows", "created_count", "updated_count", "error_count")

Rows = list[tuple[int, dict | str]]  # (row number as the person sees it, the course or why not)


# Parsing ------------------------------------------------------------------------------------


def parse(content: bytes, format: str = "") -> tuple[str, Rows]:
    """The file's format (detected from the content when not given) and its courses.

    Raises ValidationError when the file cannot be read at all.
    """
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            _("The file is not UTF-8 text. Save it with the UTF-8 encoding and try again.")
        ) from error
    if format == ImportFormat.CSV or (not format and text.lstrip()[:1] not in ("[", "{")):
        format, rows = ImportFormat.CSV, _parse_csv(text)
    else:
        document = _load_json(text)
        if not format:
            format = ImportFormat.MOOCHUB if isinstance(document, dict) else ImportFormat.JSON
        rows = _parse_moochub(document) if format == ImportFormat.MOOCHUB else _parse_json(document)
    if not rows:
        raise ValidationError(_("The file has no courses."))
    return format, rows


def _check_count(count: int) -> None:
    if count > MAX_ROWS:
        raise ValidationError(
            _("The file has more than %(limit)s courses. Split it into several files.")
            % {"limit": f"{MAX_ROWS:,}"}
        )


def _plain(name: str, value):
    """A value the course forms can check: lists for the multi-valued fields, text for others."""
    if name in MULTI_VALUED and isinstance(value, str):
        return [item.strip() for item in re.split(r"[,;]", value) if item.strip()]
    if name in MULTI_VALUED and isinstance(value, list):
        return [str(item) for item in value]
    if name in BOOLEANS and isinstance(value, str):
        return value.strip().lower() not in FALSE_WORDS
    if value is None or isinstance(value, bool | str):
        return value
    return str(value)  # numbers, and values of the wrong type, which the form then names


def _row(data: dict) -> dict:
    """A course (or run) with plain values; a blank yes/no cell counts as not given."""
    row = {
        name: _plain(name, value)
        for name, value in data.items()
        if name != "runs" and not (name in BOOLEANS and value in ("", None))
    }
    if "runs" in data:
        row["runs"] = [_row(run) for run in data["runs"]]
    return row


def _parse_csv(text: str) -> Rows:
    """One course per row, or per group of rows with the same external id (one run per row)."""
    try:
        dialect = csv.Sniffer().sniff(text.partition("\n")[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    rows, by_external_id = [], {}
    try:
        for count, record in enumerate(reader, start=1):
            _check_count(count)
            cells = {
                key.strip(): (value or "").strip()
                for key, value in record.items()
                if isinstance(key, str)
            }
            run = {name: cells.pop(f"run_{name}") for name in RUN_FIELDS if f"run_{name}" in cells}
            course = by_external_id.get(cells.get("external_id"))
            if course is None:
                course = _row({**cells, "runs": []} if run else cells)
                rows.append((reader.line_num, course))
                if cells.get("external_id"):
                    by_external_id[cells["external_id"]] = course
            if any(run.values()):
                course["runs"].append({**_row(run), LINE: reader.line_num})
    except csv.Error as error:
        raise ValidationError(
            _("The CSV file cannot be read at line %(line)s: %(error)s")
            % {"line": reader.line_num, "error": error}
        ) from error
    return rows


def _load_json(text: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValidationError(
            _("The file is not valid JSON: %(error)s at line %(line)s, column %(column)s.")
            % {"error": error.msg, "line": error.lineno, "column": error.colno}
        ) from error
    except RecursionError as error:
        raise ValidationError(_("The file nests its data too deeply to be read.")) from error


def _parse_json(document) -> Rows:
    if not isinstance(document, list):
        raise ValidationError(_("A JSON file is a list of courses."))
    _check_count(len(document))
    return [(number, _json_course(item)) for number, item in enumerate(document, start=1)]


def _json_course(item) -> dict | str:
    if not isinstance(item, dict):
        return _("Each course is a JSON object.")
    runs = item.get("runs", [])
    if not isinstance(runs, list) or not all(isinstance(run, dict) for run in runs):
        return _("“runs” is a list of objects.")
    return _row(item)


def _parse_moochub(document) -> Rows:
    if not isinstance(document, dict) or not isinstance(document.get("data"), list):
        raise ValidationError(_("A MOOChub file is a JSON:API document with a “data” list."))
    _check_count(len(document["data"]))
    return [(number, _moochub_course(item)) for number, item in enumerate(document["data"], 1)]


DURATION = re.compile(r"^P(?:([\d.]+)Y)?(?:([\d.]+)M)?(?:([\d.]+)W)?(?:([\d.]+)D)?(?:T.*)?$")
WEEKS_PER_UNIT = (52, 4.345, 1, 1 / 7)  # years, months, weeks, days
HOURS_PER_WEEK = {"h/week": 1, "h/day": 7, "h/month": 12 / 52}
FIRST_SENTENCE = re.compile(r"^(.+?[.!?。！？])(?:\s|$)")


def _moochub_course(item) -> dict | str:
    with suppress(AttributeError, IndexError, KeyError, TypeError, ValueError):
        if item["type"] == "Course":
            return _row(_from_moochub(item))
    return _("This item is not a MOOChub v3 course.")


def _from_moochub(item: dict) -> dict:
    """A MOOChub v3 course in the course form's terms (the attributes it leaves out stay)."""
    attributes = item["attributes"]
    course = {
        "external_id": item.get("id"),
        "title": attributes.get("name"),
        "url": attributes.get("url"),
        "languages": attributes.get("inLanguage") or [],
        "license": (attributes.get("license") or [{}])[0].get("identifier", ""),
        "fields": [
            alignment.get("shortCode") or alignment.get("targetUrl", "").rsplit("/", 1)[-1]
            for alignment in attributes.get("educationalAlignment") or []
            if "ISCED" in alignment.get("educationalFramework", "").upper()
        ],
        "runs": _moochub_runs(attributes),
        **_moochub_price(attributes),
    }
    if "description" in attributes:
        course["description"] = nh3.clean(attributes["description"] or "")
        text = " ".join(html.unescape(re.sub(r"<[^>]*>", " ", course["description"])).split())
        match = FIRST_SENTENCE.match(text)
        course["summary"] = Truncator(match.group(1) if match else text).chars(500)
    if "educationalCredentialsAwarded" in attributes:
        awarded = attributes["educationalCredentialsAwarded"] or []
        course["has_certificate"] = "certificate" in awarded
    workload = attributes.get("workload") or {}
    if workload.get("timeUnit") in HOURS_PER_WEEK:
        hours = workload["timeValue"] * HOURS_PER_WEEK[workload["timeUnit"]]
        course["effort_hours_per_week"] = round(hours, 1)
    match = DURATION.match(attributes.get("duration") or "")
    weeks = match and sum(
        float(value) * factor
        for value, factor in zip(match.groups(), WEEKS_PER_UNIT, strict=True)
        if value
    )
    if weeks:
        course["length_weeks"] = math.ceil(weeks)
    return course


def _moochub_runs(attributes: dict) -> list[dict]:
    synchronous = "synchronous" in (attributes.get("courseMode") or [])
    pacing = (
        Pacing.INSTRUCTOR_LED
        if synchronous or attributes.get("repeatFrequency")
        else Pacing.SELF_PACED
    )
    return [
        {
            "starts_at": start,
            "ends_at": end,
            "enrollment_starts_at": attributes.get("applicationStartDate"),
            "enrollment_ends_at": attributes.get("applicationDeadline"),
            "pacing": pacing,
        }
        for start, end in zip_longest(
            attributes.get("startDate") or [], attributes.get("endDate") or []
        )
    ]


def _moochub_price(attributes: dict) -> dict:
    access = attributes.get("access") or []
    offers = [
        offer
        for offer in attributes.get("offer") or []
        if offer.get("category") in ("course", "complete") and "price" in offer
    ]
    if "free" in access or any(offer["price"] == 0 for offer in offers):
        return {"is_free": True}
    if offers:
        cheapest = min(offers, key=lambda offer: offer["price"])
        return {
            "is_free": False,
            "price": cheapest["price"],
            "currency": cheapest.get("priceCurrency") or "USD",
        }
    if "paid" in access:
        return {"is_free": False}
    return {}


# Importing ----------------------------------------------------------------------------------


@transaction.atomic
def _start_import(
    *,
    institution: Institution,
    actor: User | None,
    content: bytes,
    format: str,
    platform: Platform,
    feed: CourseFeed | None = None,
) -> CourseImport:
    validate_file_size(ContentFile(content), MAX_BYTES)
    format, rows = parse(content, format)
    course_import = CourseImport(
        institution=institution,
        created_by=actor,
        source=CourseImport.Source.FEED if feed else CourseImport.Source.UPLOAD,
        feed=feed,
        format=format,
        platform=platform,
        total_rows=len(rows),
    )
    extension = "csv" if format == ImportFormat.CSV else "json"
    course_import.file.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(content), save=False)
    course_import.save()
    log_action(
        actor,
        "members.course_import.started",
        course_import,
        {"source": course_import.source, "format": format, "rows": len(rows)},
    )
    queue("members.tasks.run_course_import", course_import.pk)
    return course_import


def import_create(
    *, institution: Institution, actor: User, upload, format: str, platform: Platform
) -> CourseImport:
    """Check the uploaded file (size, encoding, structure) and queue its import."""
    validate_file_size(upload, MAX_BYTES)
    return _start_import(
        institution=institution,
        actor=actor,
        content=upload.read(),
        format=format,
        platform=platform,
    )


UNCHANGED = "unchanged"
PENDING = "pending"


@functools.cache
def _new_course_values() -> dict:
    """course_form_values(None), the same for every new course: built once."""
    return course_form_values(None)


def _bind(form: CourseImportForm, data: dict) -> CourseImportForm:
    """`form` bound to the next new course's `data`, as a new CourseImportForm would be (its
    bound fields read the data when asked, and every new course has the same initial values):
    a new form deep-copies its fields, which took a third of each row's time."""
    form.data, form._errors = data, None
    form.instance = Course(platform=form.platform)
    return form


def _course_changed(form: CourseForm, course: Course) -> bool:
    """Whether the checked row says anything the course does not (lists compared as sets)."""

    def normal(value):
        if isinstance(value, list | tuple | QuerySet):
            return sorted(map(str, value))
        return value

    course = Course.objects.get(pk=course.pk)  # as stored: validating `form` changed its instance
    current = CourseForm(course_form_values(course), course=course)
    current.is_valid()
    return any(
        normal(form.cleaned_data.get(name)) != normal(current.cleaned_data.get(name))
        for name in form.changed_data
    )


def _runs_changed(course: Course, runs: list[dict] | None) -> bool:
    if runs is None:
        return False

    def rows(values):
        return Counter(tuple(run[field] for field in RUN_FIELDS) for run in values)

    return rows(runs) != rows(course.runs.values(*RUN_FIELDS))


def _import_row(
    course_import: CourseImport,
    row: dict | str,
    retried: bool = False,
    new: CourseImportForm | None = None,
) -> tuple[bool | str | None, dict]:
    """Check and write one course: (created, {}), (UNCHANGED, {}) when the row says what the
    course already says, or (None, _report_entry(...)). With `new` (the batch's form for new
    courses, see _bind; the row creates a course no other row names), check it only, without a
    query: (PENDING, the course's data) for _import_batch to write with the others."""
    if isinstance(row, str):
        return None, _report_entry(course_import, row, [_problem("", "", row)])
    external_id = row.get("external_id") or ""
    existing = (
        Course.objects.filter(platform=course_import.platform, external_id=external_id).first()
        if external_id and new is None
        else None
    )
    if existing and not existing.institutions.filter(pk=course_import.institution_id).exists():
        column = _column(course_import.format, "external_id")
        return None, _report_entry(course_import, row, [_problem(column, external_id, TAKEN)])
    values = course_form_values(existing) if new is None else _new_course_values()
    data = {**values, **row, "platform": course_import.platform_id}
    form = CourseForm(data, course=existing) if new is None else _bind(new, data)
    run_forms = [CourseRunForm(run) for run in row.get("runs", [])]
    problems = _row_problems(course_import.format, row, form, run_forms)
    if problems:
        return None, _report_entry(course_import, row, problems)
    data = dict(form.cleaned_data)
    if "runs" in row:
        data["runs"] = [run_form.cleaned_data for run_form in run_forms]
    if new is not None:
        return PENDING, data
    if (
        existing
        and not _course_changed(form, existing)
        and not _runs_changed(existing, data.get("runs"))
    ):
        return UNCHANGED, {}  # nothing written: mirrors see no change
    try:
        with transaction.atomic():  # one course: all of it or nothing
            _course, created = services.course_upsert(
                institution=course_import.institution, actor=course_import.created_by, data=data
            )
    except ValidationError as error:
        return None, _report_entry(course_import, row, _problems("", "", error))
    except IntegrityError:  # another import wrote this course meanwhile: update it instead
        if retried:
            raise
        return _import_row(course_import, row, retried=True)
    return created, {}


# The report: each problem of a row in the file's terms ---------------------------------------

LINE = "_line"  # in a CSV run: the line of the file it is on
TAKEN = gettext_lazy("A course with this external id belongs to another institution.")
NO_EXTERNAL_ID = gettext_lazy("An import needs each course's external id.")
# Where a MOOChub course gives each field of the course form (and of its runs).
MOOCHUB_SOURCES = {
    "title": "name",
    "languages": "inLanguage",
    "fields": "educationalAlignment",
    "summary": "description",
    "has_certificate": "educationalCredentialsAwarded",
    "effort_hours_per_week": "workload",
    "length_weeks": "duration",
    "is_free": "access",
    "price": "offer",
    "currency": "offer",
}
MOOCHUB_RUN_SOURCES = {
    "starts_at": "startDate",
    "ends_at": "endDate",
    "enrollment_starts_at": "applicationStartDate",
    "enrollment_ends_at": "applicationDeadline",
    "pacing": "courseMode",
}
VALUE_CHARS = 200  # of a bad value, in the report


def _column(format: str, field: str, run: int | None = None) -> str:
    """Where the file gives a form field: its CSV column (as in the header), JSON key or
    MOOChub attribute; `run` is the run's index in the course's list."""
    if format == ImportFormat.MOOCHUB:
        if field == "external_id":
            return "id"
        if run is None:
            return f"attributes.{MOOCHUB_SOURCES.get(field, field)}"
        return f"attributes.{MOOCHUB_RUN_SOURCES.get(field, field)}[{run}]"
    if run is None:
        return field
    return f"run_{field}" if format == ImportFormat.CSV else f"runs[{run}].{field}"


def _problem(column: str, value, message, params: dict | None = None, row=None) -> dict:
    """One problem, its message kept untranslated (with its parameters) so that the report is
    shown in its reader's language (import_report_lines)."""
    if isinstance(value, list | tuple):
        value = ", ".join(map(str, value))
    with translation.override(None):
        problem = {
            "column": column,
            "value": Truncator("" if value is None else str(value)).chars(VALUE_CHARS),
            "message": str(message),
            "params": {
                key: item if isinstance(item, int | float) else str(item)
                for key, item in (params or {}).items()
            },
        }
    return problem if row is None else {**problem, "row": row}


def _problems(column: str, value, error: ValidationError, row=None) -> list[dict]:
    """A ValidationError's messages as problems of one column; a value the message names (an
    item of a list) is the value shown."""
    return [
        _problem(column, (item.params or {}).get("value", value), item.message, item.params, row)
        for item in error.error_list
    ]


def _row_problems(format: str, row: dict, form: CourseForm, run_forms: list) -> list[dict]:
    problems = [
        problem
        for field, errors in form.errors.as_data().items()
        for error in errors
        for problem in _problems(
            "" if field == NON_FIELD_ERRORS else _column(format, field), row.get(field), error
        )
    ]
    if not row.get("external_id"):
        problems.append(_problem(_column(format, "external_id"), "", NO_EXTERNAL_ID))
    for index, (run, run_form) in enumerate(zip(row.get("runs", []), run_forms, strict=True)):
        problems += [
            problem
            for field, errors in run_form.errors.as_data().items()
            for error in errors
            for problem in _problems(
                "" if field == NON_FIELD_ERRORS else _column(format, field, index),
                run.get(field),
                error,
                run.get(LINE),
            )
        ]
    return problems


def _report_entry(course_import: CourseImport, row: dict | str, problems: list[dict]) -> dict:
    """A row's part of the report (with its number, added by _import_batch)."""
    external_id = row.get("external_id") if isinstance(row, dict) else None
    return {"external_id": str(external_id or ""), "errors": problems}


def _translated(problem: dict) -> str:
    message = gettext(problem["message"])
    if not problem.get("params"):
        return message
    try:
        return message % problem["params"]
    except (KeyError, TypeError, ValueError):  # a translation that lost a placeholder
        return problem["message"] % problem["params"]


def import_report_lines(course_import: CourseImport) -> list[dict]:
    """The report, one line a problem, in the reader's language: the file's row, the course's
    external id, the column, the value given and what is wrong with it."""
    return [
        {
            "row": problem.get("row", entry["row"]),
            "external_id": entry.get("external_id", ""),
            "column": problem["column"],
            "value": problem["value"],
            "message": _translated(problem),
        }
        for entry in course_import.report
        for problem in entry["errors"]
    ]


def _save(course_import: CourseImport, fields: list[str]) -> None:
    CourseImport.objects.filter(pk=course_import.pk).update(
        **{field: getattr(course_import, field) for field in fields}
    )


def _finish(course_import: CourseImport, status: str, message: str = "") -> None:
    course_import.status, course_import.message = status, message
    course_import.finished_at = timezone.now()
    _save(course_import, [*PROGRESS_FIELDS, "report", "message", "finished_at"])
    log_action(
        course_import.created_by,
        "members.course_import.finished",
        course_import,
        {
            "status": status,
            "created": course_import.created_count,
            "updated": course_import.updated_count,
            "errors": course_import.error_count,
        },
    )


def run_import(import_id: int) -> None:
    """Check every row, write the good ones and report the others, in batches of
    PROGRESS_EVERY rows: each batch commits with the import's position and counts, so a run that
    stopped (a killed worker, a database blip) continues from its last committed row. Safe to run
    twice at once: a batch that finds the import moved on leaves it to the other run."""
    course_import = CourseImport.objects.select_related(
        "institution", "platform", "created_by"
    ).get(pk=import_id)
    if course_import.is_finished:
        return
    denial = permissions.standing_denial(course_import.institution, permissions.COURSES)
    if denial:  # the membership changed since the import was queued
        _finish(course_import, CourseImport.Status.FAILED, denial)
        return
    course_import.status = CourseImport.Status.RUNNING
    course_import.progress_at = timezone.now()
    _save(course_import, ["status", "progress_at"])
    try:
        with course_import.file.open("rb") as file:
            _format, rows = parse(file.read(), course_import.format)
        for start in range(course_import.processed_rows, len(rows), PROGRESS_EVERY):
            with transaction.atomic():
                stored = CourseImport.objects.select_for_update().get(pk=import_id)
                if stored.is_finished or stored.processed_rows != start:
                    return  # another run of this import is ahead of this one
                _import_batch(course_import, rows[start : start + PROGRESS_EVERY])
                course_import.processed_rows = start + len(rows[start : start + PROGRESS_EVERY])
                course_import.progress_at = timezone.now()
                _save(course_import, [*PROGRESS_FIELDS, "report", "progress_at"])
            forget_catalog_reads()
    except ValidationError as error:  # the file cannot be read at all
        _finish(course_import, CourseImport.Status.FAILED, " ".join(error.messages))
        return
    except DatabaseError:
        raise  # the database went away: the batch rolled back, a retry or the sweeper resumes
    except Exception:
        _finish(course_import, CourseImport.Status.FAILED, _("The import stopped on an error."))
        raise
    _finish(course_import, CourseImport.Status.DONE)


def _new_rows(course_import: CourseImport, rows: Rows) -> tuple[Rows, Rows]:
    """(the rows that create a course no other row of the batch names, the others)"""
    named = Counter(row.get("external_id") for _n, row in rows if isinstance(row, dict))
    existing = set(
        Course.objects.filter(
            platform=course_import.platform, external_id__in=[str(i) for i in named if i]
        ).values_list("external_id", flat=True)
    )
    new, others = [], []
    for number, row in rows:
        external_id = row.get("external_id") if isinstance(row, dict) else None
        fresh = external_id and named[external_id] == 1 and str(external_id) not in existing
        (new if fresh else others).append((number, row))
    return new, others


def _import_batch(course_import: CourseImport, rows: Rows) -> None:
    """Check the new courses without a query each and write them together
    (services.courses_create); rows that update a course or name one twice go one by one."""
    new, others = _new_rows(course_import, rows)
    fields_by_code = {field.code: field for field in FieldOfEducation.objects.all()} if new else {}
    form = CourseImportForm({}, platform=course_import.platform, fields_by_code=fields_by_code)
    outcomes, pending = {}, {}
    for number, row in new:
        created, found = _import_row(course_import, row, new=form)
        if created == PENDING:
            pending[number] = found
        else:
            outcomes[number] = created, found
    if pending:
        try:
            with transaction.atomic():
                services.courses_create(
                    institution=course_import.institution,
                    actor=course_import.created_by,
                    batch=list(pending.values()),
                )
            outcomes |= dict.fromkeys(pending, (True, {}))
        except (IntegrityError, ValidationError):  # e.g. another import wrote one meanwhile:
            # one by one, each course in its own savepoint, each error reported on its row
            others += [(number, row) for number, row in new if number in pending]
    for number, row in others:
        outcomes[number] = _import_row(course_import, row)
    for number in sorted(outcomes):
        created, errors = outcomes[number]
        if errors:
            course_import.report.append({"row": number, **errors})
            course_import.error_count += 1
        elif created is UNCHANGED:
            pass  # counted as processed, neither created nor updated
        elif created:
            course_import.created_count += 1
        else:
            course_import.updated_count += 1


def imports_sweep(*, stuck_after: timedelta, give_up_after: timedelta) -> tuple[int, int]:
    """Queue again the imports waiting or running with no progress for `stuck_after` (they
    continue from their last committed row); fail those older than `give_up_after`.
    Returns (resumed, failed)."""
    now = timezone.now()
    unfinished = CourseImport.objects.filter(
        status__in=[CourseImport.Status.PENDING, CourseImport.Status.RUNNING]
    )
    stuck = unfinished.filter(
        Q(progress_at__lt=now - stuck_after) | Q(progress_at=None, created_at__lt=now - stuck_after)
    )
    failed = 0
    for course_import in stuck.filter(created_at__lt=now - give_up_after):
        _finish(course_import, CourseImport.Status.FAILED, _("The import stopped and timed out."))
        failed += 1
    resumed = list(stuck.values_list("pk", flat=True))
    for pk in resumed:
        queue("members.tasks.run_course_import", pk)
    return len(resumed), failed


# Feeds --------------------------------------------------------------------------------------


@transaction.atomic
def feed_register(
    *, institution: Institution, actor: User, url: str, format: str, platform: Platform
) -> CourseFeed:
    """Register a feed (synced daily) and queue its first sync (its form checked the URL)."""
    feed = CourseFeed(institution=institution, url=url, format=format, platform=platform)
    feed.full_clean()
    feed.save()
    log_action(actor, "members.course_feed.registered", feed, {"url": url})
    queue("members.tasks.sync_course_feed", feed.pk)
    return feed


@transaction.atomic
def feed_set_active(*, feed: CourseFeed, actor: User, active: bool) -> CourseFeed:
    """Pause a feed (it is no longer synced daily) or resume it."""
    if feed.active != active:
        feed.active = active
        feed.save(update_fields=["active"])
        action = "resumed" if active else "paused"
        log_action(actor, f"members.course_feed.{action}", feed, {"url": feed.url})
    return feed


@transaction.atomic
def feed_remove(*, feed: CourseFeed, actor: User) -> None:
    """Forget a feed; the courses and the imports it made stay."""
    log_action(actor, "members.course_feed.removed", feed, {"url": feed.url})
    feed.delete()


@transaction.atomic
def feed_sync_request(*, feed: CourseFeed, actor: User) -> None:
    """Sync a feed now (feed_sync, queued on commit); a paused feed is refused."""
    if not feed.active:
        raise ValidationError(_("The feed is paused: resume it to sync it."))
    log_action(actor, "members.course_feed.sync_requested", feed, {"url": feed.url})
    queue("members.tasks.sync_course_feed", feed.pk)


def _fetch(url: str, headers: dict | None = None) -> requests.Response:
    """The feed's answer, read; refused (ValidationError) beyond the size limit of an import."""
    return outbound.fetch("GET", url, headers=headers, max_bytes=MAX_BYTES)


def _with_next_pages(body: bytes) -> bytes:
    """A MOOChub feed split into pages (links.next): all of its courses as one document.

    Pages are followed while they add courses, up to the size and row limits of one import; the
    conditional request (ETag) is the first page's.
    """
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return body  # not JSON that can be read: the import reports it
    if not isinstance(document, dict) or not isinstance(document.get("data"), list):
        return body
    seen, size = set(), len(body)
    next_url = (document.get("links") or {}).get("next")
    while next_url and next_url not in seen and size <= MAX_BYTES:
        seen.add(next_url)
        with _fetch(next_url) as response:
            response.raise_for_status()
            page_body = response.content
        size += len(page_body)
        page = _load_json(page_body.decode("utf-8", "replace"))
        if not isinstance(page, dict) or not page.get("data"):
            break
        document["data"].extend(page["data"])
        _check_count(len(document["data"]))
        next_url = (page.get("links") or {}).get("next")
    return json.dumps(document).encode()  # the import refuses it if it is too big


def feed_sync(feed_id: int) -> None:
    """Fetch a feed (conditionally) and import it when it changed; errors are recorded."""
    feed = CourseFeed.objects.select_related("institution", "platform").get(pk=feed_id)
    if not feed.active:
        return
    denial = permissions.standing_denial(feed.institution, permissions.COURSES)
    if denial:  # not fetched: the feed waits for the membership to be in good standing
        now = timezone.now()
        CourseFeed.objects.filter(pk=feed.pk).update(
            last_checked_at=now, last_status=denial, last_error=denial, last_error_at=now
        )
        return
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    changes = {"last_checked_at": timezone.now()}
    try:
        with _fetch(feed.url, headers) as response:
            if response.status_code == HTTPStatus.NOT_MODIFIED:
                changes["last_status"] = _("not modified")
            else:
                response.raise_for_status()
                body = response.content
                if feed.format in ("", ImportFormat.MOOCHUB):
                    body = _with_next_pages(body)
                course_import = _start_import(
                    institution=feed.institution,
                    actor=None,
                    content=body,
                    format=feed.format,
                    platform=feed.platform,
                    feed=feed,
                )
                changes |= {
                    "etag": response.headers.get("ETag", ""),
                    "last_modified": response.headers.get("Last-Modified", ""),
                    "last_status": _("import of %(count)s courses started")
                    % {"count": course_import.total_rows},
                }
    except requests.HTTPError as error:
        failure = _("The feed answered with HTTP status %(status)s.") % {
            "status": error.response.status_code
        }
    except requests.RequestException as error:
        failure = _("The feed could not be reached (%(error)s).") % {"error": type(error).__name__}
    except ValidationError as error:
        failure = " ".join(error.messages)
    else:
        failure = ""
    if failure:
        changes |= {
            "last_status": failure,
            "last_error": failure,
            "last_error_at": changes["last_checked_at"],
        }
    CourseFeed.objects.filter(pk=feed.pk).update(**changes)
