from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(name="ops.heartbeat", ignore_result=True)
def heartbeat() -> None:
    services.record_heartbeat(name=services.WORKER, now=timezone.now())
