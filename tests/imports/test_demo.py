import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from demo.seed import load_demo
from imports.services import preview_file

pytestmark = pytest.mark.django_db

EXAMPLE = Path(settings.BASE_DIR) / "demo" / "files" / "partners-example.csv"


def test_demo_example_spreadsheet_previews_every_outcome():
    load_demo(today=timezone.localdate(), reset=False)

    _table, results = preview_file(
        kind="partners", filename=EXAMPLE.name, content=EXAMPLE.read_bytes()
    )

    assert [(result.number, result.outcome) for result in results] == [
        (2, "unchanged"),
        (3, "changed"),
        (4, "new"),
        (5, "new"),
        (6, "refused"),
    ]
    assert results[1].changes == [("website", "", "https://www.essti.gov.et")]
    assert results[4].problems == [("Latitude", "A latitude lies between -90 and 90 degrees.")]


def test_load_demo_names_the_example_spreadsheet():
    output = io.StringIO()

    call_command("load_demo", stdout=output)

    assert (
        "A spreadsheet to try Workspace > Office > Import with: "
        "demo/files/partners-example.csv (partner institutions)."
    ) in output.getvalue().splitlines()
    assert EXAMPLE.is_file()
