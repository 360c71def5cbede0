"""Rows written as CSV and XLSX: one description of the columns, two file formats.

Every list, report and export of the portal writes its files here, so that each one treats
values alike: numbers and dates stay typed, yes/no reads as text, and a text cell that a
spreadsheet program would run as a formula (a participant named "=HYPERLINK(...)") is
neutralised with a leading apostrophe, in the CSV and in the workbook.
"""

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A spreadsheet program runs a text cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
NUMBER_FORMATS = {
    datetime.datetime: "yyyy-mm-dd hh:mm",
    datetime.date: "yyyy-mm-dd",
    Decimal: "0.00",
}
# An Excel sheet's name has at most 31 characters.
SHEET_TITLE_LENGTH = 31


@dataclass(frozen=True)
class Column:
    """One column: its header and how to read the value from a row.

    `value` is a dotted attribute path ("call.year", "get_status_display") or a callable
    taking the row. Methods at the end of a path are called.
    """

    header: str
    value: str | Callable[[Any], Any]

    def read(self, row) -> Any:
        if callable(self.value):
            return self.value(row)
        result = attrgetter(self.value)(row)
        return result() if callable(result) else result


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: its title, columns and rows."""

    title: str
    columns: Sequence[Column]
    rows: Iterable


def neutralised(text: str) -> str:
    """Text that no spreadsheet program runs as a formula."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def cell_value(value) -> Any:
    """A value as a file holds it: numbers and dates stay typed, the rest is neutralised text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, int | float | Decimal | datetime.date):
        return value
    return neutralised(str(value))


def _csv_text(value) -> str:
    value = cell_value(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        # Never in exponent notation ("0E-2"), which a spreadsheet reads as text.
        return format(value, "f")
    return str(value)


def write_csv(rows: Iterable, columns: Sequence[Column]) -> bytes:
    """The rows as UTF-8 CSV, with a byte order mark so that spreadsheet programs read UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_csv_text(str(column.header)) for column in columns])
    for row in rows:
        writer.writerow([_csv_text(column.read(row)) for column in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_cell(sheet, value, *, font=None) -> WriteOnlyCell:
    # A missing value is an empty cell, not an empty text.
    value = None if value is None else cell_value(value)
    if isinstance(value, str):
        # Control characters are not allowed in a workbook: openpyxl refuses to write them.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    for kind, number_format in NUMBER_FORMATS.items():
        if isinstance(value, kind):
            cell.number_format = number_format
            break
    if font is not None:
        cell.font = font
    return cell


def write_xlsx(*sheets: Sheet) -> bytes:
    """A workbook with one sheet per Sheet, each with a bold, frozen header row."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(title=sheet.title[:SHEET_TITLE_LENGTH])
        worksheet.freeze_panes = "A2"
        worksheet.append([_xlsx_cell(worksheet, str(c.header), font=bold) for c in sheet.columns])
        for row in sheet.rows:
            worksheet.append([_xlsx_cell(worksheet, c.read(row)) for c in sheet.columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def attachment(content: bytes, *, export_format: str, filename: str) -> HttpResponse:
    """A download of a written file, named `filename`.<format>."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[export_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
    return response
