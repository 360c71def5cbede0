"""The public site in Chromium: a student's journey in English and Dutch, closed offers, and
the axe-core accessibility checker on every public page, at desktop and phone widths."""

import json
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from demo.seed import load_demo
from mobility.models import ExchangeOffer, InterestRegistration
from outbox.models import OutgoingEmail
from public_site.selectors import open_offers
from tests.browser_layout import WIDTHS, layout_problems

BASE_DIR = Path(__file__).resolve().parent.parent.parent
AXE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = BASE_DIR / "test-artifacts" / "public"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
BLOCKING_IMPACTS = ("serious", "critical")

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    """The demo data of `make run`: the seed projects, their partners and offers."""
    load_demo(today=timezone.localdate())


def _screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def _console_errors(page: Page) -> list[str]:
    """Collects console errors, where a Content-Security-Policy violation would show."""
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    return errors


def _fill_registration(page: Page, *, level: str = "master") -> None:
    """Fill the registration form by field ids, so it works in either language."""
    page.locator("#id_name").fill("Sanne de Vries")
    page.locator("#id_email").fill("sanne@example.org")
    page.locator("#id_study_programme").fill("Bio-Pharmaceutical Sciences")
    page.locator("#id_level").select_option(level)
    page.locator("#id_motivation").fill("I want to learn free-energy methods.")


def _open_offer_in(country: str) -> ExchangeOffer:
    return open_offers(today=timezone.localdate()).filter(partner__country=country).get()


@pytest.mark.worker
def test_student_filters_registers_and_receives_the_confirmation_email(
    live_server, page, demo, celery_worker_process, smtp_server
):
    errors = _console_errors(page)
    offer = _open_offer_in("US")
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/en/offers/")

    page.get_by_label("Partner country").select_option("US")
    page.get_by_role("button", name="Show offers").click()
    expect(page).to_have_url(re.compile(r"/en/offers/\?.*country=US"))
    expect(page.get_by_role("heading", name="1 offer", exact=True)).to_be_visible()
    _screenshot(page, "journey-en-1-catalogue-filtered")
    page.get_by_role("link", name=offer.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(offer.title)
    _screenshot(page, "journey-en-2-offer")
    page.get_by_role("link", name="Register interest").click()
    # The labels are the fields' names: what a screen reader announces.
    page.get_by_label("Full name").fill("Sanne de Vries")
    page.get_by_label("Email").fill("sanne@example.org")
    page.get_by_label("Study programme").fill("Bio-Pharmaceutical Sciences")
    page.get_by_label("Study level").select_option("master")
    page.get_by_label("Motivation").fill("I want to learn free-energy methods.")
    page.get_by_role("button", name="Register interest").click()

    expect(page.get_by_role("heading", name="Thank you for your interest")).to_be_visible()
    expect(page.get_by_text("An email is on its way to sanne@example.org.")).to_be_visible()
    _screenshot(page, "journey-en-3-confirmation")
    message = smtp_server.wait_for(1, timeout=30)[0]
    assert message.to == "sanne@example.org"
    assert message.subject == f"Your interest in {offer.title} is registered"
    assert "Dear Sanne de Vries," in message.text
    assert f"/en/offers/{offer.slug}/" in message.text
    registration = InterestRegistration.objects.get()
    assert (registration.offer, registration.language) == (offer, "en")
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.SENT
    # The link in the email opens the registration, which the student can change.
    (link,) = re.findall(r"http://127.0.0.1:8000(/en/registration/\S+/)", message.text)
    page.goto(live_server.url + link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your registration of interest")
    page.get_by_label("Motivation").fill("I want to learn free-energy methods in Berkeley.")
    page.get_by_role("button", name="Save my registration").click()
    expect(page.get_by_role("alert")).to_contain_text("Your registration is updated.")
    registration.refresh_from_db()
    assert registration.motivation == "I want to learn free-energy methods in Berkeley."
    assert errors == []


@pytest.mark.worker
def test_student_journey_in_dutch(live_server, page, demo, celery_worker_process, smtp_server):
    errors = _console_errors(page)
    offer = _open_offer_in("JP")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/en/offers/")
    page.get_by_role("button", name="Toggle navigation").click()
    page.get_by_role("link", name="Nederlands").click()
    expect(page).to_have_url(f"{live_server.url}/nl/offers/")

    page.get_by_role("button", name="Uitwisselingen filteren").click()
    # Bootstrap marks the folded filters "show" once they have finished opening.
    expect(page.locator("#catalogue-filters")).to_have_class(re.compile(r"\bshow\b"))
    page.get_by_label("Partnerland").select_option("JP")
    # Open offers only, unless the student asks for the closed ones too.
    expect(page.get_by_label("Toon ook gesloten uitwisselingen")).not_to_be_checked()
    page.get_by_role("button", name="Toon uitwisselingen").click()
    expect(page.get_by_role("heading", name="1 uitwisseling", exact=True)).to_be_visible()
    _screenshot(page, "journey-nl-1-catalogue-filtered-phone")
    page.get_by_role("link", name=offer.title_nl).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(offer.title_nl)
    _screenshot(page, "journey-nl-2-offer-phone")
    page.get_by_role("link", name="Interesse aanmelden").click()
    page.get_by_label("Volledige naam").fill("Daan Bakker")
    page.get_by_label("E-mailadres").fill("daan@example.org")
    page.get_by_label("Opleiding").fill("Geneeskunde")
    page.get_by_label("Studieniveau").select_option("bachelor")
    page.get_by_label("Motivatie").fill("Ik wil graag naar Japan.")
    page.get_by_role("button", name="Interesse aanmelden").click()

    expect(page.get_by_role("heading", name="Bedankt voor je interesse")).to_be_visible()
    _screenshot(page, "journey-nl-3-confirmation-phone")
    message = smtp_server.wait_for(1, timeout=30)[0]
    assert message.to == "daan@example.org"
    assert message.subject == f"Je interesse in {offer.title_nl} is geregistreerd"
    assert "Beste Daan Bakker," in message.text
    assert f"/nl/offers/{offer.slug}/" in message.text
    assert InterestRegistration.objects.get().language == "nl"
    assert errors == []


def test_closed_offer_shows_it_is_closed_and_refuses_registration(live_server, page, demo):
    closed = ExchangeOffer.objects.get(slug="nagasaki-student-exchange")
    page.goto(f"{live_server.url}/en/offers/{closed.slug}/")

    expect(page.get_by_text("This offer is closed")).to_be_visible()
    expect(page.get_by_role("link", name="Register interest")).to_have_count(0)
    _screenshot(page, "closed-offer")
    page.goto(f"{live_server.url}/en/offers/{closed.slug}/register/")
    expect(page.get_by_text("This offer is closed")).to_be_visible()
    expect(page.get_by_label("Full name")).to_have_count(0)
    assert InterestRegistration.objects.filter(offer=closed).count() == 0


def test_offer_that_fills_up_while_the_form_is_open_refuses_the_registration(
    live_server, page, demo
):
    offer = _open_offer_in("US")
    page.goto(f"{live_server.url}/en/offers/{offer.slug}/register/")
    _fill_registration(page)
    for number in range(offer.places):
        InterestRegistration.objects.create(
            offer=offer,
            name=f"Nominee {number}",
            email=f"nominee{number}@example.org",
            study_programme="Chemistry",
            level="master",
            motivation="Chosen.",
            status=InterestRegistration.Status.NOMINATED,
        )

    page.get_by_role("button", name="Register interest").click()

    expect(page.get_by_text("This offer is closed")).to_be_visible()
    assert not InterestRegistration.objects.filter(email="sanne@example.org").exists()


def _public_pages(live_server, page: Page, language: str):
    """Yield (name, loaded page) for every public page, including form errors and thanks."""
    today = timezone.localdate()
    offer = open_offers(today=today).get(partner__country="US")
    project = offer.project
    closed = ExchangeOffer.objects.get(slug="nagasaki-student-exchange")
    base = f"{live_server.url}/{language}"
    for name, path in [
        ("home", "/"),
        ("project-directory", "/projects/"),
        ("project-directory-region", "/projects/?region=asia"),
        ("project-page", f"/projects/{project.slug}/"),
        ("country-directory", "/countries/"),
        ("country-page", "/countries/jp/"),
        ("catalogue", "/offers/"),
        ("catalogue-filtered", "/offers/?country=US&closed=on&q=research&sort=-deadline"),
        ("catalogue-empty", "/offers/?country=JP&level=doctoral&q=volcano"),
        ("offer-page", f"/offers/{offer.slug}/"),
        ("closed-offer-page", f"/offers/{closed.slug}/"),
    ]:
        page.goto(base + path)
        yield name
    page.goto(f"{base}/offers/{offer.slug}/register/")
    page.locator("main form [type=submit]").click()
    page.wait_for_selector(".invalid-feedback")
    yield "register-form-with-errors"
    _fill_registration(page)
    page.locator("main form [type=submit]").click()
    page.wait_for_url(re.compile(r"/registered/"))
    yield "confirmation"


def _axe_violations(page: Page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document)")
    return results["violations"]


@pytest.mark.parametrize("language", ["en", "nl"])
def test_public_pages_have_no_serious_accessibility_violations(
    live_server, browser, demo, language
):
    # The checker is injected as an inline script, which the portal's CSP rightly forbids.
    context = browser.new_context(bypass_csp=True, viewport=DESKTOP)
    page = context.new_page()
    blocking, report = {}, {}
    try:
        for name in _public_pages(live_server, page, language):
            for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
                page.set_viewport_size(viewport)
                violations = _axe_violations(page)
                report[f"{name}-{width}"] = [
                    (v["id"], v["impact"], len(v["nodes"])) for v in violations
                ]
                found = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
                if found:
                    blocking[f"{name}-{width}"] = [
                        {
                            "rule": v["id"],
                            "help": v["help"],
                            "nodes": [n["html"] for n in v["nodes"]],
                        }
                        for v in found
                    ]
                _screenshot(page, f"{language}-{name}-{width}")
            page.set_viewport_size(DESKTOP)
    finally:
        context.close()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / f"axe-{language}.json").write_text(json.dumps(report, indent=2))

    assert blocking == {}, json.dumps(blocking, indent=2)
    assert len(report) == 26


def test_keyboard_user_skips_to_the_content_and_sees_where_the_focus_is(live_server, page, demo):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/en/offers/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Filter offers")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#catalogue-filters")).to_have_class(re.compile(r"\bshow\b"))
    page.keyboard.press("Tab")

    expect(page.get_by_label("Keywords")).to_be_focused()
    outline = page.get_by_label("Keywords").evaluate(
        "element => getComputedStyle(element).outlineStyle"
    )
    assert outline == "solid"
    _screenshot(page, "keyboard-focus-phone")


def test_public_pages_fit_every_screen_width(live_server, browser, demo):
    offer = ExchangeOffer.objects.filter(is_published=True).order_by("pk").first()
    pages = [
        ("home", "/en/"),
        ("offers", "/en/offers/"),
        ("offer", f"/en/offers/{offer.slug}/"),
        ("register", f"/en/offers/{offer.slug}/register/"),
        ("projects", "/en/projects/"),
        ("project", f"/en/projects/{offer.project.slug}/"),
        ("countries", "/nl/countries/"),
        ("login", "/accounts/login/"),
    ]
    problems = {}
    for width in WIDTHS:
        page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
        for name, path in pages:
            page.goto(f"{live_server.url}{path}")
            found = layout_problems(page)
            if found:
                problems[f"{name} at {width} px"] = found
            if width in (375, 1280) and name in ("home", "offers"):
                _screenshot(page, f"{name}-{width}")
        page.context.close()

    assert problems == {}
