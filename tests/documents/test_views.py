import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.links import participant_token
from documents.models import DocumentTemplate, ParticipantFile
from outbox.models import OutgoingEmail
from payments.models import Payment
from payments.services import mark_paid, mark_requested, set_prefinancing_percent
from signed_links.services import renew_links
from tests.documents.conftest import pdf_text

D = datetime.date


def participant_page(mobility, language="en"):
    return f"/{language}/participant/{participant_token(mobility)}/"


def pdf_upload(content, name="signed.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# Staff pages


def test_grant_agreement_pdf_for_staff(login, staff_user, mobility):
    response = login(staff_user).get(f"/workspace/mobilities/{mobility.pk}/grant-agreement.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "in total EUR 4,020.00" in pdf_text(response.content)


def test_grant_agreement_pdf_in_dutch_on_request(login, staff_user, mobility):
    response = login(staff_user).get(
        f"/workspace/mobilities/{mobility.pk}/grant-agreement.pdf", {"language": "nl"}
    )

    assert "in totaal € 4.020,00" in pdf_text(response.content)


@pytest.mark.parametrize(
    "path",
    [
        "/workspace/mobilities/{pk}/grant-agreement.pdf",
        "/workspace/mobilities/{pk}/certificate-of-attendance.pdf",
        "/workspace/documents/",
    ],
)
def test_document_pages_are_for_staff_only(login, coordinator_a, mobility, path):
    url = path.format(pk=mobility.pk)

    assert login(None).get(url).status_code == 302
    # Coordinator A leads the mobility's project and still does not get its papers.
    assert login(coordinator_a).get(url).status_code == 403


@pytest.mark.parametrize("name", ["send-participant-link", "confirm-report", "document-language"])
def test_document_actions_are_for_staff_only(login, coordinator_a, mobility, name):
    response = login(coordinator_a).post(reverse(f"documents:{name}", args=[mobility.pk]))

    assert response.status_code == 403
    assert OutgoingEmail.objects.count() == 0


def test_unknown_document_is_not_found(login, staff_user, mobility):
    response = login(staff_user).get(f"/workspace/mobilities/{mobility.pk}/learning-agreement.pdf")

    assert response.status_code == 404


def test_mobility_page_shows_the_documents_status_to_staff_only(
    login, staff_user, coordinator_a, mobility
):
    url = reverse("workspace:mobility-detail", args=[mobility.pk])

    staff_html = login(staff_user).get(url).content.decode()
    coordinator_html = login(coordinator_a).get(url).content.decode()

    assert 'id="status-agreement">not uploaded</dd>' in staff_html
    assert "participant-documents" not in coordinator_html


def test_staff_edit_a_document_text(login, staff_user, mobility):
    template = DocumentTemplate.objects.get(kind="grant-agreement", language="en")

    login(staff_user).post(
        reverse("documents:template-edit", args=[template.pk]),
        {"title": "Grant agreement 2021", "body": "<p>For {{ participant_name }}.</p>"},
    )

    response = login(staff_user).get(f"/workspace/mobilities/{mobility.pk}/grant-agreement.pdf")
    assert pdf_text(response.content) == "Grant agreement 2021 For Sanne de Vries. 1 / 1"


def test_a_broken_placeholder_is_refused_next_to_the_text(login, staff_user):
    template = DocumentTemplate.objects.get(kind="grant-agreement", language="en")

    response = login(staff_user).post(
        reverse("documents:template-edit", args=[template.pk]),
        {"title": "Grant agreement", "body": "<p>{% if %}</p>"},
    )

    assert response.status_code == 200
    assert "The text has a placeholder error" in response.context["form"].errors["body"][0]
    template.refresh_from_db()
    assert template.title == "Erasmus+ grant agreement"


def test_staff_send_the_participant_link_through_the_outbox(login, staff_user, mobility):
    login(staff_user).post(reverse("documents:send-participant-link", args=[mobility.pk]))

    email = OutgoingEmail.objects.get()
    assert (email.to, email.template, email.holds_secret) == (
        "sanne.devries@example.org",
        "participant_link",
        True,
    )
    assert f"/en/participant/{participant_token(mobility)}/" in email.body_text


def test_participant_link_email_in_dutch(login, staff_user, mobility):
    client = login(staff_user)
    client.post(reverse("documents:document-language", args=[mobility.pk]), {"language": "nl"})
    client.post(reverse("documents:send-participant-link", args=[mobility.pk]))

    email = OutgoingEmail.objects.get()
    assert email.subject == "Je Erasmus+-documenten voor Nanomedicine with Nagasaki"
    assert f"/nl/participant/{participant_token(mobility)}/" in email.body_text


# The participant's page


def test_participant_sees_their_own_mobility_only(client, mobility, other_mobility):
    response = client.get(participant_page(mobility))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Sanne de Vries" in html
    assert "Kenji" not in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_participant_downloads_their_own_grant_agreement(client, mobility, other_mobility):
    response = client.get(f"{participant_page(mobility)}grant-agreement.pdf")

    text = pdf_text(response.content)
    assert "Sanne de Vries" in text
    assert "Tanaka" not in text


def test_participant_downloads_in_the_language_of_the_page(client, mobility):
    response = client.get(f"{participant_page(mobility, 'nl')}grant-agreement.pdf")

    assert "Erasmus+-subsidieovereenkomst" in pdf_text(response.content)


def test_tampered_link_is_not_found(client, mobility):
    token = participant_token(mobility)

    response = client.get(f"/en/participant/{token[:-2]}xx/")

    assert response.status_code == 404


def test_expired_link_offers_a_fresh_one(client, mobility):
    with time_machine.travel(datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC)):
        url = participant_page(mobility)

    response = client.get(url)

    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert "s•••@example.org" in response.content.decode()


def test_revoked_link_offers_a_fresh_one_and_sends_it(client, mobility):
    url = participant_page(mobility)
    renew_links(address=mobility.email, now=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))

    response = client.get(url)
    client.post(f"{url}renew/")

    assert response.status_code == 410
    assert "This link no longer works" in response.content.decode()
    email = OutgoingEmail.objects.get()
    assert email.to == "sanne.devries@example.org"
    assert client.get(url).status_code == 410


def test_upload_of_the_signed_agreement_makes_the_prefinancing_due(client, mobility, signed_pdf):
    response = client.post(
        participant_page(mobility),
        {"action": "agreement", "agreement-file": pdf_upload(signed_pdf)},
    )

    assert response.status_code == 302
    file = ParticipantFile.objects.get(mobility=mobility)
    assert file.agreement_signed
    assert file.signed_agreement.read() == signed_pdf
    assert list(mobility.payments.values_list("kind", "amount", "status")) == [
        ("prefinancing", Decimal("3216.00"), "due")
    ]


def test_a_file_that_is_not_a_pdf_is_refused_next_to_the_field(client, mobility):
    response = client.post(
        participant_page(mobility),
        {
            "action": "agreement",
            "agreement-file": pdf_upload(b"MZ\x90\x00 not a pdf", "signed.pdf"),
        },
    )

    assert response.status_code == 400
    assert response.context["agreement_form"].errors["file"]
    assert not ParticipantFile.objects.get(mobility=mobility).agreement_signed
    assert not Payment.objects.exists()


def test_report_with_the_end_before_the_start_is_refused(client, mobility):
    response = client.post(
        participant_page(mobility),
        {
            "action": "report",
            "reported_start": "2021-03-10",
            "reported_end": "2021-03-08",
            "report_text": "Taught two courses.",
        },
    )

    assert response.status_code == 400
    assert response.context["report_form"].errors["reported_end"] == [
        "The last day of the stay is on or after its first day."
    ]
    assert ParticipantFile.objects.get(mobility=mobility).report_submitted_at is None


def test_report_far_from_the_planned_dates_is_refused(client, mobility):
    response = client.post(
        participant_page(mobility),
        {
            "action": "report",
            "reported_start": "2023-03-08",
            "reported_end": "2023-03-10",
            "report_text": "Taught two courses.",
        },
    )

    assert response.status_code == 400
    assert response.context["report_form"].errors["reported_end"]


def test_whole_journey_shorter_stay_ends_in_a_recovery_to_the_cent(
    client, login, staff_user, mobility, signed_pdf
):
    set_prefinancing_percent(call=mobility.project.call, percent=Decimal("77.5"))
    page = participant_page(mobility)
    client.post(page, {"action": "agreement", "agreement-file": pdf_upload(signed_pdf)})
    prefinancing = mobility.payments.get(kind="prefinancing")
    mark_paid(payment=mark_requested(payment=prefinancing, on=D(2021, 2, 3)), on=D(2021, 2, 10))
    client.post(
        page, {"action": "certificate", "certificate-file": pdf_upload(signed_pdf, "cert.pdf")}
    )
    client.post(
        page,
        {
            "action": "report",
            "reported_start": "2021-03-08",
            "reported_end": "2021-03-12",
            "report_text": "Taught five days instead of twelve.",
        },
    )

    staff = login(staff_user)
    detail = staff.get(reverse("workspace:mobility-detail", args=[mobility.pk])).content.decode()
    staff.post(reverse("documents:confirm-report", args=[mobility.pk]))

    # Planned 4,020.00 x 77.5 % = 3,115.50 paid before; actual 5 days (the minimum) + 2 travel
    # days: 7 x 180 + 1,500 = 2,760.00; 3,115.50 - 2,760.00 = 355.50 to pay back.
    mobility.refresh_from_db()
    assert "Taught five days instead of twelve." in detail
    assert (mobility.actual_start, mobility.actual_end, mobility.status) == (
        D(2021, 3, 8),
        D(2021, 3, 12),
        "completed",
    )
    assert mobility.total_grant == Decimal("2760.00")
    assert list(mobility.payments.values_list("kind", "amount")) == [
        ("prefinancing", Decimal("3115.50")),
        ("recovery", Decimal("355.50")),
    ]
    html = client.get(page).content.decode()
    assert "EUR\xa0355.50 is to be paid back" in html
    assert "your grant is EUR\xa02,760.00" in html


def test_confirming_without_a_report_changes_nothing(login, staff_user, mobility):
    response = login(staff_user).post(reverse("documents:confirm-report", args=[mobility.pk]))

    mobility.refresh_from_db()
    assert response.status_code == 302
    assert (mobility.actual_start, mobility.payments.count()) == (None, 0)


def test_staff_download_the_uploaded_copy_coordinators_do_not(
    client, login, staff_user, coordinator_a, mobility, signed_pdf
):
    client.post(
        participant_page(mobility),
        {"action": "agreement", "agreement-file": pdf_upload(signed_pdf)},
    )
    url = reverse("documents:uploaded-copy", args=[mobility.pk, "agreement"])

    staff_response = login(staff_user).get(url)

    assert b"".join(staff_response.streaming_content) == signed_pdf
    assert login(coordinator_a).get(url).status_code == 403


def test_after_confirmation_a_new_upload_is_refused_and_the_payments_stay(
    client, login, staff_user, mobility, signed_pdf
):
    page = participant_page(mobility)
    client.post(page, {"action": "agreement", "agreement-file": pdf_upload(signed_pdf)})
    client.post(
        page, {"action": "certificate", "certificate-file": pdf_upload(signed_pdf, "cert.pdf")}
    )
    client.post(
        page,
        {
            "action": "report",
            "reported_start": "2021-03-08",
            "reported_end": "2021-03-10",
            "report_text": "Three days.",
        },
    )
    login(staff_user).post(reverse("documents:confirm-report", args=[mobility.pk]))
    assert ParticipantFile.objects.get(mobility=mobility).confirmed
    before = list(mobility.payments.values_list("kind", "amount"))

    response = client.post(
        page,
        {"action": "agreement", "agreement-file": pdf_upload(signed_pdf, "again.pdf")},
    )

    assert response.status_code == 400
    assert "Your report was confirmed already" in response.content.decode()
    assert list(mobility.payments.values_list("kind", "amount")) == before
