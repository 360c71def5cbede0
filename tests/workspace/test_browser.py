"""The workspace in Chromium: staff build and edit a project, coordinators edit only their own,
two people editing the same project, and screenshots of the main pages with the demo data."""

import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from demo.seed import STAFF_PASSWORD, STAFF_USERNAME, load_demo
from mobility.models import ExchangeOffer
from projects.models import Project
from tests.browser_layout import WIDTHS, layout_problems
from tests.factories import CallFactory, InstitutionFactory, OrganisationalUnitFactory

from .conftest import PASSWORD

BASE_DIR = Path(__file__).resolve().parent.parent.parent
ARTIFACTS = BASE_DIR / "test-artifacts" / "workspace"
AXE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1366, "height": 900}
BLOCKING_IMPACTS = ("serious", "critical")

pytestmark = pytest.mark.browser


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def console_errors(page: Page) -> list[str]:
    """Console errors, where a Content-Security-Policy violation would show."""
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    return errors


def log_in(page: Page, live_server, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


def add_row(page: Page, legend: str) -> None:
    page.locator("fieldset.formset", has=page.locator("legend", has_text=legend)).get_by_role(
        "button", name="Add a row"
    ).click()


@pytest.fixture
def places(transactional_db):
    return {
        "call": CallFactory(year=2020),
        "unit": OrganisationalUnitFactory(name="Leiden Institute of Chemistry"),
        "havana": InstitutionFactory(name="University of Havana", country="CU", city="Havana"),
        "nagasaki": InstitutionFactory(name="Nagasaki University", country="JP"),
    }


def test_staff_create_a_project_edit_it_and_see_the_change_in_its_history(
    live_server, page, staff_user, coordinator_a, places
):
    errors = console_errors(page)
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, "staff")
    page.locator("#main-nav").get_by_role("link", name="Projects").click()
    page.get_by_role("link", name="New project").click()

    page.get_by_label("Title (English)").fill("Nanomedicine with Havana and Nagasaki")
    page.get_by_label("Call").select_option(label="KA107 2020")
    page.get_by_label("Home unit").select_option(label="Leiden Institute of Chemistry")
    page.get_by_label("Project coordinator").select_option(label="Maria Yazdanbakhsh")
    page.get_by_label("Start date").fill("2020-08-01")
    page.get_by_label("End date").fill("2023-07-31")
    page.get_by_label("Awarded budget (EUR)").fill("60000")
    page.locator("[name=partners-0-institution]").select_option(label="University of Havana")
    add_row(page, "Partners")
    page.locator("[name=partners-1-institution]").select_option(label="Nagasaki University")
    for index, partner in enumerate(("University of Havana", "Nagasaki University")):
        if index:
            add_row(page, "Grant lines")
        page.locator(f"[name=grants-{index}-partner]").select_option(label=partner)
        page.locator(f"[name=grants-{index}-activity]").select_option("STA")
        page.locator(f"[name=grants-{index}-direction]").select_option("outgoing")
        page.locator(f"[name=grants-{index}-mobilities_planned]").fill("2")
        page.locator(f"[name=grants-{index}-duration_days]").fill("5")
        page.locator(f"[name=grants-{index}-amount_awarded]").fill("4000")
    page.locator("[name=deadlines-0-title]").fill("Kick-off visit in Havana")
    page.locator("[name=deadlines-0-due_date]").fill("2020-10-01")
    screenshot(page, "project-create-filled")
    page.get_by_role("button", name="Save").click()

    heading = page.get_by_role("heading", name="Nanomedicine with Havana and Nagasaki")
    expect(heading).to_be_visible()
    expect(page.get_by_role("alert").first).to_contain_text("was saved")
    expect(page.locator("#partners-heading + table tbody tr")).to_have_count(2)
    expect(page.locator("#grants-heading + table tbody tr")).to_have_count(2)
    expect(page.locator("section[aria-labelledby=deadlines-heading]")).to_contain_text(
        "Kick-off visit in Havana"
    )
    screenshot(page, "project-detail-created")

    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Title (English)").fill("Nanomedicine and imaging with Havana and Nagasaki")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="History").first.click()

    changes = page.locator(".history-changes").first
    expect(changes).to_contain_text("Nanomedicine with Havana and Nagasaki")
    expect(changes).to_contain_text("Nanomedicine and imaging with Havana and Nagasaki")
    expect(page.locator(".history-entry").first).to_contain_text("staff")
    screenshot(page, "project-history")
    project = Project.objects.get()
    assert (project.version, project.partners.count(), project.grant_lines.count()) == (2, 2, 2)
    assert errors == []


def test_invalid_project_form_keeps_the_values_and_marks_the_field(
    live_server, page, staff_user, coordinator_a, places
):
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, "staff")
    page.goto(f"{live_server.url}/workspace/projects/new/")
    page.get_by_label("Title (English)").fill("Medical imaging with Havana")
    page.get_by_label("Call").select_option(label="KA107 2020")
    page.get_by_label("Home unit").select_option(label="Leiden Institute of Chemistry")
    page.get_by_label("Project coordinator").select_option(label="Maria Yazdanbakhsh")
    page.get_by_label("Start date").fill("2020-08-01")
    page.get_by_label("End date").fill("2019-07-31")
    page.locator("[name=partners-0-institution]").select_option(label="University of Havana")

    page.get_by_role("button", name="Save").click()

    expect(page.locator("#id_end_date")).to_have_class(re.compile("is-invalid"))
    expect(page.locator("#id_end_date_error")).to_have_text("The project must end after it starts.")
    expect(page.get_by_label("Title (English)")).to_have_value("Medical imaging with Havana")
    expect(page.locator("[name=partners-0-institution]")).to_have_value(str(places["havana"].pk))
    screenshot(page, "project-form-invalid")


def test_coordinator_edits_their_project_but_not_someone_elses(
    live_server, page, coordinator_a, world_a, world_b
):
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, "coordinator-a")
    page.goto(f"{live_server.url}/workspace/projects/{world_a.project.pk}/")
    page.get_by_role("link", name="Edit").click()
    expect(page.get_by_label("Status")).to_be_disabled()
    page.get_by_label("Public summary (English)").fill("Imaging research with Havana.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Imaging research with Havana.")).to_be_visible()
    page.get_by_role("button", name=re.compile("Mark done.*Report of Leiden and Havana")).click()
    expect(page.get_by_role("alert").first).to_contain_text("is marked done")

    page.goto(f"{live_server.url}/workspace/projects/{world_b.project.pk}/")
    expect(page.get_by_role("heading", name="LUMC and Nagasaki")).to_be_visible()
    expect(page.get_by_role("link", name="Edit")).to_have_count(0)
    response = page.goto(f"{live_server.url}/workspace/projects/{world_b.project.pk}/edit/")

    assert response.status == 403
    expect(page.get_by_role("heading", name="Access denied")).to_be_visible()
    screenshot(page, "coordinator-refused")
    world_a.project.refresh_from_db()
    world_a.deadline.refresh_from_db()
    assert world_a.project.summary == "Imaging research with Havana."
    assert world_a.deadline.done_by == coordinator_a.person


def test_second_person_saving_the_same_project_sees_what_the_first_changed(
    live_server, browser, staff_user, coordinator_a, world_a
):
    url = f"{live_server.url}/workspace/projects/{world_a.project.pk}/edit/"
    first = browser.new_context(viewport=DESKTOP).new_page()
    second = browser.new_context(viewport=DESKTOP).new_page()
    log_in(first, live_server, "staff")
    log_in(second, live_server, "coordinator-a")
    first.goto(url)
    second.goto(url)

    first.get_by_label("Title (English)").fill("Leiden and Havana: medical imaging")
    first.get_by_role("button", name="Save").click()
    expect(first.get_by_role("heading", name="Leiden and Havana: medical imaging")).to_be_visible()
    second.get_by_label("Public summary (English)").fill("Typed while the other saved.")
    second.get_by_role("button", name="Save").click()

    conflict = second.locator(".conflict-message")
    expect(conflict).to_contain_text("Someone else saved this project while you were editing it")
    expect(conflict).to_contain_text("staff saved it")
    expect(conflict.locator("del")).to_have_text("Leiden and Havana")
    # The title they changed is now in the form; the summary typed here is kept.
    expect(second.get_by_label("Title (English)")).to_have_value(
        "Leiden and Havana: medical imaging"
    )
    expect(conflict.locator("ins")).to_have_text("Leiden and Havana: medical imaging")
    expect(second.get_by_label("Public summary (English)")).to_have_value(
        "Typed while the other saved."
    )
    screenshot(second, "project-conflict")
    world_a.project.refresh_from_db()
    assert (world_a.project.title, world_a.project.summary) == (
        "Leiden and Havana: medical imaging",
        "",
    )


@pytest.fixture
def demo(transactional_db):
    """The demo data of `make run`, with its staff and coordinator logins."""
    return load_demo(today=timezone.localdate())


MAIN_PAGES = [
    ("dashboard", "/workspace/"),
    ("projects", "/workspace/projects/"),
    ("partners", "/workspace/partners/"),
    ("coordinators", "/workspace/people/"),
    ("mobilities", "/workspace/mobilities/"),
    ("deadlines", "/workspace/deadlines/"),
    ("offers", "/workspace/offers/"),
]


def test_main_pages_with_the_demo_data_pass_axe_and_are_photographed(
    live_server, browser, page, demo
):
    errors = console_errors(page)
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, STAFF_USERNAME, STAFF_PASSWORD)
    # The checker is injected as an inline script, which the portal's CSP rightly forbids:
    # it runs in a second session that ignores the CSP, while `page` keeps it.
    checker = browser.new_context(bypass_csp=True, viewport=DESKTOP).new_page()
    log_in(checker, live_server, STAFF_USERNAME, STAFF_PASSWORD)
    offer = ExchangeOffer.objects.order_by("pk").first()
    project = offer.project
    pages = [
        *MAIN_PAGES,
        ("project-detail", f"/workspace/projects/{project.pk}/"),
        ("project-edit", f"/workspace/projects/{project.pk}/edit/"),
        ("project-history-demo", f"/workspace/projects/{project.pk}/history/"),
        ("project-delete", f"/workspace/projects/{project.pk}/delete/"),
        ("partner-detail", f"/workspace/partners/{offer.partner_id}/"),
        ("offer-detail", f"/workspace/offers/{offer.pk}/"),
    ]

    problems = {}
    for name, path in pages:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        screenshot(page, name)
        checker.goto(f"{live_server.url}{path}")
        checker.add_script_tag(path=str(AXE))
        violations = checker.evaluate("async () => (await axe.run(document)).violations")
        blocking = [
            (v["id"], [node["html"] for node in v["nodes"]][:3])
            for v in violations
            if v["impact"] in BLOCKING_IMPACTS
        ]
        if blocking:
            problems[name] = blocking

    checker.context.close()
    assert problems == {}
    assert errors == []


def test_dashboard_draws_its_charts(live_server, page, demo):
    errors = console_errors(page)
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, STAFF_USERNAME, STAFF_PASSWORD)
    page.wait_for_load_state("load")

    drawn = page.evaluate(
        "() => ['chart-projects-by-status', 'chart-budgets']"
        ".map((id) => Boolean(Chart.getChart(document.getElementById(id))))"
    )

    assert drawn == [True, True]
    assert errors == []


def test_project_editor_chooses_subject_areas_by_typing(live_server, page, demo):
    errors = console_errors(page)
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, STAFF_USERNAME, STAFF_PASSWORD)
    project = Project.objects.get(slug="leiden-observatory-essti")
    before = set(project.subject_areas.values_list("name", flat=True))
    page.goto(f"{live_server.url}/workspace/projects/{project.pk}/edit/")

    areas = page.get_by_role("combobox", name="Research fields")
    areas.press_sequentially("chemis")
    expect(page.locator(".ts-dropdown .option")).to_have_text(["Chemistry"])
    areas.press("Enter")
    areas.press_sequentially("immunol")
    expect(page.locator(".ts-dropdown .option")).to_have_text(["Immunology"])
    areas.press("Enter")
    screenshot(page, "project-edit-subject-areas")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("alert").first).to_contain_text("was saved")
    assert set(project.subject_areas.values_list("name", flat=True)) == before | {
        "Chemistry",
        "Immunology",
    }
    assert errors == []


def test_every_multi_select_of_the_project_editor_is_searchable(live_server, page, demo):
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, STAFF_USERNAME, STAFF_PASSWORD)
    project = Project.objects.get(slug="leiden-observatory-essti")
    page.goto(f"{live_server.url}/workspace/projects/{project.pk}/edit/")
    add_row(page, "Deadlines")

    plain = page.evaluate(
        "() => [...document.querySelectorAll('select[multiple]')]"
        ".filter((select) => !select.tomselect).map((select) => select.name)"
    )
    title_width = page.locator("[name=deadlines-0-title]").bounding_box()["width"]

    assert plain == []
    assert title_width >= 300


# The office's own pages, reached from the workspace menu.
OFFICE_PAGES = [
    ("calls", "/workspace/calls/"),
    ("research-fields", "/workspace/research-fields/"),
    ("virtual-activities", "/workspace/virtual-activities/"),
    ("logins", "/workspace/logins/"),
    ("deleted", "/workspace/deleted/"),
    ("reminders", "/workspace/reminders/"),
    ("revoke-links", "/workspace/reminders/links/"),
    ("personal-data", "/workspace/privacy/"),
]


def test_workspace_pages_fit_every_screen_width(live_server, browser, demo):
    project = Project.objects.get(slug="lacdr-university-of-california")
    pages = [
        *MAIN_PAGES,
        *OFFICE_PAGES,
        ("project-detail", f"/workspace/projects/{project.pk}/"),
    ]
    problems = {}
    for width in WIDTHS:
        page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
        log_in(page, live_server, STAFF_USERNAME, STAFF_PASSWORD)
        for name, path in pages:
            page.goto(f"{live_server.url}{path}")
            found = layout_problems(page)
            if found:
                problems[f"{name} at {width} px"] = found
            if width in (375, 1280) and name in (
                "dashboard",
                "deadlines",
                "project-detail",
                "reminders",
                "deleted",
            ):
                screenshot(page, f"{name}-{width}")
        page.context.close()

    assert problems == {}


def test_mark_done_buttons_are_shown_on_the_dashboard_and_deadlines(live_server, page, demo):
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, live_server, STAFF_USERNAME, STAFF_PASSWORD)
    page.goto(f"{live_server.url}/workspace/deadlines/")

    expect(page.locator("main button", has_text="Mark done").first).to_be_visible()
