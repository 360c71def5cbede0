from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _("Deadline reminders")

    def ready(self):
        # Connects the catch-up sweep to the start of Celery beat.
        from . import tasks  # noqa: F401
