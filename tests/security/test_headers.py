"""Production's security headers and cookies on every page, and pages the CSP can enforce on.

The pages are every kind of page a visitor, staff and a coordinator reach by following links
from the home page, the login page and the workspace, with the demo data (see conftest).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import get_resolver

from .pages import REDIRECTS, Tags

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db
# Views that answer a POST only: their pages are the ones they redirect to.
POST_ONLY = {
    "accounts:logout",
    "reminders:calendar-reset",
    "reminders:renew-link",
    "reminders:staff-resend",
    "privacy:erase",
    "workspace:deadline-done",
    "workspace:registration-status",
    "workspace:account-staff",
    "workspace:account-active",
    "workspace:deleted-restore",
    "budgets:rate-table-recalculate",
    "payments:step",
    "documents:send-participant-link",
    "documents:document-language",
    "documents:confirm-report",
    "agreements:nomination-decide",
    "agreements:undo-partner-change",
    "agreements:contact-send-link",
    "agreements:contact-revoke-links",
    "imports:confirm",
    "imports:undo",
    "applications:allocate",
    "applications:create-mobility",
    "applications:criterion-add",
    "applications:offer-next",
    "applications:status",
    "ideas_office:change",
    "ideas_office:proposal",
    "set_language",
}
# The health check answers 503 while no worker runs; it is tested with the operations code.
HEALTH_CHECK = "ops:healthz"


def _csp(response) -> dict[str, list[str]]:
    directives = {}
    for directive in response["Content-Security-Policy"].split(";"):
        name, *values = directive.split()
        directives[name] = values
    return directives


def _named_views() -> set[str]:
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return {name for name in names if not name.startswith("admin:")}


def test_crawl_reaches_every_page_of_the_portal_in_both_languages(site_pages):
    reached = {page.view for page in site_pages if page.method == "GET"}
    # The public site, the participant's, the partner's and the idea pages live under /en/
    # and /nl/.
    public = {
        name
        for name in _named_views()
        if name.startswith(("public:", "participant:", "partner:", "ideas:"))
    }

    assert sorted(_named_views() - public - reached - {HEALTH_CHECK}) == sorted(POST_ONLY)
    assert {f"{language}:{name}" for name in public for language in ("en", "nl")} <= reached


def test_no_page_answers_with_a_server_error(site_pages):
    failures = [str(page) for page in site_pages if page.status >= 500]

    assert failures == []


def test_every_page_sends_the_security_headers(site_pages):
    """Redirects (no body to frame or run) are left out: LocaleMiddleware makes some of them
    after the CSP and framing middleware have passed."""
    wrong = []
    for page in site_pages:
        if page.status in REDIRECTS:
            continue
        response = page.response
        csp = _csp(response)
        headers = {
            "script-src": csp.get("script-src"),
            "style-src": csp.get("style-src"),
            "frame-ancestors": csp.get("frame-ancestors"),
            "X-Frame-Options": response.get("X-Frame-Options"),
            "Referrer-Policy": response.get("Referrer-Policy"),
            "X-Content-Type-Options": response.get("X-Content-Type-Options"),
            "Strict-Transport-Security": response.get("Strict-Transport-Security"),
        }
        expected = {
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            "frame-ancestors": ["'none'"],
            "X-Frame-Options": "DENY",
            "Referrer-Policy": "same-origin",
            "X-Content-Type-Options": "nosniff",
            "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
        }
        if headers != expected:
            wrong.append((str(page), headers))

    assert wrong == []


PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
# Pages holding personal data or reached through a secret link; no copy may be kept.
# The pages a browser or proxy may keep: the public site's (some of them aside) and what
# search engines read. Every other page is private.
STORABLE_PREFIXES = ("en:public:", "nl:public:", "public:")
STORABLE_VIEWS = {"robots", "sitemap"}
PRIVATE_VIEWS = {
    f"{language}:{name}"
    for language in ("en", "nl")
    for name in ("public:registration-confirmation", "participant:page", "participant:document")
}


def test_every_response_carries_the_permissions_policy(site_pages, client):
    health = client.get("/healthz")

    missing = [
        str(page)
        for page in site_pages
        if page.response.get("Permissions-Policy") != PERMISSIONS_POLICY
    ]

    assert missing == []
    assert health["Permissions-Policy"] == PERMISSIONS_POLICY


def test_pages_with_personal_data_or_secrets_are_never_stored(site_pages):
    private = [
        page
        for page in site_pages
        # An address no view answers (a 404) holds nothing; / is the public site's redirect
        # to a language ("public:" without one).
        if page.view != "not-found"
        and (
            not (page.view.startswith(STORABLE_PREFIXES) or page.view in STORABLE_VIEWS)
            or page.view in PRIVATE_VIEWS
        )
    ]
    stored = [
        (str(page), page.response.get("Cache-Control"))
        for page in private
        if "no-store" not in page.response.get("Cache-Control", "")
    ]
    kinds = {page.view for page in private}

    assert stored == []
    assert {
        "workspace:project-list",
        "privacy:person",
        "privacy:export",
        "reminders:preferences",
        "reminders:mark-done",
        "reminders:staff-list",
        "budgets:overview",
        "accounts:password_reset_confirm",
        "agreements:list",
        "imports:list",
        "ideas_office:list",
        "en:partner:home",
        "nl:ideas:idea",
    } <= kinds
    assert any(view.startswith("applications:") for view in kinds)
    assert any(view.startswith("workspace:") and view.endswith("-export") for view in kinds)


def test_anonymous_public_pages_may_still_be_cached(site_pages):
    public = [
        page
        for page in site_pages
        if page.role == "visitor" and page.view in {"en:public:home", "en:public:offer-list"}
    ]

    assert public
    assert all("no-store" not in page.response.get("Cache-Control", "") for page in public)


def test_no_page_has_inline_scripts_styles_or_event_handlers(site_pages):
    """json_script's data blocks (type application/json) are data, not scripts: allowed."""
    found = []
    for page in site_pages:
        if not page.is_html:
            continue
        tags = Tags(page.html)
        for tag, attrs in tags.tags:
            inline_script = (
                tag == "script" and "src" not in attrs and attrs.get("type") != "application/json"
            )
            handlers = [name for name in attrs if name.startswith("on")]
            javascript_url = str(attrs.get("href", "")).lower().startswith("javascript:")
            if inline_script or tag == "style" or "style" in attrs or handlers or javascript_url:
                found.append((str(page), tag, attrs))

    assert found == []


def test_crawl_covers_each_role_and_the_form_errors(site_pages):
    by_role = {}
    for page in site_pages:
        by_role.setdefault((page.role, page.method), 0)
        by_role[(page.role, page.method)] += 1

    assert sorted(by_role) == [
        ("coordinator", "GET"),
        ("staff", "GET"),
        ("staff", "POST"),
        ("visitor", "GET"),
        ("visitor", "POST"),
    ]
    assert all(page.status == 200 for page in site_pages if page.method == "POST")


@pytest.mark.django_db
def test_production_redirects_plain_http_to_https(production_settings, client):
    response = client.get("/en/offers/?q=leiden")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/en/offers/?q=leiden"


@pytest.mark.django_db
def test_production_csrf_cookie_is_secure_and_http_only(production_settings, client):
    response = client.get("/accounts/login/", secure=True)

    cookie = response.cookies["csrftoken"]
    assert (cookie["secure"], cookie["httponly"], cookie["samesite"]) == (True, True, "Lax")


@pytest.mark.django_db
def test_production_session_cookie_is_secure_and_http_only(production_settings, client):
    from tests.factories import UserFactory

    UserFactory(username="iro", password="correct horse battery staple")

    response = client.post(
        "/accounts/login/",
        {"username": "iro", "password": "correct horse battery staple"},
        secure=True,
    )

    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert (cookie["secure"], cookie["httponly"], cookie["samesite"]) == (True, True, "Lax")
    assert cookie["max-age"] == 36000


@pytest.mark.django_db
def test_production_language_cookie_is_secure_and_http_only(production_settings, client):
    response = client.post("/i18n/setlang/", {"language": "nl", "next": "/nl/"}, secure=True)

    cookie = response.cookies["django_language"]
    assert (cookie["secure"], cookie["httponly"], cookie["samesite"]) == (True, True, "Lax")


def _admin_paths(admin_url: str | None) -> str:
    """Where the admin is and what /admin/ answers, in a fresh process with ADMIN_URL set."""
    script = (
        "import django; django.setup();"
        "from django.test import Client; from django.urls import reverse;"
        "client = Client(HTTP_HOST='localhost');"
        "print(reverse('admin:index'), client.get(reverse('admin:index')).status_code,"
        " client.get('/admin/').status_code)"
    )
    env = {k: v for k, v in os.environ.items() if k != "ADMIN_URL"}
    env.update(DJANGO_SETTINGS_MODULE="exchange_portal.settings.test")
    if admin_url is not None:
        env["ADMIN_URL"] = admin_url
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_admin_lives_where_admin_url_says():
    assert _admin_paths("office-7f3c/") == "/office-7f3c/ 302 404"


def test_admin_defaults_to_admin_path():
    assert _admin_paths(None) == "/admin/ 302 302"
