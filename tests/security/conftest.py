"""Production's security settings, and the portal's pages rendered under them with demo data."""

import importlib
import secrets
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from agreements.access import partner_token
from applications.models import Application
from applications.services import sign_in_url
from demo.agreements import PARTNER_NAME as DEMO_PARTNER_NAME
from demo.participants import PARTICIPANT_EMAIL
from demo.seed import COORDINATOR_USERNAME, STAFF_USERNAME, load_demo
from documents.links import participant_token
from ideas.models import Idea
from ideas.services import idea_token
from ideas.views import SENT_SALT
from imports.services import create_batch, preview_batch
from mobility.models import Mobility
from mobility.registrations import registration_token
from partners.models import Contact
from projects.models import Deadline, Person
from public_site import selectors as public_selectors
from public_site.views import CONFIRMATION_SALT
from reminders import links
from reminders.services import preference_for
from tests.factories import InterestRegistrationFactory

from .fuzz import FUZZED
from .pages import Page, crawl

User = get_user_model()
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
SECURITY_PREFIXES = ("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_", "LANGUAGE_COOKIE_")
SECURITY_NAMES = {"X_FRAME_OPTIONS", "CONTENT_SECURITY_POLICY", "ADMIN_URL"}


def production_security_settings() -> dict:
    """Production's values of every security setting, and of whatever else it changes (but
    the secret key: production refuses the test one, so it is read with a random one)."""
    base = importlib.import_module("exchange_portal.settings.base")
    test_key = base.SECRET_KEY
    base.SECRET_KEY = secrets.token_urlsafe(50)
    try:
        production = importlib.import_module("exchange_portal.settings.production")
    finally:
        base.SECRET_KEY = test_key
    return {
        name: value
        for name, value in vars(production).items()
        if name.isupper()
        and name != "SECRET_KEY"
        and (
            name.startswith(SECURITY_PREFIXES)
            or name in SECURITY_NAMES
            or getattr(base, name, None) != value
        )
    }


@pytest.fixture
def production_settings(settings):
    for name, value in production_security_settings().items():
        setattr(settings, name, value)
    return settings


def _form_pages(client, role: str, posts: list[tuple[str, dict]]) -> list[Page]:
    """Forms posted with nothing valid in them: the pages that show their errors."""
    return [
        Page(role, "POST", url, url, client.post(url, data, secure=True)) for url, data in posts
    ]


def _public_seeds(*, registration, person, deadline) -> list[str]:
    """The entry points of a visitor, and the pages only a form or an email link leads to."""
    offer, user = registration.offer, person.user
    confirmation = signing.dumps({"email": registration.email}, salt=CONFIRMATION_SALT)
    registration_pages = []
    for language in ("en", "nl"):
        with translation.override(language):
            token = {"token": registration_token(registration)}
            # The renew address answers POST only: a crawler's GET gets 405.
            registration_pages += [
                reverse("public:registration", kwargs=token),
                reverse("public:registration-renew", kwargs=token),
            ]
    reset = {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    participant = Mobility.objects.get(email=PARTICIPANT_EMAIL)
    for language in ("en", "nl"):
        with translation.override(language):
            token = {"token": participant_token(participant)}
            registration_pages += [
                reverse("participant:page", kwargs=token),
                reverse("participant:renew", kwargs=token),
            ]
    calendar_token = preference_for(person=person).calendar_token
    applicant = Application.objects.filter(status=Application.Status.DRAFT).first()
    for language in ("en", "nl"):
        with translation.override(language):
            sign_in = urlsplit(
                sign_in_url(email=applicant.email, language=language, offer=applicant.offer)
            ).path
            # The sign-in link leads to the application and its documents; renewing a link
            # and withdrawing answer POST only.
            registration_pages += [
                reverse("public:offer-apply", kwargs={"slug": applicant.offer.slug}),
                sign_in,
                sign_in + "renew/",
                reverse("public:application-withdraw", args=[applicant.pk]),
            ]
    # An applicant whose application became a mobility reaches its participant page.
    participant_applicant = Application.objects.filter(
        status=Application.Status.MOBILITY_CREATED
    ).first()
    for language in ("en", "nl"):
        with translation.override(language):
            registration_pages += [
                urlsplit(
                    sign_in_url(
                        email=participant_applicant.email,
                        language=language,
                        offer=participant_applicant.offer,
                    )
                ).path,
                reverse("participant:from-application", args=[participant_applicant.pk]),
            ]
    return [
        "/",
        "/en/",
        "/nl/",
        "/no-such-page/",
        reverse("robots"),
        reverse("sitemap"),
        reverse("accounts:login"),
        reverse("accounts:password_reset"),
        reverse("accounts:password_reset_done"),
        reverse("accounts:password_reset_confirm", kwargs=reset),
        reverse("accounts:password_reset_complete"),
        reverse("public:offer-register", kwargs={"slug": offer.slug}),
        reverse("public:registration-confirmation", kwargs={"slug": offer.slug})
        + f"?registration={confirmation}",
        reverse("reminders:preferences", args=[links.preferences_token(person)]),
        reverse("reminders:mark-done", args=[links.mark_done_token(deadline, person)]),
        reverse("reminders:deadline", args=[links.deadline_token(deadline, person)]),
        reverse("reminders:calendar", args=[calendar_token]),
        *registration_pages,
        *_partner_pages(),
        *_idea_pages(),
    ]


def _partner_pages() -> list[str]:
    """A partner contact's access link and its renew address (POST only), in each language."""
    contact = Contact.objects.filter(institution__name=DEMO_PARTNER_NAME).exclude(email="").first()
    pages = []
    for language in ("en", "nl"):
        with translation.override(language):
            token = {"token": partner_token(contact)}
            pages += [
                reverse("partner:enter", kwargs=token),
                reverse("partner:renew", kwargs=token),
            ]
    return pages


def _import_pages() -> list[str]:
    """An import of the demo's example spreadsheet, previewed, and its pages."""
    staff = User.objects.get(username=STAFF_USERNAME)
    content = (settings.BASE_DIR / "demo" / "files" / "partners-example.csv").read_bytes()
    batch = preview_batch(
        batch=create_batch(
            kind="partners", filename="partners-example.csv", content=content, by=staff
        )
    )
    return [
        reverse("imports:upload"),
        *(
            reverse(f"imports:{name}", args=[batch.pk])
            for name in ("detail", "columns", "progress")
        ),
    ]


def _idea_pages() -> list[str]:
    """A call's idea pages that only the form, an htmx request or an email link lead to."""
    idea = Idea.objects.select_related("call_for_ideas__call").filter(project=None).first()
    slug = {"slug": idea.call_for_ideas.slug}
    sent = signing.dumps({"email": idea.email}, salt=SENT_SALT)
    pages = []
    for language in ("en", "nl"):
        with translation.override(language):
            token = {"token": idea_token(idea)}
            pages += [
                reverse("ideas:call", kwargs=slug),
                reverse("ideas:cost", kwargs=slug) + f"?partner={idea.partner_id}",
                reverse("ideas:registered", kwargs=slug) + f"?idea={sent}",
                reverse("ideas:idea", kwargs=token),
                # POST only: a crawler's GET gets 405.
                reverse("ideas:renew", kwargs=token),
            ]
    return pages


def _render_site() -> list[Page]:
    load_demo(today=timezone.localdate())
    offer = public_selectors.open_offers(today=timezone.localdate()).first()
    registration = InterestRegistrationFactory(offer=offer)
    coordinator = Person.objects.get(user__username=COORDINATOR_USERNAME)
    deadline = Deadline.objects.filter(responsible=coordinator).first() or Deadline.objects.first()
    register_url = reverse("public:offer-register", kwargs={"slug": offer.slug})
    pages = []

    visitor = Client()
    pages += crawl(
        visitor,
        "visitor",
        _public_seeds(registration=registration, person=coordinator, deadline=deadline),
    )
    pages += _form_pages(
        visitor,
        "visitor",
        [
            (register_url, {"name": "", "email": "not an address", "website": ""}),
            (reverse("accounts:login"), {"username": "staff", "password": "wrong"}),
            (reverse("accounts:password_reset"), {"email": "not an address"}),
        ],
    )
    for role, username in (("staff", STAFF_USERNAME), ("coordinator", COORDINATOR_USERNAME)):
        client = Client()
        client.force_login(User.objects.get(username=username), backend=MODEL_BACKEND)
        seeds = [
            reverse("workspace:dashboard"),
            reverse("accounts:password_change_done"),
            reverse("budgets:overview"),
            reverse("reminders:staff-list"),
            reverse("privacy:person") + f"?email={registration.email}",
            reverse(
                "workspace:mobility-detail",
                args=[Mobility.objects.get(email=PARTICIPANT_EMAIL).pk],
            ),
        ]
        pages += crawl(client, role, seeds)
    staff = Client()
    staff.force_login(User.objects.get(username=STAFF_USERNAME), backend=MODEL_BACKEND)
    pages += crawl(staff, "staff", _import_pages())
    pages += _form_pages(
        staff,
        "staff",
        [
            (reverse(f"workspace:{kind}-create"), {})
            for kind in ("project", "institution", "person", "offer")
        ]
        + [(reverse("workspace:mobility-create", kwargs={"project_pk": offer.project_id}), {})],
    )
    return pages


@pytest.fixture(scope="module")
def site_pages(django_db_setup, django_db_blocker) -> list[Page]:
    """Every kind of page, rendered once under production's security settings, then undone."""
    with (
        django_db_blocker.unblock(),
        override_settings(**production_security_settings()),
        transaction.atomic(),
    ):
        cache.clear()
        try:
            pages = _render_site()
        finally:
            transaction.set_rollback(True)
            cache.clear()
    return pages


def pytest_terminal_summary(terminalreporter):
    if FUZZED:
        terminalreporter.write_sep("-", f"{sum(FUZZED.values())} fuzzed inputs")
        for form, count in sorted(FUZZED.items()):
            terminalreporter.write_line(f"{form}: {count}")
