"""The import in Chromium: staff upload the demo's example file, map, preview, import and
undo, with no console error (the CSP) and no serious accessibility problem."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from imports.models import ImportBatch
from partners.models import Institution
from tests.workspace.conftest import make_staff
from tests.workspace.test_browser import (
    AXE,
    BLOCKING_IMPACTS,
    console_errors,
    log_in,
    screenshot,
)

pytestmark = pytest.mark.browser

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# The workspace's navigation is on one line from 1200 px.
WIDE = {"width": 1500, "height": 900}
EXAMPLE = BASE_DIR / "demo" / "files" / "partners-example.csv"


def blocking_accessibility_violations(browser, page: Page) -> list[str]:
    context = browser.new_context(bypass_csp=True, storage_state=page.context.storage_state())
    checked = context.new_page()
    checked.goto(page.url)
    checked.add_script_tag(path=str(AXE))
    violations = checked.evaluate("async () => await axe.run(document)")["violations"]
    context.close()
    return [v["id"] for v in violations if v["impact"] in BLOCKING_IMPACTS]


def test_staff_import_the_example_file_and_undo_it(live_server, page, browser, transactional_db):
    make_staff("office")
    page.set_viewport_size(WIDE)
    errors = console_errors(page)
    log_in(page, live_server, "office")

    page.get_by_role("button", name="Office", exact=True).click()
    page.get_by_role("link", name="Import", exact=True).click()
    page.get_by_label("The file holds").select_option("partners")
    page.locator("#id_file").set_input_files(EXAMPLE)
    page.get_by_role("button", name="Upload and map the columns").click()
    expect(page.get_by_role("heading", name="Map the columns")).to_be_visible()
    expect(page.get_by_label("SCHAC code")).to_have_value("SCHAC code")
    page.get_by_role("button", name="Preview the import").click()

    counts = page.locator("#import-counts")
    expect(counts).to_contain_text("New 4")
    expect(counts).to_contain_text("Refused 1")
    expect(page.get_by_text("A latitude lies between -90 and 90 degrees.")).to_be_visible()
    screenshot(page, "import-preview")
    assert blocking_accessibility_violations(browser, page) == []
    assert Institution.objects.count() == 0

    page.get_by_role("button", name="Import 4 rows").click()
    expect(page.get_by_role("alert")).to_contain_text("Imported: 4 rows written.")
    assert Institution.objects.count() == 4

    page.get_by_role("button", name="Undo this import").click()
    expect(page.get_by_role("alert")).to_contain_text("Undone: 4 rows.")
    assert Institution.objects.count() == 0
    assert ImportBatch.objects.get().status == ImportBatch.Status.UNDONE
    assert errors == []
