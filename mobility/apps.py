from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MobilityConfig(AppConfig):
    name = "mobility"
    verbose_name = _("Mobility")

    def ready(self):
        from .search import install_search_triggers

        # The search documents are kept by triggers made from the models (mobility.search).
        post_migrate.connect(install_search_triggers, sender=self, dispatch_uid="offer-search")
