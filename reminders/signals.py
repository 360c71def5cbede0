"""Signal receivers: they only queue tasks (on commit), never write."""

from mobility.models import Mobility

from .nominations import is_announced
from .tasks import notify_partner


def queue_partner_notice(sender, instance: Mobility, **kwargs) -> None:
    """post_save of a mobility: its partner hears of it once the save is committed."""
    if kwargs.get("raw") or not instance.announce_to_partner:
        return
    if not is_announced(instance):
        return
    notify_partner.delay_on_commit(instance.pk)
