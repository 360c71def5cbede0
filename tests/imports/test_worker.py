import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.models import ImportBatch
from imports.views import ROWS_PREVIEWED_IN_THE_REQUEST
from tests.imports.test_scale import bm_file
from tests.workspace.conftest import MODEL_BACKEND, make_staff

pytestmark = pytest.mark.worker

ROWS = ROWS_PREVIEWED_IN_THE_REQUEST + 100


def test_big_file_is_previewed_by_the_worker_and_the_page_follows_it(
    celery_worker_process, project, client
):
    client.force_login(make_staff(), backend=MODEL_BACKEND)
    client.post(
        reverse("imports:upload"),
        {"kind": "mobilities", "file": SimpleUploadedFile("bm.csv", bm_file(ROWS))},
    )
    batch = ImportBatch.objects.get()

    response = client.post(reverse("imports:columns", kwargs={"pk": batch.pk}), batch.mapping)

    detail = client.get(response["Location"]).content.decode()
    progress_url = reverse("imports:progress", kwargs={"pk": batch.pk})
    assert f'hx-get="{progress_url}"' in detail
    deadline = time.monotonic() + 60
    while "HX-Redirect" not in (polled := client.get(progress_url, HTTP_HX_REQUEST="true")):
        assert time.monotonic() < deadline, "the worker did not finish the preview"
        time.sleep(0.5)
    assert polled["HX-Redirect"] == reverse("imports:detail", kwargs={"pk": batch.pk})
    batch.refresh_from_db()
    assert (batch.status, batch.progress, batch.rows_new, batch.rows_refused) == (
        "previewed",
        100,
        ROWS,
        0,
    )
    celery_worker_process.wait_until_idle()
