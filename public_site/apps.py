from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "public_site"
    verbose_name = _("Public site")

    def ready(self):
        from . import caching

        caching.connect_invalidation()
