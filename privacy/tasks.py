from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(name="privacy.anonymise_expired")
def anonymise_expired() -> int:
    return services.anonymise_expired(today=timezone.localdate()).total
