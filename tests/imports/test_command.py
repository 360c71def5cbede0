import io

import pytest
from django.core.management import CommandError, call_command

from imports.models import ImportBatch
from mobility.models import Mobility
from partners.models import Institution
from tests.imports.conftest import FILES

pytestmark = pytest.mark.django_db


def run(*arguments) -> str:
    output = io.StringIO()
    call_command("import_file", *arguments, stdout=output)
    return output.getvalue()


def test_dry_run_prints_the_summary_and_writes_nothing(project):
    output = run("mobilities", str(FILES / "mobilities-refused.csv"), "--dry-run")

    lines = output.splitlines()
    assert lines[0] == "line 4, Grant Agreement No.: No project has this grant agreement number."
    assert lines[-2:] == [
        "new: 2, changed: 0, unchanged: 0, refused: 9",
        "Dry run: nothing was written.",
    ]
    assert Mobility.objects.count() == 0
    assert ImportBatch.objects.count() == 0


def test_import_writes_and_a_second_run_changes_nothing(db):
    first = run("partners", str(FILES / "partners.csv"))
    second = run("partners", str(FILES / "partners.csv"))

    batch = ImportBatch.objects.order_by("pk").first()
    assert first.splitlines() == [
        "new: 3, changed: 0, unchanged: 0, refused: 0",
        f"Import #{batch.pk}: 3 rows written.",
    ]
    assert second.splitlines()[0] == "new: 0, changed: 0, unchanged: 3, refused: 0"
    assert Institution.objects.count() == 3


def test_project_option_refuses_rows_of_another_project(project):
    output = run(
        "mobilities",
        str(FILES / "mobilities-refused.csv"),
        "--dry-run",
        "--project",
        project.grant_agreement_number,
    )

    assert (
        "line 4, Grant Agreement No.: This row belongs to project 2019-1-NL01-KA107-000000, "
        "not to the one chosen." in output
    )


def test_unreadable_file_is_a_command_error(tmp_path, db):
    path = tmp_path / "book.xlsm"
    path.write_bytes(b"PK\x03\x04")

    with pytest.raises(CommandError) as error:
        run("partners", str(path))

    assert str(error.value) == "Workbooks with macros (.xlsm) are not accepted; save it as .xlsx."
