"""Which offers the public site lists: published ones under a public project.

ExchangeOffer.save works the flag out for the offer; saving a project works it out again
for the project's offers; bulk loads call refresh_listing() themselves. The public pages
then read `listed` through one index instead of joining every offer to its project.
"""

from django.db.models import QuerySet
from django.db.models.signals import post_save

from projects.models import Project

from .models import ExchangeOffer


def refresh_listing(offers: QuerySet[ExchangeOffer] | None = None) -> None:
    """Work the listed flag out again for these offers (all by default): two statements."""
    offers = ExchangeOffer.objects.all() if offers is None else offers
    shown = offers.filter(is_published=True, project__status__in=Project.PUBLIC_STATUSES)
    shown.exclude(listed=True).update(listed=True)
    offers.filter(listed=True).exclude(pk__in=shown.values("pk")).update(listed=False)


def _project_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_listing(ExchangeOffer.objects.filter(project=instance))


def connect() -> None:
    post_save.connect(_project_saved, sender=Project, dispatch_uid="offer-listing")
