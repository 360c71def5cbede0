"""Erasure reaches applications: their personal fields, history, language skills and files."""

import pytest

from applications.models import Application, ApplicationDocument, LanguageSkill
from privacy import services
from tests.applications.conftest import make_offer_world, submitted
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
