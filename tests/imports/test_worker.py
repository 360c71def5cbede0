import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from imports.models import ImportBatch
from imports.services import (
    ROWS_HANDLED_IN_THE_REQUEST,
    confirm_batch,
    create_batch,
    preview_batch,
)
from mobility.models import Mobility
from mobility.services import save_mobility
from ops.history import history_user
from tests.imports.test_scale import bm_file
from tests.services import CeleryWorkerProcess
from tests.workspace.conftest import MODEL_BACKEND, make_staff

pytestmark = pytest.mark.worker

ROWS = ROWS_HANDLED_IN_THE_REQUEST + 100


def follow_progress(client, batch, *, what):
    """Poll the progress fragment as the page does until it sends the page to the result."""
    progress_url = reverse("imports:progress", kwargs={"pk": batch.pk})
    deadline = time.monotonic() + 90
    while "HX-Redirect" not in (polled := client.get(progress_url, HTTP_HX_REQUEST="true")):
        assert time.monotonic() < deadline, f"the worker did not finish the {what}"
        time.sleep(0.5)
    assert polled["HX-Redirect"] == reverse("imports:detail", kwargs={"pk": batch.pk})


def upload_and_preview(client):
    client.post(
        reverse("imports:upload"),
        {"kind": "mobilities", "file": SimpleUploadedFile("bm.csv", bm_file(ROWS))},
    )
    batch = ImportBatch.objects.latest("pk")
    response = client.post(reverse("imports:columns", kwargs={"pk": batch.pk}), batch.mapping)
    return batch, client.get(response["Location"]).content.decode()


def test_big_file_is_previewed_by_the_worker_and_the_page_follows_it(
    celery_worker_process, project, client
):
    client.force_login(make_staff(), backend=MODEL_BACKEND)

    batch, detail = upload_and_preview(client)

    progress_url = reverse("imports:progress", kwargs={"pk": batch.pk})
    assert f'hx-get="{progress_url}"' in detail
    follow_progress(client, batch, what="preview")
    batch.refresh_from_db()
    assert (batch.status, batch.progress, batch.rows_new, batch.rows_refused) == (
        "previewed",
        100,
        ROWS,
        0,
    )
    celery_worker_process.wait_until_idle()


def test_big_file_is_written_by_the_worker_in_one_go_and_the_page_follows_it(
    celery_worker_process, project, client
):
    staff = make_staff()
    client.force_login(staff, backend=MODEL_BACKEND)
    batch, _detail = upload_and_preview(client)
    follow_progress(client, batch, what="preview")

    response = client.post(reverse("imports:confirm", kwargs={"pk": batch.pk}))

    batch.refresh_from_db()
    page = client.get(response["Location"]).content.decode()
    assert batch.status in ("confirming", "confirmed")
    if batch.status == "confirming":
        assert "The import is being written." in page
    follow_progress(client, batch, what="import")
    batch.refresh_from_db()
    assert (batch.status, batch.error) == ("confirmed", "")
    assert Mobility.objects.filter(project=project).count() == ROWS
    # Written as the member of staff who confirmed, in the history of every row.
    assert set(
        Mobility.history.filter(history_type="+").values_list("history_user", flat=True)
    ) == {staff.pk}
    assert "Undo this import" in client.get(response["Location"]).content.decode()
    celery_worker_process.wait_until_idle()


def confirmed_by_the_worker(client):
    batch, _detail = upload_and_preview(client)
    follow_progress(client, batch, what="preview")
    client.post(reverse("imports:confirm", kwargs={"pk": batch.pk}))
    follow_progress(client, batch, what="import")
    batch.refresh_from_db()
    assert batch.status == "confirmed"
    return batch


def renamed(mobility_id, *, by, last_name):
    mobility = Mobility.objects.get(pk=mobility_id)
    mobility.last_name = last_name
    with history_user(by):
        save_mobility(mobility=mobility, by=by)


def test_big_import_is_undone_by_the_worker_and_the_page_follows_it(
    celery_worker_process, project, client
):
    staff = make_staff()
    client.force_login(staff, backend=MODEL_BACKEND)
    earlier = create_batch(kind="mobilities", filename="few.csv", content=bm_file(10), by=staff)
    confirm_batch(batch=preview_batch(batch=earlier), by=staff)
    kept = list(earlier.written.order_by("key").values_list("object_id", flat=True)[:3])
    for mobility_id in kept:
        renamed(mobility_id, by=staff, last_name="Tanaka-Mori")
    batch = confirmed_by_the_worker(client)
    assert (batch.rows_new, batch.rows_changed, batch.rows_unchanged) == (ROWS - 10, 3, 7)

    response = client.post(reverse("imports:undo", kwargs={"pk": batch.pk}))

    batch.refresh_from_db()
    page = client.get(response["Location"]).content.decode()
    assert batch.status in ("undoing", "undone")
    if batch.status == "undoing":
        assert "The import is being undone." in page
    follow_progress(client, batch, what="undo")
    batch.refresh_from_db()
    assert (batch.status, batch.error) == ("undone", "")
    assert Mobility.objects.filter(project=project).count() == 10
    assert set(Mobility.objects.filter(pk__in=kept).values_list("last_name", flat=True)) == {
        "Tanaka-Mori"
    }
    # Undone as the member of staff who pressed the button, in the history of every row.
    undo_records = Mobility.history.filter(history_change_reason=f"Undo of import #{batch.pk}")
    assert undo_records.filter(history_type="-").count() == ROWS - 10
    assert undo_records.filter(history_type="~", id__in=kept).count() == 3
    assert set(undo_records.values_list("history_user", flat=True)) == {staff.pk}
    assert "Undo this import" not in client.get(response["Location"]).content.decode()
    celery_worker_process.wait_until_idle()


def test_big_undo_refused_by_the_worker_shows_why_on_the_page(
    celery_worker_process, project, client
):
    staff = make_staff()
    client.force_login(staff, backend=MODEL_BACKEND)
    batch = confirmed_by_the_worker(client)
    renamed(batch.written.first().object_id, by=staff, last_name="Tanaka-Mori")

    response = client.post(reverse("imports:undo", kwargs={"pk": batch.pk}))
    follow_progress(client, batch, what="undo")

    batch.refresh_from_db()
    page = client.get(response["Location"]).content.decode()
    refusal = "1 rows of this import were changed since; it can no longer be undone."
    assert (batch.status, batch.error) == ("confirmed", refusal)
    assert refusal in page
    assert "Undo this import" in page
    assert Mobility.objects.filter(project=project).count() == ROWS
    celery_worker_process.wait_until_idle()


def writing_in_a_transaction(table: str) -> bool:
    """Another connection (the worker's) holds a write lock on the table, which it keeps
    until its transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks JOIN pg_class ON pg_class.oid = pg_locks.relation"
            " WHERE pg_class.relname = %s AND pg_locks.mode = 'RowExclusiveLock'"
            " AND pg_locks.pid <> pg_backend_pid()"
            " AND pg_locks.database = (SELECT oid FROM pg_database"
            " WHERE datname = current_database())",
            [table],
        )
        return cursor.fetchone()[0] > 0


def test_big_undo_killed_midway_leaves_the_import_and_the_next_worker_undoes_it(
    celery_worker_process, project, client, tmp_path
):
    staff = make_staff()
    client.force_login(staff, backend=MODEL_BACKEND)
    batch = confirmed_by_the_worker(client)
    celery_worker_process.wait_until_idle()

    client.post(reverse("imports:undo", kwargs={"pk": batch.pk}))
    deadline = time.monotonic() + 30
    while not writing_in_a_transaction(Mobility._meta.db_table):
        assert time.monotonic() < deadline, "the worker did not start the undo"
        time.sleep(0.02)
    celery_worker_process.kill()

    batch.refresh_from_db()
    undo_reason = f"Undo of import #{batch.pk}"
    assert batch.status == "undoing"
    assert Mobility.objects.filter(project=project).count() == ROWS
    assert not Mobility.history.filter(history_change_reason=undo_reason).exists()
    # Redis hands the dead worker's message out again after the visibility timeout: an
    # hour in production, a second here.
    next_worker = CeleryWorkerProcess(
        env={**celery_worker_process.env, "CELERY_VISIBILITY_TIMEOUT": "1"},
        log_path=tmp_path / "next-worker.log",
        broker=celery_worker_process.broker,
    )
    next_worker.start()
    try:
        follow_progress(client, batch, what="undo")
        batch.refresh_from_db()
        assert (batch.status, batch.error) == ("undone", "")
        assert Mobility.objects.filter(project=project).count() == 0
        assert set(
            Mobility.history.filter(history_change_reason=undo_reason).values_list(
                "history_user", flat=True
            )
        ) == {staff.pk}
    finally:
        next_worker.stop()
