"""Export any list as CSV or XLSX: one description of the columns, two file formats.

A list view names its columns once (`Column("Title", "title")`); the portal's one writer
(spreadsheets.writer) writes the CSV and the spreadsheet from it, so the two never disagree.
"""

from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone

from spreadsheets.writer import CSV, FORMATS, XLSX, Column, Sheet, attachment, write_csv, write_xlsx

__all__ = ["CSV", "FORMATS", "XLSX", "Column", "ExportFormatConverter", "export_response"]


def export_response(
    *, rows: Iterable, columns: Sequence[Column], basename: str, export_format: str
) -> HttpResponse:
    """A download of the rows in the format asked for, named <basename>-<date>.<format>."""
    if export_format == CSV:
        content = write_csv(rows, columns)
    elif export_format == XLSX:
        content = write_xlsx(Sheet(title=basename, columns=columns, rows=rows))
    else:
        raise ValueError(f"Unknown export format: {export_format}")
    filename = f"{basename}-{timezone.localdate():%Y-%m-%d}"
    return attachment(content, export_format=export_format, filename=filename)


class ExportFormatConverter:
    """URL converter: the formats a list can be exported in."""

    regex = "|".join(FORMATS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
