import datetime

import pytest
from django.utils import translation

from imports.services import confirm_batch, create_batch, preview_batch, undo_batch
from mobility.exports import project_report, report_csv, report_xlsx
from mobility.grants import recalculate_grant
from mobility.models import Activity, Level, Mobility
from tests.factories import MobilityFactory
from tests.imports.conftest import file_bytes

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def mobilities(project, nagasaki, havana):
    pieter = MobilityFactory(
        project=project,
        partner=nagasaki,
        first_name="Pieter",
        last_name="van Dijk",
        email="pieter@example.org",
        gender="M",
        birth_date=D(1980, 5, 17),
        nationality="NL",
        participant_id="p4711",
        field_of_education="0912",
        main_language="en",
        transport_means="plane",
    )
    laura = MobilityFactory(
        project=project,
        partner=havana,
        direction="incoming",
        activity=Activity.STUDY,
        level=Level.MASTER,
        eqf_level=7,
        first_name="Laura",
        last_name="Méndez Ortiz",
        email="laura@example.org",
        gender="F",
        birth_date=D(1998, 2, 3),
        nationality="CU",
        planned_start=D(2021, 9, 1),
        planned_end=D(2022, 1, 31),
        travel_days=0,
        long_term=True,
        main_language="es",
        transport_means="plane",
        force_majeure=True,
        force_majeure_explanation="Returned a week later: the flight was cancelled.",
    )
    for mobility in (pieter, laura):
        recalculate_grant(mobility=mobility)
        assert mobility.grant_error == ""
    return [pieter, laura]


def rows_without_ids(project):
    rows = project_report(project).rows
    return sorted(({**row, "mobility_id": ""} for row in rows), key=lambda row: row["last_name"])


def grants(project):
    return sorted(
        project.mobilities.values_list(
            "last_name", "individual_support", "travel_support", "organisational_support"
        )
    )


@pytest.mark.parametrize(("write", "extension"), [(report_csv, "csv"), (report_xlsx, "xlsx")])
def test_beneficiary_module_round_trip_gives_the_same_mobilities_and_grants(
    project, mobilities, staff, write, extension
):
    exported = write(project_report(project))
    rows_before, grants_before = rows_without_ids(project), grants(project)
    assert all(individual > 0 for _name, individual, _travel, _org in grants_before), grants_before
    project.mobilities.all().delete()

    batch = preview_batch(
        batch=create_batch(
            kind="mobilities", filename=f"bm.{extension}", content=exported, by=staff
        )
    )
    assert (batch.rows_new, batch.rows_changed, batch.rows_unchanged, batch.rows_refused) == (
        2,
        0,
        0,
        0,
    ), batch.preview
    confirm_batch(batch=batch, by=staff)

    assert rows_without_ids(project) == rows_before
    assert grants(project) == grants_before
    batch.refresh_from_db()
    assert batch.preview["notes_after"] == []


def test_beneficiary_module_file_imported_again_changes_nothing(project, mobilities, staff):
    exported = report_csv(project_report(project))
    project.mobilities.all().delete()
    first = preview_batch(
        batch=create_batch(kind="mobilities", filename="bm.csv", content=exported, by=staff)
    )
    confirm_batch(batch=first, by=staff)
    imported = list(project.mobilities.values_list("pk", flat=True))
    reasons = Mobility.history.filter(id__in=imported).values_list(
        "history_change_reason", flat=True
    )
    assert set(reasons.filter(history_type="+")) == {f"Import #{first.pk}: bm.csv"}
    assert set(reasons.filter(history_type="~")) == {f"Import #{first.pk}: bm.csv"}

    again = preview_batch(
        batch=create_batch(kind="mobilities", filename="bm.csv", content=exported, by=staff)
    )

    assert (again.rows_new, again.rows_changed, again.rows_unchanged, again.rows_refused) == (
        0,
        0,
        2,
        0,
    )
    assert confirm_batch(batch=again, by=staff) == 0
    assert project.mobilities.count() == 2


def test_portal_export_matches_its_own_mobilities_and_shows_the_change(project, mobilities, staff):
    exported = report_csv(project_report(project)).decode("utf-8-sig")
    edited = exported.replace("Pieter", "Piet").encode()

    batch = preview_batch(
        batch=create_batch(kind="mobilities", filename="bm.csv", content=edited, by=staff)
    )

    assert (batch.rows_new, batch.rows_changed, batch.rows_unchanged) == (0, 1, 1)
    changed = next(row for row in batch.preview["rows"] if row["outcome"] == "changed")
    assert changed["changes"] == [["first name", "Pieter", "Piet"]]
    confirm_batch(batch=batch, by=staff)
    pieter = Mobility.objects.get(pk=mobilities[0].pk)
    assert pieter.first_name == "Piet"
    assert undo_batch(batch=batch, by=staff) == 1
    assert Mobility.objects.get(pk=mobilities[0].pk).first_name == "Pieter"


def test_an_itinerary_row_of_the_module_is_refused_and_the_main_line_imported(
    project, mobilities, staff
):
    exported = report_csv(project_report(project)).decode("utf-8-sig")
    header, first, *_others = exported.splitlines()
    itinerary = first.replace("Mobility,", "Itinerary,", 1)
    project.mobilities.all().delete()
    content = "\r\n".join([header, first, itinerary]).encode()

    batch = preview_batch(
        batch=create_batch(kind="mobilities", filename="bm.csv", content=content, by=staff)
    )

    assert (batch.rows_new, batch.rows_refused) == (1, 1)
    refused = next(row for row in batch.preview["rows"] if row["outcome"] == "refused")
    assert refused["problems"] == [["Data type", "Enter one of: Mobility."]]


def test_every_kind_of_refused_row_with_its_column_and_reason(project, staff):
    batch = preview_batch(
        batch=create_batch(
            kind="mobilities",
            filename="mobilities-refused.csv",
            content=file_bytes("mobilities-refused.csv"),
            by=staff,
        )
    )

    assert (batch.rows_new, batch.rows_changed, batch.rows_unchanged, batch.rows_refused) == (
        2,
        0,
        0,
        9,
    )
    refused = {
        row["number"]: row["problems"]
        for row in batch.preview["rows"]
        if row["outcome"] == "refused"
    }
    assert refused == {
        4: [["Grant Agreement No.", "No project has this grant agreement number."]],
        5: [["Start Date", "Enter a date as DD-MM-YYYY or YYYY-MM-DD."]],
        6: [
            [
                "Sending Organisation OID",
                "No institution in the portal has this code; import the partners first.",
            ]
        ],
        7: [["Mobility activity ID", "The same NAG-2021-01 appears in an earlier row (line 2)."]],
        8: [
            [
                "End Date",
                "Duration rule of KA107 2020: Staff mobility for teaching lasts 5 to 60 days "
                "(travel days excluded); these dates count 115 calendar days.",
            ]
        ],
        9: [["Means of Transport", "Green travel is by train, bus, car sharing, boat or bicycle."]],
        10: [
            [
                "Activity Type",
                "Enter one of: HE-SMS, HE-SMT, HE-STA, HE-STT, SMS, SMT, STA, STT.",
            ]
        ],
        11: [["Participant Email", "This column is required for a new row."]],
        12: [["Education Level", "A student mobility needs its EQF level (6, 7 or 8)."]],
    }

    assert confirm_batch(batch=batch, by=staff) == 2
    assert sorted(project.mobilities.values_list("first_name", "direction", "level")) == [
        ('=HYPERLINK("http://example.org")', "incoming", "staff"),
        ("Aiko", "incoming", "staff"),
    ]


def test_refusals_in_dutch(project, staff):
    with translation.override("nl"):
        batch = preview_batch(
            batch=create_batch(
                kind="mobilities",
                filename="mobilities-refused.csv",
                content=file_bytes("mobilities-refused.csv"),
                by=staff,
            )
        )

    row = next(row for row in batch.preview["rows"] if row["number"] == 4)
    assert row["problems"] == [
        ["Grant Agreement No.", "Geen project heeft dit subsidieovereenkomstnummer."]
    ]


def test_a_grant_in_the_file_other_than_the_portals_is_named_after_the_import(
    project, mobilities, staff
):
    exported = report_csv(project_report(project)).decode("utf-8-sig")
    assert exported.count(",2760.00,") == 1
    project.mobilities.all().delete()
    content = exported.replace(",2760.00,", ",2700.00,").encode()
    batch = preview_batch(
        batch=create_batch(kind="mobilities", filename="bm.csv", content=content, by=staff)
    )

    confirm_batch(batch=batch, by=staff)

    batch.refresh_from_db()
    assert batch.preview["notes_after"] == [
        [
            2,
            "Pieter van Dijk (STA)",
            "The file's grant is EUR 2,700.00; the portal calculates EUR 2,760.00.",
        ]
    ]
