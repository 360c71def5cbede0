"""The pages the benchmark loads, with the seeded rows they show."""

import math

from django.utils import timezone

from mobility.models import ExchangeOffer
from projects.models import Project
from public_site.selectors import public_offers
from public_site.views import OfferListView


def pages() -> list[dict]:
    offers = ExchangeOffer.objects.filter(is_published=True).order_by("pk")
    projects = Project.objects.filter(status="running").order_by("pk")
    offer = offers[min(500, offers.count() - 1)]
    project = projects[min(100, projects.count() - 1)]
    country = offer.partner.country.code.lower()
    # Page 100 at full scale; the last page of a smaller catalogue.
    listed = public_offers(today=timezone.localdate()).count()
    deep_page = min(100, math.ceil(listed / OfferListView.paginate_by))
    return [
        {"name": "floor", "url": "/bench/floor/", "auth": False},
        {"name": "admin change list", "url": "/admin/projects/project/", "auth": True},
        {"name": "catalogue page 1", "url": "/en/offers/", "auth": False},
        {"name": "catalogue page 100", "url": f"/en/offers/?page={deep_page}", "auth": False},
        {
            "name": "catalogue search",
            "url": f"/en/offers/?q=immunology&country={country.upper()}",
            "auth": False,
        },
        {"name": "offer page", "url": f"/en/offers/{offer.slug}/", "auth": False},
        {"name": "public project page", "url": f"/en/projects/{project.slug}/", "auth": False},
        {"name": "staff project list", "url": "/workspace/projects/", "auth": True},
        {"name": "project detail", "url": f"/workspace/projects/{project.pk}/", "auth": True},
        {"name": "dashboard", "url": "/workspace/", "auth": True},
    ]
