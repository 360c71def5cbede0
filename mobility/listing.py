"""Which offers the public site lists: published ones under a public project.

ExchangeOffer.save works the flag out for the offer; saving a project works it out again
for the project's offers; bulk loads call refresh_listing() themselves. The public pages
then read `listed` through one index instead of joining every offer to its project.
"""

from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.db.models.signals import post_save

from projects.models import Project

from .models import ExchangeOffer


def refresh_listing(offers: QuerySet[ExchangeOffer] | None = None) -> None:
    """Work the listed flag out again for these offers (all by default): one statement,
    each offer looking its project up by key."""
    offers = ExchangeOffer.objects.all() if offers is None else offers
    public_project = Project.objects.filter(
        pk=OuterRef("project_id"), status__in=Project.PUBLIC_STATUSES
    )
    offers.update(
        listed=Case(
            When(Q(is_published=True) & Exists(public_project), then=Value(True)),
            default=Value(False),
        )
    )


def _project_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_listing(ExchangeOffer.objects.filter(project=instance))


def connect() -> None:
    post_save.connect(_project_saved, sender=Project, dispatch_uid="offer-listing")
