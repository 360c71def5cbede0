import csv
import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from imports.reader import MAX_ROWS, FileRefused, read_table


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_csv_with_byte_order_mark_and_semicolons():
    content = "\ufeffName;City\nUniversidad de La Habana;Havana\n".encode()

    table = read_table(content=content, filename="partners.csv")

    assert table.headers == ["Name", "City"]
    assert table.rows == [["Universidad de La Habana", "Havana"]]
    assert table.notes == []


def test_csv_in_windows_1252_is_read_with_a_note():
    content = "Name,City\nUniversité Laval,Québec\n".encode("cp1252")

    table = read_table(content=content, filename="partners.csv")

    assert table.rows == [["Université Laval", "Québec"]]
    assert table.notes == ["The file is not UTF-8; it was read as Windows-1252 (Western European)."]


def test_csv_short_rows_are_padded_and_blank_rows_dropped():
    table = read_table(content=b"a,b,c\n1\n,,\n1,2,3,4\n", filename="x.csv")

    assert table.rows == [["1", "", ""], ["1", "2", "3"]]


def test_xlsx_formula_is_read_as_its_text():
    content = xlsx([["Name", "Total"], ['=HYPERLINK("http://evil")', "=SUM(1,2)"], ["x", 2.5]])

    table = read_table(content=content, filename="partners.xlsx")

    assert table.rows == [['=HYPERLINK("http://evil")', "=SUM(1,2)"], ["x", "2.5"]]


def test_exported_neutralised_text_loses_its_apostrophe():
    table = read_table(content=b"Name\n'=cmd\n'plain\n", filename="x.csv")

    assert table.rows == [["=cmd"], ["'plain"]]


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (
            b"PK\x03\x04junk",
            "book.xlsm",
            "Workbooks with macros (.xlsm) are not accepted; save it as .xlsx.",
        ),
        (
            b"\xd0\xcf\x11\xe0rest",
            "book.xls",
            "Old or encrypted Excel files are not accepted; save it as .xlsx.",
        ),
        (b"PK\x03\x04junk", "book.xlsx", "The workbook cannot be read; is it a damaged .xlsx?"),
        (b"Name,City", "book.xlsx", "This file is not an Excel workbook (.xlsx)."),
        (b"Name,City\n", "notes.pdf", "Upload a .csv or .xlsx file."),
        (
            "N\x00a".encode("utf-16"),
            "x.csv",
            "This file is not a text file (UTF-16 or binary); save it as UTF-8 CSV.",
        ),
        (b"", "x.csv", "The file has no rows."),
        (b'a,b\n"unclosed,1\n', "x.csv", "The CSV file is malformed near line 2."),
    ],
)
def test_hostile_files_are_refused_with_a_message(content, filename, message):
    with pytest.raises(FileRefused) as refused:
        read_table(content=content, filename=filename)

    assert str(refused.value) == message


def test_workbook_with_a_macro_part_is_refused_even_named_xlsx():
    buffer = io.BytesIO(xlsx([["Name"], ["x"]]))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\x00macro")

    with pytest.raises(FileRefused) as refused:
        read_table(content=buffer.getvalue(), filename="book.xlsx")

    assert str(refused.value) == "Workbooks with macros are not accepted; save it as .xlsx."


def test_too_many_rows_are_refused():
    content = b"Name\n" + b"x\n" * (MAX_ROWS + 1)

    with pytest.raises(FileRefused) as refused:
        read_table(content=content, filename="x.csv")

    assert str(refused.value) == "The file has more than 20,000 rows."


@settings(max_examples=300, deadline=None)
@given(content=st.binary(max_size=2000), xlsx_name=st.booleans())
def test_reader_never_fails_other_than_refusing(content, xlsx_name):
    filename = "fuzz.xlsx" if xlsx_name else "fuzz.csv"
    try:
        table = read_table(content=content, filename=filename)
    except FileRefused as refused:
        assert str(refused)
    else:
        assert all(len(row) == len(table.headers) for row in table.rows)


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(
        st.lists(
            st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20),
            min_size=2,
            max_size=2,
        ),
        min_size=1,
        max_size=10,
    )
)
def test_reader_fuzz_of_csv_text(rows):
    buffer = io.StringIO()

    csv.writer(buffer).writerows([["a", "b"], *rows])
    try:
        table = read_table(content=buffer.getvalue().encode(), filename="fuzz.csv")
    except FileRefused as refused:
        assert str(refused)
    else:
        assert table.headers == ["a", "b"]


CELL_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=30
).filter(lambda text: text.strip() and not text.startswith("'"))


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(st.lists(CELL_TEXT, min_size=2, max_size=2), min_size=1, max_size=8))
def test_workbook_text_reads_back_as_written_formulas_included(rows):
    table = read_table(content=xlsx([["a", "b"], *rows]), filename="fuzz.xlsx")

    assert table.rows == rows


def test_workbook_with_xml_entities_is_refused_not_expanded():
    original = io.BytesIO(xlsx([["Name"], ["x"]]))
    bomb = io.BytesIO()
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(bomb, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<?xml version='1.0' encoding='UTF-8'?>", b"")
                data = laughs.encode() + data
            target.writestr(item, data)

    with pytest.raises(FileRefused) as refused:
        read_table(content=bomb.getvalue(), filename="book.xlsx")

    assert str(refused.value) == "The workbook cannot be read; is it a damaged .xlsx?"
