from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import OperationalError

from .models import ImportBatch
from .services import confirm_in_worker, preview_batch, undo_in_worker


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
)
def confirm_import(batch_id: int, user_id: int | None) -> None:
    """Write a big import in one transaction. Acknowledged late: a worker that dies midway
    leaves nothing written, and the task runs again on the next worker."""
    if not ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.CONFIRMING).exists():
        return
    by = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    confirm_in_worker(batch_id=batch_id, by=by)


@shared_task(
    name="imports.undo",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def undo_import(batch_id: int, user_id: int | None) -> None:
    """Undo a big import in one transaction. Acknowledged late: a worker that dies midway
    leaves the import as it was, and the task runs again on the next worker; a task that
    runs again after the undo finished finds nothing to do."""
    if not ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.UNDOING).exists():
        return
    by = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    undo_in_worker(batch_id=batch_id, by=by)
