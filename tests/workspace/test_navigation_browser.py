"""The workspace's navigation in Chromium: on one line from 1200 px for staff and coordinators,
in English and in Dutch; each menu opens and its links lead to their pages, marked; on a
phone, a menu behind the toggler."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from playwright.sync_api import Page, expect

from .conftest import make_project_world
from .test_browser import log_in, screenshot

pytestmark = pytest.mark.browser

LANGUAGE_BUTTONS = {"en": "English", "nl": "Nederlands"}

# (label, url name, the top-level item marked on that page) of each menu, for each role.
APPLICATIONS = [
    ("Applications", "applications:offer-list", "Applications"),
    ("Exchange offers", "workspace:offer-list", "Applications"),
]
COORDINATOR_MENUS = {
    "Applications": APPLICATIONS,
    "Partners": [
        ("Partner institutions", "workspace:institution-list", "Partners"),
        ("Agreements", "agreements:list", "Partners"),
        ("Coordinators", "workspace:person-list", "Partners"),
    ],
}
STAFF_MENUS = {
    "Applications": APPLICATIONS,
    "Partners": [
        ("Partner institutions", "workspace:institution-list", "Partners"),
        ("Agreements", "agreements:list", "Partners"),
        ("Nominations from partners", "agreements:nomination-list", "Partners"),
        ("Coordinators", "workspace:person-list", "Partners"),
    ],
    "Office": [
        ("Reminders", "reminders:staff-list", "Office"),
        ("Payments", "payments:list", "Office"),
        ("Import", "imports:list", "Office"),
        ("Personal data requests", "privacy:person", "Office"),
        ("Calls", "workspace:call-list", "Office"),
        ("Project ideas", "ideas_office:calls", "Office"),
        ("Document texts", "documents:template-list", "Office"),
        # The rate tables are a tab of the budget pages.
        ("Rate tables", "budgets:rate-table-list", "Budgets"),
        ("Research fields", "workspace:subject-area-list", "Office"),
        ("Virtual activities", "workspace:virtual-activity-list", "Office"),
        ("Logins", "workspace:account-list", "Office"),
        ("Deleted items", "workspace:deleted-list", "Office"),
    ],
}
LINKS = [
    ("Dashboard", "workspace:dashboard"),
    ("Projects", "workspace:project-list"),
    ("Mobilities", "workspace:mobility-list"),
    ("Deadlines", "workspace:deadline-list"),
    ("Budgets", "budgets:overview"),
]

TOP_LEVEL_BOXES = """() => [...document.querySelectorAll('#main-nav > ul > li')]
  .map((item) => {
    const box = item.getBoundingClientRect();
    return {text: item.querySelector('.nav-link, button').innerText.trim(),
            top: Math.round(box.top), height: Math.round(box.height),
            right: Math.round(box.right)};
  })"""


def in_language(language: str, text: str) -> str:
    with translation.override(language):
        return _(text)


def switch_language(page: Page, language: str) -> None:
    if language != "en":
        page.locator("#main-nav").get_by_role("button", name=LANGUAGE_BUTTONS[language]).click()
    expect(page.locator("html")).to_have_attribute("lang", language)


def marked_top_level(page: Page) -> list[str]:
    return [
        text.strip()
        for text in page.locator("#main-nav .navbar-nav > li > .active").all_inner_texts()
    ]


def assert_on_one_line(page: Page, width: int) -> None:
    expect(page.locator(".navbar-toggler")).to_be_hidden()
    boxes = page.evaluate(TOP_LEVEL_BOXES)
    first = boxes[0]
    assert [(box["text"], box["top"], box["height"]) for box in boxes] == [
        (box["text"], first["top"], first["height"]) for box in boxes
    ]
    assert max(box["right"] for box in boxes) <= width
    assert page.evaluate("document.documentElement.scrollWidth") == width


def follow_menus(page: Page, language: str, menus: dict) -> None:
    """Each menu opens by keyboard-accessible button; each of its links leads to its page, where
    the menu's button (or the section's link) is marked and the link is the current page."""
    for menu, items in menus.items():
        toggle = page.locator("#main-nav").get_by_role("button", name=in_language(language, menu))
        toggle.click()
        menu_list = toggle.locator("xpath=following-sibling::ul")
        assert menu_list.get_by_role("link").all_inner_texts() == [
            in_language(language, label) for label, *_ in items
        ]
        page.keyboard.press("Escape")
        for label, url_name, marked in items:
            toggle.click()
            with page.expect_navigation() as navigation:
                menu_list.get_by_role("link", name=in_language(language, label), exact=True).click()
            assert navigation.value.ok
            assert page.url.endswith(reverse(url_name))
            assert marked_top_level(page) == [in_language(language, marked)]
            toggle.click()
            current = page.locator("#main-nav .dropdown-menu [aria-current=page]")
            expect(current).to_have_text(in_language(language, label))
            page.keyboard.press("Escape")


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("role", ["staff", "coordinator"])
def test_the_navigation_fits_on_one_line_from_1200_px_and_its_menus_lead_to_their_pages(
    live_server, page, staff_user, coordinator_a, role, language
):
    make_project_world(coordinator=coordinator_a, title="Nanomedicine", partner_name="Havana")
    username = {"staff": staff_user, "coordinator": coordinator_a}[role].username
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, username)
    switch_language(page, language)

    for width in (1200, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert_on_one_line(page, width)
        screenshot(page, f"navigation-{role}-{language}-{width}")

    for label, url_name in LINKS:
        page.locator("#main-nav").get_by_role("link", name=in_language(language, label)).click()
        assert page.url.endswith(reverse(url_name))
        current = page.locator("#main-nav a[aria-current=page]")
        expect(current).to_have_text(in_language(language, label))
    follow_menus(page, language, STAFF_MENUS if role == "staff" else COORDINATOR_MENUS)
    if role == "coordinator":
        expect(page.get_by_role("button", name=in_language(language, "Office"))).to_have_count(0)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_on_a_phone_the_navigation_is_a_menu_behind_the_toggler(
    live_server, page, staff_user, language
):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, staff_user.username)
    switch_language(page, language)
    page.set_viewport_size({"width": 390, "height": 844})
    navigation = page.locator("#main-nav")
    expect(navigation.get_by_role("button", name=in_language(language, "Partners"))).to_be_hidden()

    page.get_by_role("button", name=in_language(language, "Toggle navigation")).click()
    navigation.get_by_role("button", name=in_language(language, "Partners")).click()
    navigation.get_by_role("link", name=in_language(language, "Agreements"), exact=True).click()

    assert page.url.endswith(reverse("agreements:list"))
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    page.get_by_role("button", name=in_language(language, "Toggle navigation")).click()
    expect(navigation.locator(".navbar-nav > li > .active")).to_have_text(
        in_language(language, "Partners")
    )
    screenshot(page, f"navigation-phone-{language}")


def test_a_menu_opens_and_leads_to_its_page_by_keyboard(live_server, page, staff_user):
    page.set_viewport_size({"width": 1200, "height": 900})
    log_in(page, live_server, staff_user.username)
    partners = page.locator("#main-nav").get_by_role("button", name="Partners")

    partners.focus()
    page.keyboard.press("Enter")
    expect(partners).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("link", name="Agreements", exact=True)).to_be_focused()
    page.keyboard.press("Enter")

    page.wait_for_url(f"{live_server.url}{reverse('agreements:list')}")
    expect(partners).to_have_class("nav-link dropdown-toggle btn btn-link active")
