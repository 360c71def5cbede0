from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(name="ideas.send_digests")
def send_digests() -> int:
    return services.send_idea_digests(now=timezone.now())
