"""Undoing an import: which rows changed since, read in a bounded number of queries, and
the start of an undo the worker runs."""

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from imports import tasks
from imports.models import ImportBatch
from imports.services import (
    changed_since,
    confirm_batch,
    create_batch,
    preview_batch,
    start_confirmation,
    start_undo,
    undo_batch,
)
from imports.tasks import undo_import
from mobility.models import Mobility
from mobility.services import save_mobility
from tests.imports.test_scale import bm_file

pytestmark = pytest.mark.django_db


def imported(count: int, *, by) -> ImportBatch:
    batch = create_batch(kind="mobilities", filename="bm.csv", content=bm_file(count), by=by)
    confirm_batch(batch=preview_batch(batch=batch), by=by)
    batch.refresh_from_db()
    return batch


def queries_of_changed_since(batch: ImportBatch) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        changed = changed_since(batch=batch)
    return len(captured), len(changed)


def test_changed_since_queries_do_not_grow_with_the_rows(project, staff):
    small = imported(50, by=staff)
    small_queries = queries_of_changed_since(small)
    undo_batch(batch=small, by=staff)
    big = imported(200, by=staff)

    big_queries = queries_of_changed_since(big)

    # The written rows, then the mobilities and their latest history records.
    assert small_queries == big_queries == (3, 0)


def test_changed_since_finds_the_changed_and_the_deleted_rows(project, staff):
    batch = imported(5, by=staff)
    written = {row.key: row for row in batch.written.all()}
    renamed = Mobility.objects.get(pk=written["NAG-00001"].object_id)
    renamed.last_name = "Tanaka-Mori"
    save_mobility(mobility=renamed, by=staff)
    Mobility.objects.get(pk=written["NAG-00003"].object_id).delete()

    changed = changed_since(batch=batch)

    assert [row.key for row in changed] == ["NAG-00001", "NAG-00003"]


def test_undo_restores_changed_rows_and_deletes_created_ones(project, staff):
    first = imported(4, by=staff)
    renamed = Mobility.objects.get(pk=first.written.get(key="NAG-00002").object_id)
    renamed.last_name = "Tanaka-Mori"
    save_mobility(mobility=renamed, by=staff)
    second = imported(10, by=staff)
    assert (second.rows_new, second.rows_changed, second.rows_unchanged) == (6, 1, 3)

    assert undo_batch(batch=second, by=staff) == 7

    assert Mobility.objects.count() == 4
    assert Mobility.objects.get(pk=renamed.pk).last_name == "Tanaka-Mori"
    second.refresh_from_db()
    assert (second.status, second.error) == ("undone", "")


def test_undo_is_started_once_and_only_for_an_imported_batch(project, staff):
    batch = imported(3, by=staff)

    assert start_undo(batch=batch) is True
    assert start_undo(batch=batch) is False
    batch.refresh_from_db()
    assert batch.status == "undoing"


def test_undo_task_does_nothing_unless_the_undo_was_started(project, staff):
    batch = imported(3, by=staff)

    undo_import(batch.pk, staff.pk)

    batch.refresh_from_db()
    assert (batch.status, Mobility.objects.count()) == ("confirmed", 3)


def test_undo_task_run_again_after_the_undo_finds_nothing_to_do(project, staff):
    batch = imported(3, by=staff)
    start_undo(batch=batch)
    undo_import(batch.pk, staff.pk)
    batch.refresh_from_db()
    undone_at = batch.undone_at

    undo_import(batch.pk, staff.pk)

    batch.refresh_from_db()
    assert (batch.status, batch.undone_at, Mobility.objects.count()) == ("undone", undone_at, 0)


def test_undo_task_refused_puts_the_import_back_with_the_reason(project, staff):
    batch = imported(3, by=staff)
    mobility = Mobility.objects.get(pk=batch.written.get(key="NAG-00000").object_id)
    mobility.last_name = "Tanaka-Mori"
    save_mobility(mobility=mobility, by=staff)
    start_undo(batch=batch)

    undo_import(batch.pk, staff.pk)

    batch.refresh_from_db()
    assert (batch.status, batch.error, Mobility.objects.count()) == (
        "confirmed",
        "1 rows of this import were changed since; it can no longer be undone.",
        3,
    )


def _out_of_time(**kwargs):
    # What Celery raises in the task when its soft time limit (30 minutes) runs out; a test
    # cannot wait that long.
    raise SoftTimeLimitExceeded


def test_a_confirmation_out_of_time_gives_the_import_back_with_the_reason(
    project, staff, monkeypatch
):
    batch = create_batch(kind="mobilities", filename="bm.csv", content=bm_file(3), by=staff)
    batch = preview_batch(batch=batch)
    assert start_confirmation(batch=batch)
    monkeypatch.setattr(tasks, "confirm_in_worker", _out_of_time)

    tasks.confirm_import.run(batch.pk, staff.pk, language="nl")

    # In the language of the staff member who confirmed.
    batch.refresh_from_db()
    assert (batch.status, batch.error) == (
        ImportBatch.Status.PREVIEWED,
        "De import duurde te lang en is gestopt; er is niets geïmporteerd.",
    )
    assert not Mobility.objects.exists()


def test_an_undo_out_of_time_gives_the_import_back_with_the_reason(project, staff, monkeypatch):
    batch = imported(3, by=staff)
    assert start_undo(batch=batch)
    monkeypatch.setattr(tasks, "undo_in_worker", _out_of_time)

    tasks.undo_import.run(batch.pk, staff.pk)

    batch.refresh_from_db()
    assert (batch.status, batch.error) == (
        ImportBatch.Status.CONFIRMED,
        "The undo took too long and was stopped; nothing was undone.",
    )
    assert Mobility.objects.count() == 3


def test_the_undo_locks_the_rows_it_checked_until_it_has_written(project, staff):
    batch = imported(3, by=staff)

    with CaptureQueriesContext(connection) as captured:
        undo_batch(batch=batch, by=staff)

    # Nobody can change a mobility between the check that none changed and the undo's write.
    reads = [q["sql"] for q in captured if q["sql"].startswith('SELECT "mobility_mobility"')]
    assert reads and reads[0].endswith("FOR UPDATE")


def test_a_confirmation_failed_for_good_gives_the_import_back(project, staff):
    batch = create_batch(kind="mobilities", filename="bm.csv", content=bm_file(3), by=staff)
    assert start_confirmation(batch=preview_batch(batch=batch))

    # What Celery calls once the task's last retry failed.
    tasks.confirm_import.on_failure(
        OperationalError("server closed the connection"),
        "task-id",
        (batch.pk, staff.pk),
        {"language": "en"},
        None,
    )

    batch.refresh_from_db()
    assert (batch.status, batch.error) == (
        ImportBatch.Status.PREVIEWED,
        "The import stopped with an error; nothing was imported.",
    )


def test_an_undo_failed_for_good_gives_the_import_back(project, staff):
    batch = imported(3, by=staff)
    assert start_undo(batch=batch)

    tasks.undo_import.on_failure(
        OperationalError("server closed the connection"),
        "task-id",
        (batch.pk, staff.pk),
        {"language": "nl"},
        None,
    )

    batch.refresh_from_db()
    assert (batch.status, batch.error) == (
        ImportBatch.Status.CONFIRMED,
        "Het ongedaan maken is met een fout gestopt; er is niets ongedaan gemaakt.",
    )
