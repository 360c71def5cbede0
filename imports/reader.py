"""Uploaded spreadsheets read as rows of text: CSV (UTF-8 with or without a byte-order
mark, Windows-1252 as a fallback, comma or semicolon) and XLSX workbooks.

Nothing in a file is run. A workbook is opened read-only and a formula is read as the
text it is written as ("=SUM(A1:A3)"), never as what it would compute; workbooks with
macros (.xlsm) are refused; so are files too big, sheets too long and anything that is
not what its name says. Every refusal is a `FileRefused` with a message for the user.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from spreadsheets.writer import FORMULA_PREFIXES

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 10_000
# An XLSX is a zip; a small file that unpacks to gigabytes is a zip bomb.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls, and encrypted workbooks


class FileRefused(Exception):
    """The file cannot be read; the message says why, in the user's language."""


@dataclass
class Table:
    """A sheet as text: the header row and the data rows (each as long as the header)."""

    headers: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)


def read_table(*, content: bytes, filename: str) -> Table:
    """The file's first sheet as text, or FileRefused."""
    if len(content) > MAX_BYTES:
        raise FileRefused(
            _("The file is larger than %(megabytes)s MB.") % {"megabytes": MAX_BYTES // 2**20}
        )
    name = filename.lower()
    if name.endswith((".xlsm", ".xltm", ".xlam")):
        raise FileRefused(_("Workbooks with macros (.xlsm) are not accepted; save it as .xlsx."))
    if name.endswith(".xls") or content.startswith(OLE_MAGIC):
        raise FileRefused(_("Old or encrypted Excel files are not accepted; save it as .xlsx."))
    if name.endswith(".xlsx"):
        grid = _xlsx_grid(content)
        notes = []
    elif name.endswith((".csv", ".txt")):
        if content.startswith(ZIP_MAGIC):
            raise FileRefused(_("This file is not a CSV file."))
        grid, notes = _csv_grid(content)
    else:
        raise FileRefused(_("Upload a .csv or .xlsx file."))
    return _table(grid, notes)


def _table(grid: list[list[str]], notes: list[str]) -> Table:
    grid = [row for row in grid if any(cell.strip() for cell in row)]
    if not grid:
        raise FileRefused(_("The file has no rows."))
    headers = [cell.strip() for cell in grid[0]]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise FileRefused(_("The first row has no column names."))
    if len(headers) > MAX_COLUMNS:
        raise FileRefused(_("The file has more than %(count)s columns.") % {"count": MAX_COLUMNS})
    width = len(headers)
    rows = [(row + [""] * width)[:width] for row in grid[1:]]
    return Table(headers=headers, rows=rows, notes=notes)


def _checked_row_count(count: int) -> None:
    if count > MAX_ROWS + 1:
        raise FileRefused(_("The file has more than %(count)s rows.") % {"count": f"{MAX_ROWS:,}"})


def _decoded(content: bytes) -> tuple[str, list[str]]:
    if b"\x00" in content:
        raise FileRefused(
            _("This file is not a text file (UTF-16 or binary); save it as UTF-8 CSV.")
        )
    try:
        return content.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text = content.decode("cp1252")
    except UnicodeDecodeError as error:
        raise FileRefused(
            _("The file's characters cannot be read; save it as UTF-8 CSV.")
        ) from error
    return text, [_("The file is not UTF-8; it was read as Windows-1252 (Western European).")]


def _csv_grid(content: bytes) -> tuple[list[list[str]], list[str]]:
    text, notes = _decoded(content)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    grid = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            grid.append([_cell_text(cell) for cell in row[: MAX_COLUMNS + 1]])
            _checked_row_count(len(grid))
    except csv.Error as error:
        raise FileRefused(
            _("The CSV file is malformed near line %(line)s.") % {"line": len(grid) + 1}
        ) from error
    return grid, notes


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        # 1250.5 stays 1250.5; 2.0 reads as 2; no binary noise (0.1 + 0.2).
        text = format(Decimal(repr(value)).normalize(), "f")
        return text
    text = str(value)
    if len(text) > MAX_CELL_CHARS:
        raise FileRefused(
            _("A cell holds more than %(count)s characters.") % {"count": f"{MAX_CELL_CHARS:,}"}
        )
    text = text.replace("\x00", "")
    # The portal's own exports write formula-like text with a leading apostrophe.
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def _xlsx_grid(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    if not content.startswith(ZIP_MAGIC):
        raise FileRefused(_("This file is not an Excel workbook (.xlsx)."))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise FileRefused(_("The workbook unpacks to more than the portal reads."))
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise FileRefused(_("Workbooks with macros are not accepted; save it as .xlsx."))
        # read_only streams the rows; data_only=False keeps a formula as its text.
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except FileRefused:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise FileRefused(_("The workbook cannot be read; is it a damaged .xlsx?")) from error
    try:
        sheet = _data_sheet(workbook)
        grid = []
        for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1):
            grid.append([_cell_text(value) for value in row])
            _checked_row_count(len(grid))
        return grid
    except FileRefused:
        raise
    except Exception as error:
        raise FileRefused(_("The workbook cannot be read; is it a damaged .xlsx?")) from error
    finally:
        workbook.close()


def _data_sheet(workbook):
    """The first sheet, unless the Beneficiary Module export's validation report comes
    first: then its sheet of mobilities."""
    for sheet in workbook.worksheets:
        if sheet.title == "Mobilities":
            return sheet
    if not workbook.worksheets:
        raise FileRefused(_("The workbook has no sheets."))
    return workbook.worksheets[0]
