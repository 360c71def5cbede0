from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _("Deadline reminders")

    def ready(self):
        from django.db.models.signals import post_save

        from mobility.models import Mobility

        # Connects the catch-up sweep to the start of Celery beat.
        from . import tasks  # noqa: F401
        from .signals import queue_partner_notice

        # A saved outgoing mobility: its partner's contacts are told (a task, on commit).
        post_save.connect(queue_partner_notice, sender=Mobility, dispatch_uid="nomination-notice")
