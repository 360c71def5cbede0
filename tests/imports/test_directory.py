from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from imports.models import ImportBatch
from imports.services import (
    confirm_batch,
    confirm_in_worker,
    create_batch,
    preview_batch,
    start_confirmation,
    undo_batch,
)
from mobility.grants import recalculate_grant
from partners.models import Institution
from projects.models import Person
from tests.factories import InstitutionFactory, MobilityFactory, PersonFactory
from tests.imports.conftest import file_bytes

pytestmark = pytest.mark.django_db


def previewed(kind, name, staff, **options):
    batch = create_batch(kind=kind, filename=name, content=file_bytes(name), by=staff, **options)
    return preview_batch(batch=batch)


def outcome_counts(batch):
    return (batch.rows_new, batch.rows_changed, batch.rows_unchanged, batch.rows_refused)


def test_partners_preview_marks_new_changed_and_unchanged(staff, nagasaki):
    InstitutionFactory(
        name="Universidad de La Habana",
        country="CU",
        city="Havana",
        latitude=Decimal("23.13"),
        longitude=Decimal("-82.38"),
        oid="E10000001",
    )

    batch = previewed("partners", "partners.csv", staff)

    assert outcome_counts(batch) == (1, 2, 0, 0)
    rows = {row["number"]: row for row in batch.preview["rows"]}
    assert rows[3]["changes"] == [
        ["name (English)", "Universidad de La Habana", "University of Havana"],
        ["name in its own language", "", "Universidad de La Habana"],
        ["website", "", "https://www.uh.cu"],
        ["SCHAC code", "", "uh.cu"],
    ]
    assert rows[4]["outcome"] == "new"
    assert Institution.objects.count() == 2


def test_partners_confirm_writes_with_history_naming_the_import(staff):
    batch = previewed("partners", "partners.csv", staff)

    written = confirm_batch(batch=batch, by=staff)

    assert written == 3
    addis = Institution.objects.get(schac_code="aau.edu.et")
    assert (addis.name, addis.country.code, addis.latitude) == (
        "Addis Ababa University",
        "ET",
        Decimal("9.03000"),
    )
    assert addis.history.get().history_change_reason == f"Import #{batch.pk}: partners.csv"
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CONFIRMED


def test_partners_imported_twice_change_nothing_the_second_time(staff):
    confirm_batch(batch=previewed("partners", "partners.csv", staff), by=staff)

    again = previewed("partners", "partners.csv", staff)

    assert outcome_counts(again) == (0, 0, 3, 0)
    assert confirm_batch(batch=again, by=staff) == 0
    assert Institution.objects.count() == 3


def test_partners_undo_deletes_created_and_restores_changed(staff, nagasaki):
    batch = previewed("partners", "partners.csv", staff)
    confirm_batch(batch=batch, by=staff)

    undone = undo_batch(batch=batch, by=staff)

    assert undone == 1 + 2
    assert list(Institution.objects.values_list("name", "website")) == [("Nagasaki University", "")]
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.UNDONE


def test_undo_refused_once_a_row_changed_since(staff):
    batch = previewed("partners", "partners.csv", staff)
    confirm_batch(batch=batch, by=staff)
    addis = Institution.objects.get(schac_code="aau.edu.et")
    addis.city = "Addis Abeba"
    addis.save()

    with pytest.raises(ValidationError) as refused:
        undo_batch(batch=batch, by=staff)

    assert refused.value.messages == [
        "1 rows of this import were changed since; it can no longer be undone."
    ]
    assert Institution.objects.count() == 3


def test_people_found_by_email_whatever_its_capitals_in_windows_1252(staff):
    PersonFactory(first_name="Jerome", last_name="de Vries", email="j.devries@leidenuniv.nl")

    batch = previewed("people", "people-windows-1252.csv", staff)

    assert outcome_counts(batch) == (1, 1, 0, 0)
    assert batch.preview["notes"] == [
        "The file is not UTF-8; it was read as Windows-1252 (Western European)."
    ]
    confirm_batch(batch=batch, by=staff)
    jerome = Person.objects.get(email__iexact="j.devries@leidenuniv.nl")
    assert (jerome.first_name, jerome.email, jerome.language) == (
        "Jérôme",
        "j.devries@leidenuniv.nl",
        "nl",
    )
    assert Person.objects.count() == 2


def test_a_row_only_the_database_refuses_writes_nothing_of_the_file(staff):
    content = (
        b"Name,Country,City,Latitude,Longitude,SCHAC code,OID\n"
        b"Universidad de Chile,CL,Santiago,-33.44,-70.65,uchile.cl,E10000009\n"
        b"Universidad de Chile (twice),CL,Santiago,-33.44,-70.65,u.uchile.cl,E10000009\n"
    )
    batch = preview_batch(
        batch=create_batch(kind="partners", filename="chile.csv", content=content, by=staff)
    )
    assert outcome_counts(batch) == (2, 0, 0, 0)

    with pytest.raises(ValidationError) as refused:
        confirm_batch(batch=batch, by=staff)

    assert refused.value.messages[0].startswith(
        "Nothing was imported: the database refused a row (duplicate key value"
    )
    assert Institution.objects.count() == 0
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED


def test_undo_of_moved_coordinates_gives_back_the_grants_they_moved(staff, project, nagasaki):
    # Nagasaki on record at a position near Paris (a nearer travel band); the file moves it.
    nagasaki.latitude, nagasaki.longitude = Decimal("48.85"), Decimal("2.35")
    nagasaki.save()
    mobility = MobilityFactory(project=project, partner=nagasaki)
    recalculate_grant(mobility=mobility)
    mobility.refresh_from_db()
    grant_before = mobility.travel_support
    batch = previewed("partners", "partners.csv", staff)
    confirm_batch(batch=batch, by=staff)

    undo_batch(batch=batch, by=staff)

    mobility.refresh_from_db()
    nagasaki.refresh_from_db()
    assert (nagasaki.latitude, nagasaki.longitude) == (Decimal("48.85"), Decimal("2.35"))
    assert mobility.travel_support == grant_before != Decimal("1500.00")


def test_a_refusal_in_the_worker_puts_the_import_back_to_previewed_with_the_reason(staff):
    content = (
        b"Name,Country,City,Latitude,Longitude,SCHAC code,OID\n"
        b"Universidad de Chile,CL,Santiago,-33.44,-70.65,uchile.cl,E10000009\n"
        b"Universidad de Chile (twice),CL,Santiago,-33.44,-70.65,u.uchile.cl,E10000009\n"
    )
    batch = preview_batch(
        batch=create_batch(kind="partners", filename="chile.csv", content=content, by=staff)
    )
    assert start_confirmation(batch=batch) is True
    assert start_confirmation(batch=batch) is False  # a second click queues nothing

    confirm_in_worker(batch_id=batch.pk, by=staff)

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert batch.error.startswith(
        "Nothing was imported: the database refused a row (duplicate key value"
    )
    assert Institution.objects.count() == 0
