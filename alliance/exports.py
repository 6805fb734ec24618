"""Spreadsheet exports that a spreadsheet will not run: every CSV and Excel file the site writes.

A cell starting with =, +, -, @, a tab or a carriage return is a formula to Excel, LibreOffice and
Google Sheets (CSV injection); such a cell gets a leading apostrophe, which they show as text.
"""

import csv

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value, text starting with a formula character prefixed with '; other types as they
    are (numbers and dates stay numbers and dates in Excel)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(out, header: list, rows) -> None:
    """CSV into a text stream: UTF-8's byte-order mark first (so spreadsheets read every
    script), the header, then the rows, every cell through safe_cell."""
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(str(value)) for value in row])


def csv_response(filename: str, header: list, rows) -> HttpResponse:
    """A CSV attachment (see write_csv)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write_csv(response, header, rows)
    return response


class FormulaSafeExportMixin:
    """For Wagtail's listings and reports (SpreadsheetExportMixin): every exported value, CSV and
    XLSX, goes through safe_cell after Wagtail's own preprocessing."""

    def preprocess_field_value(self, field, value, export_format):
        return safe_cell(super().preprocess_field_value(field, value, export_format))
