"""The participant's journey in Chromium: staff send the link (through the outbox, a real
Celery worker and SMTP), the participant downloads the grant agreement, uploads the signed
copy and the certificate, reports a stay shorter than the activity's minimum; staff are
warned, confirm, and the recovery of the whole pre-financing shows."""

import re
from datetime import date as D
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from ops.pdf import html_to_pdf
from payments.services import mark_paid, mark_requested
from tests.documents.conftest import pdf_text
from tests.workspace.test_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.worker]


@pytest.mark.usefixtures("transactional_db")
def test_participant_journey_ends_in_a_recovery(
    live_server, browser, staff_user, mobility, celery_worker_process, smtp_server, tmp_path
):
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(html_to_pdf("<p>Signed: Sanne de Vries</p>"))
    staff = browser.new_page()
    log_in(staff, live_server, "staff")
    staff.goto(f"{live_server.url}/workspace/mobilities/{mobility.pk}/")
    staff.get_by_role("button", name="Send the participant their link").click()
    expect(staff.get_by_role("alert")).to_contain_text("is on its way to sanne.devries@")

    message = smtp_server.wait_for(1, timeout=30)[0]
    assert message.to == "sanne.devries@example.org"
    (link,) = re.findall(r"http://127\.0\.0\.1:8000(/en/participant/\S+/)", message.text)
    participant = browser.new_page()
    participant.goto(live_server.url + link)
    expect(participant.get_by_role("heading", level=1)).to_have_text("Your Erasmus+ mobility")
    with participant.expect_download() as download:
        participant.get_by_role("link", name="Grant agreement (PDF)").click()
    agreement = pdf_text(open(download.value.path(), "rb").read())  # noqa: SIM115
    assert "Sanne de Vries" in agreement
    assert "in total EUR 4,020.00" in agreement
    participant.locator("#id_agreement-file").set_input_files(signed)
    participant.get_by_role("button", name="Upload the signed agreement").click()
    expect(participant.get_by_role("alert")).to_contain_text("the file is uploaded")
    participant.locator("#id_certificate-file").set_input_files(signed)
    participant.get_by_role("button", name="Upload the certificate").click()
    participant.get_by_label("First day of the stay").fill("2021-03-08")
    participant.get_by_label("Last day of the stay").fill("2021-03-10")
    participant.get_by_label("Your report").fill("I left after three days.")
    participant.get_by_role("button", name="Send my report").click()
    expect(participant.get_by_role("alert")).to_contain_text("your report is sent")
    # Finance paid the pre-financing meanwhile: what is paid out and not used comes back.
    prefinancing = mobility.payments.get(kind="prefinancing")
    mark_paid(payment=mark_requested(payment=prefinancing, on=D(2021, 2, 3)), on=D(2021, 2, 10))

    staff.reload()
    expect(staff.locator("#status-report")).to_contain_text("submitted")
    expect(staff.locator("#short-stay-notice")).to_contain_text(
        "the whole pre-financing paid is to be recovered"
    )
    staff.get_by_role("button", name="Confirm the report and recalculate the grant").click()
    # 3 days, below the 5 a teaching assignment lasts at least, without force majeure: no
    # grant, and the 3,216.00 paid comes back.
    expect(staff.locator("#mobility-payments")).to_contain_text("Recovery: EUR\xa0-3,216.00")

    participant.reload()
    expect(participant.locator("#final-grant")).to_contain_text(
        "EUR\xa03,216.00 is to be paid back"
    )
    expect(participant.locator("#short-stay")).to_contain_text("not eligible for a grant")
    mobility.refresh_from_db()
    assert mobility.total_grant == Decimal("0.00")
