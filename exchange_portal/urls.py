from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.cache import cache_page

from public_site.sitemaps import SITEMAPS
from public_site.views import RobotsView

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("", include("reminders.urls")),
    path("workspace/privacy/", include("privacy.urls")),
    path("workspace/budgets/", include("budgets.urls")),
    path("workspace/import/", include("imports.urls")),
    path("workspace/payments/", include("payments.urls")),
    path("workspace/agreements/", include("agreements.urls")),
    path("workspace/applications/", include("applications.urls")),
    path("workspace/ideas/", include("ideas.urls.office")),
    path("workspace/", include("documents.urls")),
    path("workspace/", include("workspace.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("robots.txt", RobotsView.as_view(), name="robots"),
    path("sitemap.xml", cache_page(60 * 60)(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
]
# The public site lives under /en/ and /nl/; staff pages stay unprefixed, in the language of
# the browser or of the switcher's cookie.
urlpatterns += i18n_patterns(
    path("participant/", include("documents.participant_urls")),
    path("partner/", include("agreements.partner_urls")),
    path("", include("public_site.urls")),
    path("", include("ideas.urls.public")),
)
