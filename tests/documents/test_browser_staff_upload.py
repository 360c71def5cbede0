"""Staff upload the signed grant agreement in the participant's stead, in Chromium; a file
that is not a PDF is refused next to the field first."""

import pytest
from playwright.sync_api import expect

from ops.pdf import html_to_pdf
from tests.workspace.test_browser import log_in

pytestmark = pytest.mark.browser


@pytest.mark.usefixtures("transactional_db")
def test_staff_upload_the_signed_agreement_for_the_participant(
    live_server, page, staff_user, mobility, tmp_path
):
    not_a_pdf = tmp_path / "scan.pdf"
    not_a_pdf.write_bytes(b"MZ\x90\x00 not a pdf")
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(html_to_pdf("<p>Signed: Sanne de Vries</p>"))
    log_in(page, live_server, "staff")
    page.goto(f"{live_server.url}/workspace/mobilities/{mobility.pk}/")
    expect(page.locator("#status-agreement")).to_have_text("not uploaded")

    page.locator("#staff-uploads").get_by_role("link", name="signed grant agreement").click()
    page.get_by_label("PDF file").set_input_files(not_a_pdf)
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.locator("#error_1_id_agreement-file")).to_be_visible()
    page.get_by_label("PDF file").set_input_files(signed)
    page.get_by_role("button", name="Upload", exact=True).click()

    expect(page.get_by_role("alert")).to_contain_text("The file is uploaded for the participant.")
    expect(page.locator("#status-agreement")).to_contain_text(f"by {staff_user} (office)")
    expect(page.locator("#mobility-payments")).to_contain_text("Pre-financing")
