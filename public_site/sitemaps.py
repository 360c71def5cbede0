"""sitemap.xml: every public page in English and Dutch, with hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from . import selectors


class PublicSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class SectionSitemap(PublicSitemap):
    priority = 0.8
    changefreq = "daily"

    def items(self):
        return ["public:home", "public:offer-list", "public:project-list", "public:country-list"]

    def location(self, item):
        return reverse(item)


class ProjectSitemap(PublicSitemap):
    changefreq = "weekly"

    def items(self):
        return selectors.public_projects().prefetch_related(None).order_by("pk")

    def location(self, item):
        return reverse("public:project-detail", kwargs={"slug": item.slug})

    def lastmod(self, item):
        return item.updated_at


class OfferSitemap(PublicSitemap):
    changefreq = "daily"

    def items(self):
        return selectors.public_offers(today=timezone.localdate()).order_by("pk")

    def location(self, item):
        return reverse("public:offer-detail", kwargs={"slug": item.slug})

    def lastmod(self, item):
        return item.updated_at


class CountrySitemap(PublicSitemap):
    changefreq = "weekly"

    def items(self):
        return [summary.slug for summary in selectors.country_summaries()]

    def location(self, item):
        return reverse("public:country-detail", kwargs={"code": item})


SITEMAPS = {
    "sections": SectionSitemap,
    "projects": ProjectSitemap,
    "offers": OfferSitemap,
    "countries": CountrySitemap,
}
