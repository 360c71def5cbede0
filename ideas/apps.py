from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = _("Project ideas")

    def ready(self):
        from projects.signals import project_status_changed

        from .services import on_project_status_changed

        # Projects sit below ideas: they signal a change of status, ideas follow it.
        project_status_changed.connect(
            on_project_status_changed, dispatch_uid="ideas-follow-outcome"
        )
