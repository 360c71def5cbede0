"""The pages behind reminder emails and the staff list in Chromium: no password, no inline
script (the CSP would block it), a GET that changes nothing, and axe-core's checks."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.rules import STAFF_GROUP
from outbox.models import OutgoingEmail
from reminders import links
from reminders.models import ReminderPreference
from tests.factories import UserFactory

from .conftest import make_reminder

pytestmark = pytest.mark.browser

BASE_DIR = Path(__file__).resolve().parent.parent.parent
AXE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = BASE_DIR / "test-artifacts" / "reminders"
BLOCKING_IMPACTS = ("serious", "critical")


def _screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def _console_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    return errors


def _blocking_accessibility_violations(browser, url: str) -> list[str]:
    # axe-core is injected as an inline script, which the portal's CSP rightly forbids.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(url)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => await axe.run(document)")["violations"]
    context.close()
    return [v["id"] for v in violations if v["impact"] in BLOCKING_IMPACTS]


def test_coordinator_changes_preferences_from_the_email_link(
    live_server, page, browser, transactional_db, coordinator
):
    errors = _console_errors(page)
    # A fresh link sent on request: its page shows the calendar address too.
    url = live_server.url + reverse(
        "reminders:preferences", args=[links.preferences_token(coordinator, with_calendar=True)]
    )
    page.goto(url)

    page.get_by_label("One daily digest").check()
    page.get_by_label("Participant report").uncheck()
    page.get_by_label("Dutch").check()
    page.get_by_role("button", name="Save preferences").click()

    expect(page.get_by_role("alert")).to_contain_text("Your reminder preferences are saved.")
    _screenshot(page, "preferences")
    preference = ReminderPreference.objects.get(person=coordinator)
    assert (preference.delivery, preference.language, preference.muted_kinds) == (
        "digest",
        "nl",
        ["participant_report"],
    )
    expect(page.locator("#calendar-url")).to_have_value(
        links.calendar_url(preference.calendar_token)
    )
    assert errors == []
    assert _blocking_accessibility_violations(browser, url) == []


def test_coordinator_marks_a_deadline_done_after_confirming(
    live_server, page, browser, transactional_db, deadline, coordinator
):
    errors = _console_errors(page)
    url = live_server.url + reverse(
        "reminders:mark-done", args=[links.mark_done_token(deadline, coordinator)]
    )
    page.goto(url)
    _screenshot(page, "mark-done-confirm")
    deadline.refresh_from_db()
    assert deadline.done_at is None
    assert _blocking_accessibility_violations(browser, url) == []

    page.get_by_role("button", name="Yes, mark it as done").click()

    expect(page.get_by_role("status")).to_contain_text("by Maria Yazdanbakhsh")
    _screenshot(page, "mark-done-done")
    deadline.refresh_from_db()
    assert deadline.done_by == coordinator
    assert errors == []


def test_coordinator_without_an_account_opens_the_deadline_page_and_marks_it_done(
    live_server, page, browser, transactional_db, deadline, coordinator
):
    errors = _console_errors(page)
    url = live_server.url + reverse(
        "reminders:deadline", args=[links.deadline_token(deadline, coordinator)]
    )
    page.goto(url)

    expect(page.get_by_role("heading", level=1)).to_have_text("Interim report")
    expect(page.get_by_role("link", name="Open the project in the workspace")).to_have_count(0)
    _screenshot(page, "deadline-page")
    assert _blocking_accessibility_violations(browser, url) == []
    page.get_by_role("button", name="Mark as done").click()

    expect(page.get_by_role("status")).to_contain_text("by Maria Yazdanbakhsh")
    deadline.refresh_from_db()
    assert deadline.done_by == coordinator
    assert errors == []


def test_staff_filters_failed_reminders_and_resends_one(
    live_server, page, transactional_db, deadline, coordinator
):

    staff = UserFactory(username="iro")
    staff.groups.add(Group.objects.get_or_create(name=STAFF_GROUP)[0])
    make_reminder(
        person=coordinator,
        deadline=deadline,
        email_status=OutgoingEmail.Status.FAILED,
        last_error="SMTPRecipientsRefused: 550 mailbox unavailable",
    )
    errors = _console_errors(page)
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("Username").fill("iro")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()

    page.goto(live_server.url + reverse("reminders:staff-list"))
    page.get_by_label("Status").select_option("failed")
    page.get_by_role("button", name="Filter").click()
    _screenshot(page, "staff-failed")
    page.get_by_role("button", name="Resend").click()

    expect(page.get_by_role("alert")).to_contain_text("is queued again")
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.QUEUED
    expect(page.get_by_text("No reminders match.")).to_be_visible()
    _screenshot(page, "staff-resent")
    assert errors == []
