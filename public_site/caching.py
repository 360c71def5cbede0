"""Whole-page caching of the public pages for anonymous visitors: the site's one cache.

A page is stored under its language and path, the query parameters it reads and the day
(offers close by date), behind a generation prefix. Each parameter counts once, with the
value the page reads (the last one given), in name order, empty ones left out; any other
parameter (?utm_source=..., a typo, a bot's random one) is no part of the key. The view is
given the request with only those parameters, so a stored page cannot depend on anything
its key leaves out.

Any write to the data the pages show starts a new generation, so the public site is
current at once. A generation lost from the cache (evicted, Redis restarted) starts again
from the clock in nanoseconds, never from a number an earlier generation had (pretix's
NamespacedCache). A visitor with a session (staff, coordinators) or a pending message
always gets a fresh, private page, and only GET requests answered with 200 and no cookie
are stored: a form with errors or a CSRF token never is.
"""

import hashlib
import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse, QueryDict
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers

# Stored pages live this long at most. A data change retires them at once where the cache is
# shared (Redis); a per-process cache (the local-memory default) is stale this long at worst.
SERVER_CACHE_SECONDS = 10 * 60
# Browsers and shared caches may reuse a page this long without asking again.
CLIENT_CACHE_SECONDS = 5 * 60
GENERATION_KEY = "public-page-generation"
MESSAGES_COOKIE_NAME = "messages"


def cache_for_anonymous(*, reads: tuple[str, ...] = ()):
    """Serve and store the page for visitors without a session; mark it private otherwise.

    reads: the query parameters the page reads; the others are dropped before it runs.
    """

    def decorator(view_func):
        @wraps(view_func)
        def wrapper(request, *args, **kwargs):
            if not _is_anonymous_read(request):
                response = view_func(request, *args, **kwargs)
                patch_cache_control(response, private=True, no_cache=True)
                return response
            _keep_only_parameters(request, reads)
            # With PUBLIC_PAGE_CACHE off the page is worked out each time; its headers stay.
            key = _page_key(request) if settings.PUBLIC_PAGE_CACHE else None
            response = _stored_page(key) if key else None
            if response is None:
                response = view_func(request, *args, **kwargs)
                if hasattr(response, "render"):
                    response.render()  # a template response renders late, cookies with it
                if not _is_shareable(request, response):
                    return response
                if key:
                    _store_page(key, response)
            patch_cache_control(response, public=True, max_age=CLIENT_CACHE_SECONDS)
            patch_vary_headers(response, ["Cookie"])
            return response

        return wrapper

    return decorator


def _is_anonymous_read(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE_NAME not in request.COOKIES
    )


def _keep_only_parameters(request, names: tuple[str, ...]) -> None:
    """The request as the page reads it: each of its parameters once, in name order."""
    pairs = [(name, request.GET.get(name, "")) for name in sorted(names)]
    query = urlencode([(name, value) for name, value in pairs if value])
    request.GET = QueryDict(query)
    request.META["QUERY_STRING"] = query


def _is_shareable(request, response) -> bool:
    """Nothing personal: no cookie set or about to be set (CSRF token, session) by the page."""
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.modified)
    )


def _page_key(request) -> str:
    page = f"{translation.get_language()}:{request.get_full_path()}"
    digest = hashlib.sha256(page.encode()).hexdigest()
    return f"public-page:{_generation()}:{timezone.localdate().isoformat()}:{digest}"


def _generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), None)
        # Another process may have started it first; without Redis, nothing is kept.
        generation = cache.get(GENERATION_KEY) or time.time_ns()
    return generation


def _store_page(key: str, response) -> None:
    page = {"content": response.content, "content_type": response["Content-Type"]}
    cache.set(key, page, SERVER_CACHE_SECONDS)


def _stored_page(key: str) -> HttpResponse | None:
    page = cache.get(key)
    if page is None:
        return None
    return HttpResponse(page["content"], content_type=page["content_type"])


def start_new_generation(**kwargs) -> None:
    """Retire every stored page (a signal receiver: any change to what the pages show)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, time.time_ns(), None)


def connect_invalidation() -> None:
    from applications.models import CallForApplications
    from ideas.models import CallForIdeas
    from mobility.models import (
        EligibilityRule,
        ExchangeOffer,
        IndividualSupportRate,
        InterestRegistration,
        RateTable,
        TravelBand,
    )
    from partners.models import Institution, OrganisationalUnit
    from projects.models import Call, Person, Project, ProjectPartner, SubjectArea

    for model in (
        Call,
        CallForApplications,
        CallForIdeas,
        EligibilityRule,
        ExchangeOffer,
        IndividualSupportRate,
        Institution,
        InterestRegistration,
        OrganisationalUnit,
        Person,
        Project,
        ProjectPartner,
        RateTable,
        SubjectArea,
        TravelBand,
    ):
        post_save.connect(start_new_generation, sender=model, dispatch_uid=f"public-{model}")
        post_delete.connect(start_new_generation, sender=model, dispatch_uid=f"public-d-{model}")
    # A migration writes in bulk, without signals (the EU's rates, for one).
    post_migrate.connect(start_new_generation, dispatch_uid="public-migrate")
    for relation in (
        Project.co_coordinators.through,
        Project.subject_areas.through,
        CallForIdeas.contacts.through,
    ):
        m2m_changed.connect(
            start_new_generation, sender=relation, dispatch_uid=f"public-{relation}"
        )
