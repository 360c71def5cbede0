from celery import shared_task
from django.db import OperationalError

from .models import ImportBatch
from .services import preview_batch


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
