"""The pages the benchmark loads, with the seeded rows they show, and their query counts."""

import math

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from mobility.models import ExchangeOffer
from mobility.selectors import CATALOGUE_PAGE_SIZE, open_offers
from projects.models import Project


def measured_pages() -> list[dict]:
    offers = ExchangeOffer.objects.filter(is_published=True).order_by("pk")
    projects = Project.objects.filter(status="running").order_by("pk")
    offer = offers[min(500, offers.count() - 1)]
    project = projects[min(100, projects.count() - 1)]
    country = offer.partner.country.code.lower()
    # Page 100 at full scale; the last page of a smaller catalogue (open offers, as it opens).
    shown = open_offers(today=timezone.localdate()).count()
    deep_page = min(100, math.ceil(shown / CATALOGUE_PAGE_SIZE))
    public = [
        ("catalogue page 1", "/en/offers/"),
        ("catalogue page 100", f"/en/offers/?page={deep_page}"),
        ("catalogue search", f"/en/offers/?q=immunology&country={country.upper()}"),
        ("offer page", f"/en/offers/{offer.slug}/"),
        ("public project page", f"/en/projects/{project.slug}/"),
    ]
    staff = [
        ("staff project list", "/workspace/projects/"),
        ("project detail", f"/workspace/projects/{project.pk}/"),
        ("dashboard", "/workspace/"),
    ]
    # Public pages are served to anonymous visitors from the page cache; the "uncached" rows
    # ask a second server that has it switched off (PUBLIC_PAGE_CACHE false), which works out
    # every page anew. Staff pages are worked out for every request on either server.
    return [
        *_entries([("floor", "/bench/floor/")], auth=False, cached=True),
        *_entries([("admin change list", "/admin/projects/project/")], auth=True, cached=True),
        *_entries(staff, auth=True, cached=True),
        *_entries(public, auth=False, cached=True),
        *_entries(public, auth=False, cached=False),
    ]


def _entries(named_urls: list[tuple[str, str]], *, auth: bool, cached: bool) -> list[dict]:
    suffix = "" if cached else " uncached"
    return [
        {"name": f"{name}{suffix}", "url": url, "auth": auth, "cached": cached}
        for name, url in named_urls
    ]


def query_counts(page_list: list[dict], *, staff: Client) -> dict[str, int]:
    """The SQL queries of each page as its view works it out: the page cache off (a public
    page served from the cache makes none), the data the pages share already cached, as it is
    but for the first visit after a change."""
    anonymous = Client()
    counts = {}
    with override_settings(PUBLIC_PAGE_CACHE=False):
        for page in page_list:
            client = staff if page["auth"] else anonymous
            client.get(page["url"])
            with CaptureQueriesContext(connection) as queries:
                response = client.get(page["url"])
            if response.status_code != 200:
                raise AssertionError(
                    f"{page['name']}: {page['url']} answered {response.status_code}"
                )
            counts[page["name"]] = len(queries)
    return counts
