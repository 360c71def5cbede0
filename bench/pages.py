"""The pages the benchmark loads, with the seeded rows they show."""

from mobility.models import ExchangeOffer
from projects.models import Project


def pages() -> list[dict]:
    offers = ExchangeOffer.objects.filter(is_published=True).order_by("pk")
    projects = Project.objects.filter(status="running").order_by("pk")
    offer = offers[min(500, offers.count() - 1)]
    project = projects[min(100, projects.count() - 1)]
    country = offer.partner.country.code.lower()
    return [
        {"name": "floor", "url": "/bench/floor/", "auth": False},
        {"name": "admin change list", "url": "/admin/projects/project/", "auth": True},
        {"name": "catalogue page 1", "url": "/en/offers/", "auth": False},
        {"name": "catalogue page 100", "url": "/en/offers/?page=100", "auth": False},
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
