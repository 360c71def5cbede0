"""The applicant's journey in Chromium: apply with the sign-in link read from the SMTP
server, fill in the form, upload a document, submit; then the office reviews, allocates
and sends the decision, and the selected application becomes a mobility."""

import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from applications.models import Application
from mobility.models import Mobility

from .conftest import PDF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
ARTIFACTS = BASE_DIR / "test-artifacts" / "applications"

pytestmark = pytest.mark.browser


def _screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def _log_in(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()


@pytest.mark.worker
def test_applicant_applies_with_the_emailed_link_and_is_selected(
    live_server, page, world_a, staff_user, rates, celery_worker_process, smtp_server, tmp_path
):
    world_a.call.reviewers.set([staff_user])
    criterion = world_a.call.criteria.create(name="Motivation", weight=1, scale_max=10)
    page.goto(f"{live_server.url}/en/offers/{world_a.offer.slug}/")
    page.get_by_role("link", name="Apply", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/en/offers/{world_a.offer.slug}/apply/")
    page.get_by_label("Your email address").fill("eva@example.org")
    page.get_by_role("button", name="Send me the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    message = smtp_server.wait_for(1, timeout=30)[0]
    assert message.to == "eva@example.org"
    assert message.subject == f"Your link to apply for {world_a.offer.title}"
    link = re.search(r"https?://\S+/applications/sign-in/\S+/", message.text).group(0)
    page.goto(live_server.url + urlsplit(link).path)

    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Your application: {world_a.offer.title}"
    )
    page.locator("#id_first_name").fill("Eva")
    page.locator("#id_last_name").fill("Jansen")
    page.locator("#id_birth_date").fill("1985-04-02")
    page.locator("#id_nationality").select_option("NL")
    page.locator("#id_gender").select_option("F")
    page.locator("#id_home_unit").fill("Faculty of Science")
    page.locator("#id_level").select_option("staff")
    page.locator("#id_motivation").fill("I teach optics and want to teach it there.")
    page.locator("#id_preferred_start").fill("2021-03-08")
    page.locator("#id_preferred_end").fill("2021-03-12")
    page.locator("#id_language_0").select_option("en")
    page.locator("#id_language_level_0").select_option("C1")
    cv = tmp_path / "cv.pdf"
    cv.write_bytes(PDF)
    page.locator("#id_document_cv").set_input_files(str(cv))
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Your draft is saved.")).to_be_visible()
    expect(page.get_by_role("link", name="cv.pdf")).to_be_visible()
    _screenshot(page, "1-draft-saved")
    page.get_by_role("button", name="Submit application").click()

    expect(page.get_by_text("Your application is submitted.")).to_be_visible()
    expect(page.locator(".application-status")).to_have_text("Submitted")
    _screenshot(page, "2-submitted")
    application = Application.objects.get()
    assert application.status == Application.Status.SUBMITTED

    page.context.clear_cookies()
    _log_in(page, live_server, staff_user.username)
    page.goto(f"{live_server.url}/workspace/applications/{application.pk}/")
    page.locator(f"#id_score_{criterion.pk}").fill("8")
    page.get_by_role("button", name="Submit review").click()
    expect(page.locator("#own-score")).to_have_text("80.00")
    page.goto(f"{live_server.url}/workspace/applications/offers/{world_a.offer.pk}/ranking/")
    page.get_by_role("button", name="Allocate as shown").click()
    expect(page.locator("#ranking")).to_contain_text("Selected")
    page.get_by_role("link", name="Decisions").click()
    page.get_by_role("button", name="Send these decisions").click()
    expect(page.get_by_text("Every decision has been emailed.")).to_be_visible()
    decision = [m for m in smtp_server.wait_for(4, timeout=30) if "Selected" in m.subject]
    assert [m.to for m in decision] == ["eva@example.org"]
    page.goto(f"{live_server.url}/workspace/applications/{application.pk}/")
    page.get_by_role("button", name="Create the planned mobility").click()

    mobility = Mobility.objects.get(email="eva@example.org")
    expect(page).to_have_url(f"{live_server.url}/workspace/mobilities/{mobility.pk}/")
    assert (mobility.individual_support, mobility.travel_support) == (
        Decimal("1260.00"),
        Decimal("1500.00"),
    )
    _screenshot(page, "3-mobility")
    assert criterion.scores.get().value == 8
