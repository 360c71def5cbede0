from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import services


@shared_task(name="outbox.send_email", bind=True, max_retries=None)
def send_email(self, email_id: int) -> None:
    try:
        services.send_queued_email(email_id=email_id)
    except services.TransientDeliveryError as error:
        # The row is queued again (or failed for good, when attempts ran out).
        backoff = settings.OUTBOX_RETRY_BACKOFF_SECONDS * 2 ** min(self.request.retries, 6)
        raise self.retry(exc=error, countdown=backoff) from error


@shared_task(name="outbox.requeue_stalled")
def requeue_stalled() -> int:
    return services.requeue_stalled(now=timezone.now())
