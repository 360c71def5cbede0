"""Every CSV and XLSX file the portal writes neutralises formulas and keeps numbers numeric.

One person, institution, offer, deadline, participant and applicant are named like a formula;
each export that shows one of them must hand the name back as text, never as a formula.
"""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mobility.models import InterestRegistration, Mobility

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x","y")'
NEUTRALISED = "'" + FORMULA


@pytest.fixture
def formula_world(world_a):
    project = world_a.project
    project.lead_coordinator.first_name = FORMULA
    project.lead_coordinator.save()
    world_a.partner.name = FORMULA
    world_a.partner.save()
    world_a.offer.title = FORMULA
    world_a.offer.save()
    world_a.deadline.title = FORMULA
    world_a.deadline.save()
    Mobility.objects.filter(pk=world_a.mobility.pk).update(
        first_name=FORMULA, individual_support=Decimal("12.50"), travel_support=Decimal("820.00")
    )
    InterestRegistration.objects.filter(pk=world_a.registration.pk).update(name=FORMULA)
    return world_a


# (URL name, its arguments, the sheet, the column naming the formula, a numeric column and
# its value). The Beneficiary Module's workbook has the validation report as its first sheet.
EXPORTS = [
    ("workspace:project-export", {}, None, "Partners", "Awarded budget (EUR)", 50000),
    ("workspace:institution-export", {}, None, "Name", "Mobilities", 1),
    ("workspace:person-export", {}, None, "First name", "Projects led", 1),
    ("workspace:mobility-export", {}, None, "First name", "Individual support (EUR)", 12.5),
    ("workspace:deadline-export", {}, None, "Title", None, None),
    ("workspace:offer-export", {}, None, "Title", "Registrations", 1),
    (
        "workspace:offer-registrations-export",
        {"pk": "offer"},
        None,
        "Name",
        None,
        None,
    ),
    (
        "budgets:project-export-{format}",
        {"slug": "project"},
        "Mobilities",
        "Participant First Name",
        "Travel Support (EUR)",
        820,
    ),
]


def _url(name: str, arguments: dict, world, export_format: str) -> str:
    kwargs = {}
    if arguments.get("pk") == "offer":
        kwargs["pk"] = world.offer.pk
    if arguments.get("slug") == "project":
        kwargs["slug"] = world.project.slug
    if "{format}" in name:
        return reverse(name.format(format=export_format), kwargs=kwargs)
    return reverse(name, kwargs={**kwargs, "export_format": export_format})


def _csv_rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize(("name", "arguments", "sheet", "text", "number", "value"), EXPORTS)
def test_csv_export_neutralises_a_formula_named_row(
    name, arguments, sheet, text, number, value, formula_world, staff_user, login
):
    url = _url(name, arguments, formula_world, "csv")

    response = login(staff_user).get(url)

    assert response.status_code == 200
    rows = _csv_rows(response.content)
    named = [row for row in rows if row[text] == NEUTRALISED]
    assert len(named) == 1
    assert FORMULA not in {cell for row in rows for cell in row.values()}
    if number is not None:
        assert Decimal(named[0][number]) == Decimal(str(value))


@pytest.mark.parametrize(("name", "arguments", "sheet", "text", "number", "value"), EXPORTS)
def test_xlsx_export_holds_a_formula_name_as_text_and_numbers_as_numbers(
    name, arguments, sheet, text, number, value, formula_world, staff_user, login
):
    url = _url(name, arguments, formula_world, "xlsx")

    response = login(staff_user).get(url)

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    header, *rows = list(worksheet.iter_rows())
    headers = [cell.value for cell in header]
    named = [row for row in rows if row[headers.index(text)].value == NEUTRALISED]
    assert len(named) == 1
    cell = named[0][headers.index(text)]
    assert cell.data_type == "s"
    assert not any(c.data_type == "f" for row in rows for c in row)
    if number is not None:
        number_cell = named[0][headers.index(number)]
        assert (number_cell.data_type, number_cell.value) == ("n", value)
