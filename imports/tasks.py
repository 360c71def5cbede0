from celery import shared_task

from .models import ImportBatch
from .services import preview_batch


@shared_task(name="imports.preview")
def preview_import(batch_id: int) -> None:
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        return
    preview_batch(batch=batch)
