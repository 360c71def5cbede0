"""Read pages of the workspace kept for the session that saw them, until the database changes.

Going between a list and the pages it links to, paging back, reloading the dashboard: a
staff member asks for the same pages again and again. Such a page is kept and served again
while nothing in the database has changed. The key holds PostgreSQL's current snapshot
(pg_current_snapshot()), which is different after every committed write to any table,
whoever made it: a page, the worker, a bulk update, a script. So a kept page is never older
than the data, and access, which the database decides too (groups, coordinators), is
decided anew as soon as it changes. A kept page is only ever served to the session it was
made for, after that session passed the page's access checks on the same data.

The key also holds the CSRF cookie (the page's forms carry a token made from it), the
language, the day (deadlines become overdue by date) and the full path. Only GET requests
answered 200 with HTML are kept; a page showing a message is not. Elsewhere than on
PostgreSQL (SQLite, the embedded default) pages are not kept. WORKSPACE_PAGE_CACHE=false
switches keeping off.
"""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.db import connection
from django.utils import timezone, translation

from ops.pages import keep_page, kept_page, rendered

# A kept page is dropped this long after it was made, changed data or not.
KEPT_PAGE_SECONDS = 10 * 60


def database_state() -> str | None:
    """What the data is now: changes with every committed write (None off PostgreSQL)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_snapshot()::text")
        return cursor.fetchone()[0]


class KeptPageMixin:
    """Serve the page kept for this session while the data is unchanged; keep it otherwise."""

    def dispatch(self, request, *args, **kwargs):
        key = _kept_page_key(request) if self.keeps_page() else None
        if key is None:
            return super().dispatch(request, *args, **kwargs)
        response = kept_page(key)
        if response is None:
            response = rendered(super().dispatch(request, *args, **kwargs))
            if _is_keepable(request, response):
                keep_page(key, response, seconds=KEPT_PAGE_SECONDS)
        return response

    def keeps_page(self) -> bool:
        """Whether this request's answer is a page to keep (a list's export is a file)."""
        return True


def _kept_page_key(request) -> str | None:
    if not (
        settings.WORKSPACE_PAGE_CACHE
        and request.method == "GET"
        and request.user.is_authenticated
        and request.session.session_key
        and "HX-Request" not in request.headers
        and not len(messages.get_messages(request))
    ):
        return None
    state = database_state()
    if state is None:
        return None
    visitor = "|".join(
        (
            request.session.session_key,
            request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
            translation.get_language(),
            timezone.localdate().isoformat(),
            request.get_full_path(),
            state,
        )
    )
    return f"workspace-page:{hashlib.sha256(visitor.encode()).hexdigest()}"


def _is_keepable(request, response) -> bool:
    """A page as this session would get it again: its CSRF tokens made from the cookie the
    key holds (not from a new one), no cookie or session change with it."""
    csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    return (
        response.status_code == 200
        and response["Content-Type"].startswith("text/html")
        and not response.cookies
        and request.META.get("CSRF_COOKIE", csrf_cookie) == csrf_cookie
        and not request.session.modified
    )
