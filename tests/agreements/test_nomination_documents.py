"""A partner contact attaches the candidate's documents to a nomination; the office and the
project's coordinators download them, before and after the nomination became a mobility."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from agreements import services
from agreements.models import NominationDocument
from privacy.services import erase_person
from private_files.storage import private_storage

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 60


def _path(name, *args):
    with translation.override("en"):
        return reverse(f"partner:{name}", args=args)


def _attach(client, nomination, *, kind="cv", name="cv.pdf", content=PDF):
    return client.post(
        _path("nomination", nomination.pk),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )


def _content(response) -> bytes:
    return b"".join(response.streaming_content)


def test_partner_attaches_a_pdf_and_downloads_it(partner_client, havana):
    client = partner_client(havana.contact)

    response = _attach(client, havana.nomination, name="Ana CV.pdf")
    page = client.get(_path("nomination", havana.nomination.pk))
    download = client.get(_path("nomination-document", havana.nomination.pk, "cv"))

    assert response.status_code == 302
    document = NominationDocument.objects.get(nomination=havana.nomination)
    assert (document.kind, document.original_name) == ("cv", "Ana CV.pdf")
    assert "Ana CV.pdf" in page.content.decode()
    assert download["Content-Disposition"] == (
        f'attachment; filename="nomination-{havana.nomination.pk}-cv.pdf"'
    )
    assert _content(download) == PDF


def test_renamed_program_is_refused_next_to_the_file(partner_client, havana):
    client = partner_client(havana.contact)

    response = _attach(client, havana.nomination, name="passport.pdf", content=EXE)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": [
            "The file's content is not a PDF, Word document (.docx), JPEG or PNG image, "
            "whatever its name says."
        ]
    }
    assert not NominationDocument.objects.exists()


def test_too_large_a_file_is_refused(partner_client, havana):
    client = partner_client(havana.contact)

    response = _attach(client, havana.nomination, content=PDF + b"x" * (5 * 1024 * 1024))

    assert response.context["form"].errors["file"] == [
        "The file is 5.0\xa0MB; at most 5.0\xa0MB is accepted."
    ]
    assert not NominationDocument.objects.exists()


def test_partner_replaces_and_removes_a_document(partner_client, havana):
    client = partner_client(havana.contact)
    _attach(client, havana.nomination, name="old.pdf")
    old_name = NominationDocument.objects.get().file.name

    _attach(client, havana.nomination, name="new.pdf", content=PDF + b"% new\n")
    document = NominationDocument.objects.get()
    replaced_name = document.file.name
    removed = client.post(_path("nomination-document", havana.nomination.pk, "cv"))

    assert document.original_name == "new.pdf"
    assert not private_storage().exists(old_name)
    assert removed.status_code == 302
    assert not NominationDocument.objects.exists()
    assert not private_storage().exists(replaced_name)


def test_documents_are_fixed_once_the_office_decided(partner_client, staff_user, havana):
    client = partner_client(havana.contact)
    _attach(client, havana.nomination)
    services.decline_nomination(nomination=havana.nomination, by=staff_user)

    response = _attach(client, havana.nomination, kind="transcript", name="t.pdf")
    removal = client.post(_path("nomination-document", havana.nomination.pk, "cv"), follow=True)

    assert response.context["form"].errors == {
        "__all__": [
            "The office has decided on this nomination: its documents can no longer change."
        ]
    }
    assert list(NominationDocument.objects.values_list("kind", flat=True)) == ["cv"]
    assert "its documents can no longer change" in removal.content.decode()


def test_a_partner_never_reaches_another_partners_nomination(partner_client, havana, nagasaki):
    _attach(partner_client(nagasaki.contact), nagasaki.nomination)
    client = partner_client(havana.contact)

    page = client.get(_path("nomination", nagasaki.nomination.pk))
    download = client.get(_path("nomination-document", nagasaki.nomination.pk, "cv"))
    upload = _attach(client, nagasaki.nomination, kind="transcript")
    removal = client.post(_path("nomination-document", nagasaki.nomination.pk, "cv"))

    assert [page.status_code, download.status_code, upload.status_code] == [404, 404, 404]
    assert removal.status_code == 404
    assert list(NominationDocument.objects.values_list("kind", flat=True)) == ["cv"]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("staff_user", 200),
        ("coordinator_a", 200),
        ("coordinator_b", 403),
        ("plain_user", 403),
        (None, 302),
    ],
)
def test_workspace_download_is_for_the_office_and_the_projects_coordinators(
    request, login, partner_client, havana, who, status
):
    _attach(partner_client(havana.contact), havana.nomination)
    document = NominationDocument.objects.get()
    client = login(request.getfixturevalue(who) if who else None)

    response = client.get(reverse("agreements:nomination-document", args=[document.pk]))

    assert response.status_code == status
    if status == 200:
        assert _content(response) == PDF


def test_office_sees_the_documents_before_accepting_and_on_the_mobility(
    client, login, partner_client, staff_user, havana
):
    _attach(partner_client(havana.contact), havana.nomination, name="Ana CV.pdf")
    document = NominationDocument.objects.get()
    link = reverse("agreements:nomination-document", args=[document.pk])
    login(staff_user)

    listed = client.get(reverse("agreements:nomination-list"))
    mobility = services.accept_nomination(nomination=havana.nomination, by=staff_user)
    mobility_page = client.get(reverse("workspace:mobility-detail", args=[mobility.pk]))
    download = client.get(link)

    assert link in listed.content.decode()
    assert link in mobility_page.content.decode()
    assert "Documents from the nomination" in mobility_page.content.decode()
    assert _content(download) == PDF


def test_erasure_of_the_candidate_deletes_the_files(partner_client, havana):
    _attach(partner_client(havana.contact), havana.nomination)
    name = NominationDocument.objects.get().file.name

    erase_person(email_address="candidate@example.org")

    assert not NominationDocument.objects.exists()
    assert not private_storage().exists(name)
