from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MobilityConfig(AppConfig):
    name = "mobility"
    verbose_name = _("Mobility")

    def ready(self):
        from . import listing, search

        listing.connect()
        search.connect()
