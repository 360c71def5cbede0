"""Export any list as CSV or XLSX: one description of the columns, two file formats.

A list view names its columns once (`Column("Title", "title")`); the same description
writes the CSV and the spreadsheet, so the two never disagree.
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
from openpyxl.styles import Font

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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


def _plain(value) -> Any:
    """A value as a spreadsheet holds it: numbers and dates stay typed, the rest is text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, int | float | Decimal | datetime.date):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        # Neutralise formula injection (a participant named "=HYPERLINK(...)").
        return "'" + text
    return text


def _csv_text(value) -> str:
    value = _plain(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def write_csv(rows: Iterable, columns: Sequence[Column]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.header for column in columns])
    for row in rows:
        writer.writerow([_csv_text(column.read(row)) for column in columns])
    # The byte order mark makes spreadsheet programs read the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(rows: Iterable, columns: Sequence[Column], *, title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column.header))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for column in columns:
            value = _plain(column.read(row))
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(
    *, rows: Iterable, columns: Sequence[Column], basename: str, export_format: str
) -> HttpResponse:
    """A download of the rows in the format asked for, named <basename>-<date>.<format>."""
    if export_format == CSV:
        content = write_csv(rows, columns)
    elif export_format == XLSX:
        content = write_xlsx(rows, columns, title=basename)
    else:
        raise ValueError(f"Unknown export format: {export_format}")
    filename = f"{basename}-{timezone.localdate():%Y-%m-%d}.{export_format}"
    response = HttpResponse(content, content_type=CONTENT_TYPES[export_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ExportFormatConverter:
    """URL converter: the formats a list can be exported in."""

    regex = "|".join(FORMATS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
