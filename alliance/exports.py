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


def csv_response(filename: str, header: list, rows) -> HttpResponse:
    """A CSV attachment (UTF-8 with a byte-order mark, so spreadsheets read every script)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(str(value)) for value in row])
    return response


class FormulaSafeExportMixin:
    """For Wagtail's listings and reports (SpreadsheetExportMixin): every exported value, CSV and
    XLSX, goes through safe_cell after Wagtail's own preprocessing."""

    def preprocess_field_value(self, field, value, export_format):
        return safe_cell(super().preprocess_field_value(field, value, export_format))
