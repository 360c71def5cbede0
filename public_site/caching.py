"""Whole-page caching of the public pages for anonymous visitors.

A page is stored per path and query string, language and day (offers close by date). A
visitor with a session (staff, coordinators) or a pending message always gets a fresh,
private page, and only GET requests answered with 200 and no cookie are stored: a form
with errors or a CSRF token never is. Any write to the data the pages show starts a new
cache generation, so the public site is current at once.

Pieces that many pages share are kept the same way, also when whole pages are not stored
(PUBLIC_PAGE_CACHE off, or a page asked for the first time): the catalogue's filter choices
and result counts (cached_for_public), its offer cards and its filter form as filled in
(cached_pieces).
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from ops.pages import keep_page, kept_page, rendered

# Stored pages live this long at most. A data change retires them at once where the cache is
# shared (Redis); a per-process cache (the local-memory default) is stale this long at worst.
SERVER_CACHE_SECONDS = 10 * 60
# Browsers and shared caches may reuse a page this long without asking again.
CLIENT_CACHE_SECONDS = 5 * 60
GENERATION_KEY = "public-page-generation"
MESSAGES_COOKIE_NAME = "messages"


def cache_for_anonymous(view_func):
    """Serve and store the page for visitors without a session; mark it private otherwise."""

    @wraps(view_func)
    def wrapper(request, *args, **kwargs):
        if not _is_anonymous_read(request):
            response = view_func(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        # With PUBLIC_PAGE_CACHE off the page is worked out each time; its headers stay.
        key = _page_key(request) if settings.PUBLIC_PAGE_CACHE else None
        response = kept_page(key) if key else None
        if response is None:
            response = rendered(view_func(request, *args, **kwargs))
            if not _is_shareable(request, response):
                return response
            if key:
                keep_page(key, response, seconds=SERVER_CACHE_SECONDS)
        patch_cache_control(response, public=True, max_age=CLIENT_CACHE_SECONDS)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper


def _is_anonymous_read(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE_NAME not in request.COOKIES
    )


def _is_shareable(request, response) -> bool:
    """Nothing personal: no cookie set or about to be set (CSRF token, session) by the page."""
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.modified)
    )


def data_version() -> str:
    """What a stored piece of a public page depends on: the cache generation (any change to
    the data starts a new one) and the day (offers close by date)."""
    return f"{cache.get(GENERATION_KEY, 0)}:{timezone.localdate().isoformat()}"


def cached_for_public(name: str, compute):
    """compute() stored for the public pages, per language, until the data changes."""
    key = f"public-data:{data_version()}:{translation.get_language()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, SERVER_CACHE_SECONDS)
    return value


def cached_pieces(name: str, keys: list, render) -> list:
    """The stored piece of page for each key, in order; render(missing keys) returns
    {key: piece} for those not stored yet, which are then stored until the data changes."""
    version = f"{data_version()}:{translation.get_language()}"
    stored_as = {key: f"public-piece:{name}:{version}:{key}" for key in keys}
    found = cache.get_many(list(stored_as.values()))
    missing = [key for key in keys if stored_as[key] not in found]
    if missing:
        made = {stored_as[key]: piece for key, piece in render(missing).items()}
        cache.set_many(made, SERVER_CACHE_SECONDS)
        found.update(made)
    return [found[stored_as[key]] for key in keys]


def _page_key(request) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"public-page:{data_version()}:{translation.get_language()}:{path}"


def start_new_generation(**kwargs) -> None:
    """Retire every stored page (a signal receiver: any change to what the pages show)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


def connect_invalidation() -> None:
    from mobility.models import ExchangeOffer, InterestRegistration
    from partners.models import Institution, OrganisationalUnit
    from projects.models import Call, Person, Project, ProjectPartner, SubjectArea

    for model in (
        Call,
        ExchangeOffer,
        Institution,
        InterestRegistration,
        OrganisationalUnit,
        Person,
        Project,
        ProjectPartner,
        SubjectArea,
    ):
        post_save.connect(start_new_generation, sender=model, dispatch_uid=f"public-{model}")
        post_delete.connect(start_new_generation, sender=model, dispatch_uid=f"public-d-{model}")
    for relation in (Project.co_coordinators.through, Project.subject_areas.through):
        m2m_changed.connect(
            start_new_generation, sender=relation, dispatch_uid=f"public-{relation}"
        )
