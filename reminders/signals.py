"""Signal receivers: they only queue tasks (on commit), never write."""

from django.utils import timezone

from mobility.models import Mobility

from .tasks import notify_partner


def queue_partner_notice(sender, instance: Mobility, **kwargs) -> None:
    """post_save of a mobility: its partner hears of it once the save is committed."""
    if kwargs.get("raw") or not instance.announce_to_partner:
        return
    if not instance.awaits_partner_answer or instance.planned_end < timezone.localdate():
        return
    notify_partner.delay_on_commit(instance.pk)
