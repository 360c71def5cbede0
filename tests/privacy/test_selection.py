"""Erasure reaches what selection and after-selection hold: applications (fields, history,
language skills, files), partners' nominations, participants' uploads and reports."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from agreements.models import Nomination
from applications.models import Application, ApplicationDocument, LanguageSkill
from documents.models import ParticipantFile
from privacy import services
from tests.applications.conftest import make_offer_world, submitted
from tests.factories import InstitutionFactory, MobilityFactory, ProjectFactory
from tests.workspace.conftest import make_coordinator

pytestmark = pytest.mark.django_db


def test_erase_person_erases_their_application_and_deletes_its_files():
    coordinator = make_coordinator("coordinator-privacy", first_name="Ada", last_name="Kok")
    world = make_offer_world(coordinator=coordinator, title="Leiden and Havana", slug="havana")
    application = submitted(world.offer, "Eva.Jansen@example.org", last_name="Jansen")
    document = application.documents.get()
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)

    report = services.erase_person(email_address="eva.jansen@example.org")

    application.refresh_from_db()
    assert report.applications == [application.pk]
    assert (application.first_name, application.last_name, application.birth_date) == (
        "erased",
        "erased",
        None,
    )
    assert application.email == f"erased-application-{application.pk}@invalid.example"
    assert not storage.exists(name)
    assert not ApplicationDocument.objects.filter(application=application).exists()
    assert not LanguageSkill.objects.filter(application=application).exists()
    assert set(
        Application.history.filter(id=application.pk).values_list("last_name", flat=True)
    ) == {"erased"}


def test_erase_person_removes_a_partners_nomination_with_its_history():
    project = ProjectFactory()
    nomination = Nomination.objects.create(
        project=project,
        partner=InstitutionFactory(),
        first_name="Aiko",
        last_name="Tanaka",
        email="aiko.tanaka@example.org",
        birth_date=datetime.date(1990, 5, 1),
        nationality="JP",
        gender="F",
        activity="STA",
        level="staff",
        planned_start=datetime.date(2021, 3, 8),
        planned_end=datetime.date(2021, 3, 12),
    )

    report = services.erase_person(email_address="Aiko.Tanaka@example.org")

    assert report.nominations == [nomination.pk]
    assert not Nomination.objects.filter(pk=nomination.pk).exists()
    assert not Nomination.history.filter(id=nomination.pk).exists()


def test_erase_person_deletes_the_participants_uploads_and_report():
    mobility = MobilityFactory(email="sanne@example.org")
    upload = SimpleUploadedFile("signed.pdf", b"%PDF-1.4\n%%EOF\n")
    file = ParticipantFile(mobility=mobility, report_text="Cut short by a strike.")
    file.signed_agreement_uploaded_at = timezone.now()
    file.signed_agreement.save("signed.pdf", upload)
    storage, name = file.signed_agreement.storage, file.signed_agreement.name
    assert storage.exists(name)

    services.erase_person(email_address="sanne@example.org")

    file.refresh_from_db()
    assert not storage.exists(name)
    assert (file.signed_agreement.name, file.report_text) == ("", "erased")
