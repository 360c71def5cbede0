from celery import shared_task
from celery.signals import beat_init
from django.utils import timezone

from mobility.models import Mobility

from . import nominations, participants, services


@shared_task(name="reminders.sweep")
def sweep() -> int:
    now = timezone.now()
    return services.send_due_reminders(now=now) + participants.send_due_participant_reminders(
        now=now
    )


@shared_task(name="reminders.notify_partner")
def notify_partner(mobility_id: int) -> int:
    mobility = Mobility.objects.select_related("partner", "project").filter(pk=mobility_id).first()
    if mobility is None:
        return 0
    return nominations.notify_partner_of_nomination(mobility=mobility)


@shared_task(name="reminders.send_digests")
def send_digests() -> int:
    return services.send_due_digests(now=timezone.now())


@beat_init.connect
def catch_up_when_beat_starts(sender, **kwargs) -> None:
    """Sweep as soon as the scheduler starts, not at the next full hour: catches up downtime."""
    sweep.delay()
    send_digests.delay()
