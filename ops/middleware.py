"""/healthz answered before anything else, a lost database answered with a 503 page, and
the headers every response carries."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

from .views import HealthView

logger = logging.getLogger(__name__)
HEALTH_PATH = "/healthz"

# Long enough for PostgreSQL to restart; browsers ignore it, proxies and monitors do not.
RETRY_AFTER_SECONDS = 30


# Every page is kept by no browser or proxy (personal data, secret links, staff pages),
# except the public site's pages and the files search engines read. Opting pages in rather
# than out: a new app's pages are covered without being listed.
STORABLE_NAMESPACES = {"public"}
STORABLE_VIEWS = {"robots", "sitemap"}
NO_STORE_VIEWS = {
    "public:registration-confirmation",
    "public:registration",
    "public:registration-renew",
}


def may_be_stored(match) -> bool:
    if match.view_name in NO_STORE_VIEWS:
        return False
    return match.view_name in STORABLE_VIEWS or bool(
        STORABLE_NAMESPACES.intersection(match.namespaces)
    )


class ResponseHeadersMiddleware:
    """Permissions-Policy on every response (static files and /healthz included), and
    Cache-Control: no-store on the pages and exports that hold personal data or secrets."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        match = getattr(request, "resolver_match", None)
        if match is not None and not may_be_stored(match):
            add_never_cache_headers(response)
        return response


class HealthCheckMiddleware:
    """Answer /healthz first in the chain: before the host check (ALLOWED_HOSTS) and the
    HTTPS redirect, so that a container's own probe on http://127.0.0.1 gets the report."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.health = HealthView.as_view()

    def __call__(self, request):
        if request.path == HEALTH_PATH and request.method in ("GET", "HEAD"):
            response = self.health(request)
            # What the security middlewares further down would have added.
            response["X-Content-Type-Options"] = "nosniff"
            response["X-Frame-Options"] = "DENY"
            return response
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """Answer a view's lost or refused database connection with 503 and Retry-After.

    Django closes a connection that failed at the end of the request, and the next request
    connects again (CONN_HEALTH_CHECKS), so the portal recovers by itself once the database
    is back. The page is rendered without the request's context: the user, the session and
    the messages all live in the database that is missing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not _is_database_gone(exception):
            return None
        logger.warning("No database for %s %s: %s", request.method, request.path, exception)
        response = HttpResponse(
            loader.render_to_string("ops/database_unavailable.html"), status=503
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response


def _is_database_gone(exception: Exception) -> bool:
    # The driver's own errors too: Django does not wrap every call, e.g. a cursor's close()
    # after the server went away while a template was iterating over a query.
    driver = connection.Database
    return isinstance(
        exception,
        OperationalError | InterfaceError | driver.OperationalError | driver.InterfaceError,
    )
