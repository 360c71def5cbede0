from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(name="outbox.send_email", bind=True, max_retries=None)
def send_email(self, email_id: int) -> None:
    try:
        services.send_queued_email(email_id=email_id)
    except services.TransientDeliveryError as error:
        # The row is queued again with the time of its retry, which the periodic requeue
        # leaves to this retry (an email failed for good raises nothing).
        raise self.retry(exc=error, countdown=error.countdown) from error


@shared_task(name="outbox.requeue_stalled")
def requeue_stalled() -> int:
    return services.requeue_stalled(now=timezone.now())
