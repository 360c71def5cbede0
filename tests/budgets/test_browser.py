"""The budget pages in Chromium: charts drawn under the Content-Security-Policy, the
calculator used through its form, and the axe-core accessibility checker."""

import json
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import expect

from mobility.models import Mobility, RateTable

BASE_DIR = Path(__file__).resolve().parent.parent.parent
AXE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = BASE_DIR / "test-artifacts" / "budgets"
DESKTOP = {"width": 1280, "height": 900}

pytestmark = pytest.mark.browser


def _log_in(context, live_server, user):
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


@pytest.fixture
def staff_page(transactional_db, browser, live_server, staff_user):
    context = browser.new_context(viewport=DESKTOP)
    _log_in(context, live_server, staff_user)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.console_errors = errors
    yield page
    context.close()


def test_cockpit_draws_its_charts_under_the_csp(live_server, staff_page, budget_project):
    page = staff_page

    page.goto(f"{live_server.url}/workspace/budgets/projects/{budget_project.slug}/")

    expect(page.get_by_role("heading", name="Per flow")).to_be_visible()
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('canvas[data-chart]')]"
        ".map(canvas => Chart.getChart(canvas).data.datasets.length)"
    )
    assert drawn == [3, 4]
    _screenshot(page, "cockpit")
    assert page.console_errors == []


def test_overview_draws_three_charts(live_server, staff_page, budget_project):
    page = staff_page

    page.goto(f"{live_server.url}/workspace/budgets/")

    expect(page.get_by_text("1 project, EUR 20,000, 4 students and staff")).to_be_visible()
    assert (
        page.evaluate(
            "() => [...document.querySelectorAll('canvas[data-chart]')]"
            ".filter(canvas => Chart.getChart(canvas)).length"
        )
        == 3
    )
    _screenshot(page, "overview")
    assert page.console_errors == []


def test_calculator_quotes_a_week_of_teaching_in_nagasaki(
    live_server, staff_page, rates, leiden, nagasaki
):
    page = staff_page
    page.goto(f"{live_server.url}/workspace/budgets/calculator/")

    page.get_by_role("combobox", name="Call").select_option(label="KA107 2020")
    page.get_by_role("combobox", name="Partner institution").select_option(
        label="Nagasaki University"
    )
    page.get_by_role("combobox", name="Activity").select_option("STA")
    page.get_by_role("combobox", name="Direction").select_option("outgoing")
    page.get_by_role("textbox", name="First activity day").fill("2021-03-08")
    page.get_by_role("textbox", name="Last activity day").fill("2021-03-12")
    page.get_by_role("button", name="Calculate").click()

    expect(page.get_by_role("heading", name="Total EUR 3,110.00")).to_be_visible()
    expect(page.get_by_text("9,185.04 km")).to_be_visible()
    _screenshot(page, "calculator")
    assert page.console_errors == []


def test_budget_pages_have_no_serious_accessibility_violations(
    transactional_db, live_server, browser, staff_user, budget_project
):
    # The checker is injected as an inline script, which the portal's CSP rightly forbids.
    context = browser.new_context(bypass_csp=True, viewport=DESKTOP)
    _log_in(context, live_server, staff_user)
    page = context.new_page()
    mobility = budget_project.mobilities.get(status=Mobility.Status.COMPLETED)
    table = RateTable.objects.get(call_year=2020, action="KA107")
    pages = {
        "overview": "",
        "cockpit": f"projects/{budget_project.slug}/",
        "export": f"projects/{budget_project.slug}/export/",
        "calculator": "calculator/",
        "rates": "rates/",
        "rate-table": f"rates/{table.pk}/",
        "rate-table-edit": f"rates/{table.pk}/edit/",
        "mobility-grant": f"mobilities/{mobility.pk}/grant/",
    }
    blocking = {}
    try:
        for name, path in pages.items():
            page.goto(f"{live_server.url}/workspace/budgets/{path}")
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate("async () => (await axe.run(document)).violations")
            found = [v for v in violations if v["impact"] in ("serious", "critical")]
            if found:
                blocking[name] = [(v["id"], [n["html"] for n in v["nodes"]][:3]) for v in found]
    finally:
        context.close()

    assert blocking == {}, json.dumps(blocking, indent=2)
