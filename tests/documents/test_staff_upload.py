"""Staff upload the signed grant agreement or the certificate in the participant's stead."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.models import ParticipantFile
from payments.models import Payment
from tests.documents.conftest import make_coordinator
from tests.documents.test_views import participant_page, pdf_upload
from tests.factories import ProjectFactory


def upload_url(mobility, which):
    return reverse("documents:staff-upload", args=[mobility.pk, which])


def mobility_page(mobility):
    return reverse("workspace:mobility-detail", args=[mobility.pk])


def test_staff_upload_the_signed_agreement_for_the_participant(
    login, staff_user, mobility, signed_pdf
):
    client = login(staff_user)

    before = client.get(mobility_page(mobility)).content.decode()
    form = client.get(upload_url(mobility, "agreement"))
    response = client.post(
        upload_url(mobility, "agreement"), {"agreement-file": pdf_upload(signed_pdf)}
    )

    assert upload_url(mobility, "agreement") in before
    assert form.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == mobility_page(mobility)
    file = ParticipantFile.objects.get(mobility=mobility)
    assert file.signed_agreement.read() == signed_pdf
    assert file.history.first().history_user == staff_user
    assert list(mobility.payments.values_list("kind", "amount", "status")) == [
        ("prefinancing", Decimal("3216.00"), "due")
    ]
    page = client.get(mobility_page(mobility)).content.decode()
    assert f"by {staff_user} (office)" in page
    participant = client.get(participant_page(mobility)).content.decode()
    assert "Uploaded for you by our office on" in participant


def test_staff_upload_the_certificate_and_the_participant_sees_it(
    client, login, staff_user, mobility, signed_pdf
):
    login(staff_user).post(
        upload_url(mobility, "certificate"), {"certificate-file": pdf_upload(signed_pdf)}
    )
    client.logout()

    page = client.get(participant_page(mobility)).content.decode()

    assert ParticipantFile.objects.get(mobility=mobility).certificate_uploaded
    assert '<p id="certificate-status">Uploaded for you by our office on' in page
    assert "✓ Upload the certificate of attendance, signed by your host" in page


def test_the_participants_own_upload_shows_as_theirs(
    client, login, staff_user, mobility, signed_pdf
):
    client.post(
        participant_page(mobility),
        {"action": "agreement", "agreement-file": pdf_upload(signed_pdf)},
    )

    page = login(staff_user).get(mobility_page(mobility)).content.decode()

    assert "(office)" not in page
    assert "uploaded on" in page


def test_a_file_that_is_not_a_pdf_is_refused_next_to_the_field(login, staff_user, mobility):
    response = login(staff_user).post(
        upload_url(mobility, "agreement"),
        {"agreement-file": SimpleUploadedFile("signed.pdf", b"MZ\x90\x00 not a pdf")},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert 'id="error_1_id_agreement-file"' in response.content.decode()
    assert not ParticipantFile.objects.filter(mobility=mobility, signed_agreement__gt="").exists()
    assert not Payment.objects.exists()


def test_unknown_upload_is_not_found(login, staff_user, mobility):
    assert login(staff_user).get(upload_url(mobility, "passport")).status_code == 404


def other_coordinator():
    """A coordinator who leads another project, not the mobility's."""
    user = make_coordinator("coordinator-other", first_name="Kenji")
    ProjectFactory(title="LUMC and Nagasaki", lead_coordinator=user.person)
    return user


@pytest.mark.parametrize("who", ["anonymous", "own coordinator", "other coordinator"])
def test_only_staff_upload_for_the_participant(login, coordinator_a, mobility, signed_pdf, who):
    user = {
        "anonymous": None,
        "own coordinator": coordinator_a,
        "other coordinator": other_coordinator(),
    }[who]
    client = login(user)

    form = client.get(upload_url(mobility, "agreement"))
    response = client.post(
        upload_url(mobility, "agreement"), {"agreement-file": pdf_upload(signed_pdf)}
    )

    expected = 302 if user is None else 403
    assert (form.status_code, response.status_code) == (expected, expected)
    assert not ParticipantFile.objects.filter(mobility=mobility, signed_agreement__gt="").exists()
