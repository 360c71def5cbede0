import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from spreadsheets.writer import Column, Sheet, write_csv, write_xlsx

FORMULA = '=HYPERLINK("http://x","y")'
COLUMNS = [Column("Name", lambda row: row[0]), Column("Amount", lambda row: row[1])]
ROWS = [
    (FORMULA, Decimal("-12.50")),
    ("+31 71 527 2727", -3),
    ("-5 days", 0.5),
    ("@SUM(A1:A2)", datetime.date(2021, 3, 8)),
    ("\tTab", None),
    ("\rReturn", True),
    ("Anna", Decimal("1260.00")),
]


def test_write_csv_neutralises_formula_text_and_keeps_numbers():
    content = write_csv(ROWS, COLUMNS)

    assert content.decode("utf-8-sig").split("\r\n") == [
        "Name,Amount",
        '"\'=HYPERLINK(""http://x"",""y"")",-12.50',
        "'+31 71 527 2727,-3",
        "'-5 days,0.5",
        "'@SUM(A1:A2),2021-03-08",
        "'\tTab,",
        '"\'\rReturn",yes',
        "Anna,1260.00",
        "",
    ]


def test_write_xlsx_holds_formula_text_as_strings_and_numbers_as_numbers():
    content = write_xlsx(Sheet(title="People", columns=COLUMNS, rows=ROWS))

    sheet = load_workbook(io.BytesIO(content))["People"]
    cells = [(name.value, name.data_type, amount.value, amount.data_type) for name, amount in sheet]
    assert cells == [
        ("Name", "s", "Amount", "s"),
        ("'" + FORMULA, "s", -12.5, "n"),
        ("'+31 71 527 2727", "s", -3, "n"),
        ("'-5 days", "s", 0.5, "n"),
        ("'@SUM(A1:A2)", "s", datetime.datetime(2021, 3, 8), "d"),
        ("'\tTab", "s", None, "n"),
        # The carriage return survives the round trip (openpyxl writes and reads it
        # through lxml, which the test dependencies hold).
        ("'\rReturn", "s", "yes", "s"),
        ("Anna", "s", 1260, "n"),
    ]


def test_write_xlsx_drops_characters_a_workbook_cannot_hold():
    content = write_xlsx(Sheet(title="People", columns=COLUMNS[:1], rows=[("Ann\x0be",)]))

    assert load_workbook(io.BytesIO(content))["People"]["A2"].value == "Anne"


def test_write_xlsx_writes_one_sheet_per_sheet_with_short_titles():
    content = write_xlsx(
        Sheet(title="Validation report", columns=COLUMNS[:1], rows=[]),
        Sheet(title="Mobilities of a very long project title", columns=COLUMNS[:1], rows=[]),
    )

    assert load_workbook(io.BytesIO(content)).sheetnames == [
        "Validation report",
        "Mobilities of a very long proje",
    ]
