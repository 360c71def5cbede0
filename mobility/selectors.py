"""Read-side queries of exchange offers as the public sees them, for the public site and the
benchmark's page list.

An offer is public when it is published under a public project (awarded, running or closed).
"""

import datetime

from django.db.models import DecimalField, ExpressionWrapper, F, QuerySet

from projects.models import Project

from .models import ExchangeOffer
from .registrations import with_availability

# Offers on a page of the public catalogue.
CATALOGUE_PAGE_SIZE = 12

MONEY = DecimalField(max_digits=12, decimal_places=2)
# What a mobility takes from its grant line: individual and travel support. Organisational
# support is the project's, and inclusion support is paid on real costs, apart from lines.
GRANT = ExpressionWrapper(F("individual_support") + F("travel_support"), output_field=MONEY)


def published_offers() -> QuerySet[ExchangeOffer]:
    """Published offers under public projects: what the public site shows."""
    return ExchangeOffer.objects.filter(
        is_published=True, project__status__in=Project.PUBLIC_STATUSES
    )


def public_offers(*, today: datetime.date) -> QuerySet[ExchangeOffer]:
    """Published offers under public projects, with is_open and what their cards show."""
    offers = published_offers().select_related("project__home_unit", "partner", "subject_area")
    return with_availability(offers, today=today)


def open_offers(*, today: datetime.date) -> QuerySet[ExchangeOffer]:
    """The public offers open for interest: those the catalogue lists before "Show closed"."""
    return public_offers(today=today).filter(is_open=True)
