"""In Chromium: staff send a partner contact their access link; the contact opens it from the
email, answers for our participant, nominates a candidate with their passport copy; staff
download it and accept the candidate."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from agreements.models import MobilityResponse, Nomination, NominationDocument
from mobility.models import Mobility
from tests.workspace.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.worker]
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _console_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    return errors


def _log_in(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


def test_partner_contact_answers_and_nominates_and_staff_accept(
    transactional_db, live_server, page, celery_worker_process, smtp_server, havana, staff_user
):
    # Our participant's stay is still to come, so the partner answers for it.
    today = timezone.localdate()
    Mobility.objects.filter(pk=havana.mobility.pk).update(
        planned_start=today + datetime.timedelta(days=30),
        planned_end=today + datetime.timedelta(days=34),
    )
    errors = _console_errors(page)
    _log_in(page, live_server, staff_user.username)
    page.goto(f"{live_server.url}/workspace/partners/{havana.institution.pk}/")
    page.get_by_role("button", name="Send access link").click()
    expect(page.get_by_text("An access link is on its way to Miriam Nicado.")).to_be_visible()
    message = smtp_server.wait_for(1, timeout=30)[0]
    assert message.to == "miriam@uh.cu"
    assert message.subject == "Your access to the exchange portal for University of Havana"
    (link,) = re.findall(r"http://127.0.0.1:8000(/en/partner/\S+/)", message.text)
    page.context.clear_cookies()

    page.goto(live_server.url + link)
    expect(page.get_by_role("heading", level=1)).to_have_text("University of Havana")
    page.get_by_role("link", name=f"Jan {havana.mobility.last_name}").click()
    page.get_by_label("Ask for changes").check()
    page.get_by_label("Comment").fill("Please come a week later.")
    page.get_by_role("button", name="Send your answer").click()
    expect(page.get_by_text("Thank you: your answer is saved.")).to_be_visible()
    page.get_by_role("link", name="Nominate a candidate").click()
    page.get_by_label("Project (the flow)").select_option(str(havana.project.pk))
    page.get_by_label("First name").fill("Luis")
    page.get_by_label("Last name").fill("Pérez")
    page.get_by_label("Email").fill("luis@uh.cu")
    page.get_by_label("Date of birth").fill("1990-01-01")
    page.get_by_label("Nationality").select_option("CU")
    page.get_by_label("Gender").select_option("M")
    page.get_by_label("Activity").select_option("STA")
    page.get_by_label("Level").select_option("staff")
    page.get_by_label("Planned start").fill("2021-11-08")
    page.get_by_label("Planned end").fill("2021-11-12")
    page.get_by_role("button", name="Nominate", exact=True).click()
    expect(page.get_by_text("The candidate is nominated; our office will reply.")).to_be_visible()
    page.locator("#id_kind").select_option("passport")
    page.locator("#id_file").set_input_files(
        files=[{"name": "passport.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Attach").click()
    expect(page.get_by_text("The document is attached.")).to_be_visible()
    expect(page.get_by_role("link", name="passport.pdf")).to_be_visible()

    _log_in(page, live_server, staff_user.username)
    page.goto(f"{live_server.url}/workspace/agreements/nominations/")
    with page.expect_download() as download:
        page.get_by_role("row", name=re.compile("Luis Pérez")).get_by_role(
            "link", name="Passport copy"
        ).click()
    assert Path(download.value.path()).read_bytes() == PDF
    page.get_by_role("row", name=re.compile("Luis Pérez")).get_by_role(
        "button", name="Accept"
    ).click()
    expect(page.get_by_text("is now a planned mobility.")).to_be_visible()

    answer = MobilityResponse.objects.get()
    assert (answer.answer, answer.comment) == ("changes", "Please come a week later.")
    nomination = Nomination.objects.get(last_name="Pérez")
    assert nomination.status == "accepted"
    assert nomination.mobility.direction == "incoming"
    assert list(NominationDocument.objects.values_list("nomination__mobility", "kind")) == [
        (nomination.mobility.pk, "passport")
    ]
    assert errors == []
