from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.contrib.auth import get_user_model
from django.db import OperationalError
from django.utils.translation import gettext as _

from .models import ImportBatch
from .services import (
    confirm_in_worker,
    give_back_confirmation,
    give_back_undo,
    preview_batch,
    undo_in_worker,
)

# About 20 ms a row (each row is checked and gets its history): writing or undoing 10,000
# rows needs more than the default limit. Redis hands out a message again after the
# visibility timeout (an hour), so the limit stays below it.
SECONDS_ALLOWED = 30 * 60


@shared_task(
    name="imports.preview",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def preview_import(batch_id: int) -> None:
    """Compute an import's preview (a file too big to preview while the page waits)."""
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        return
    preview_batch(batch=batch)


@shared_task(
    name="imports.confirm",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=SECONDS_ALLOWED,
    time_limit=SECONDS_ALLOWED + 60,
)
def confirm_import(batch_id: int, user_id: int | None) -> None:
    """Write a big import in one transaction. Acknowledged late: a worker that dies midway
    leaves nothing written, and the task runs again on the next worker."""
    if not ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.CONFIRMING).exists():
        return
    by = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        confirm_in_worker(batch_id=batch_id, by=by)
    except SoftTimeLimitExceeded:
        # The transaction was rolled back: nothing is written.
        give_back_confirmation(
            batch_id=batch_id,
            reason=_("The import took too long and was stopped; nothing was imported."),
        )


@shared_task(
    name="imports.undo",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=SECONDS_ALLOWED,
    time_limit=SECONDS_ALLOWED + 60,
)
def undo_import(batch_id: int, user_id: int | None) -> None:
    """Undo a big import in one transaction. Acknowledged late: a worker that dies midway
    leaves the import as it was, and the task runs again on the next worker; a task that
    runs again after the undo finished finds nothing to do."""
    if not ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.UNDOING).exists():
        return
    by = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        undo_in_worker(batch_id=batch_id, by=by)
    except SoftTimeLimitExceeded:
        # The transaction was rolled back: nothing is undone.
        give_back_undo(
            batch_id=batch_id,
            reason=_("The undo took too long and was stopped; nothing was undone."),
        )
