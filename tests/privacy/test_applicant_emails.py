"""The outbox's copies of the emails sent to someone who only ever applied (no mobility, no
registration, no address-book entry) go with their application, by the retention job and by
erasure on request, as for anyone else."""

import datetime

import pytest
from django.utils import timezone

from outbox.models import OutgoingEmail
from privacy import services
from projects.models import Project
from tests.applications.conftest import make_offer_world, submitted
from tests.workspace.conftest import make_coordinator

pytestmark = pytest.mark.django_db


@pytest.fixture
def ended_world(settings):
    """An offer of a project that ended more than the retention period ago."""
    settings.PERSONAL_DATA_RETENTION_YEARS = 5
    coordinator = make_coordinator("coordinator-old", first_name="Ada", last_name="Kok")
    world = make_offer_world(coordinator=coordinator, title="Leiden and Havana", slug="havana")
    Project.objects.filter(pk=world.project.pk).update(
        start_date=datetime.date(2018, 8, 1), end_date=datetime.date(2020, 7, 31)
    )
    return world


def _emails_to(address):
    return OutgoingEmail.objects.filter(to__iexact=address).order_by("pk")


def test_anonymise_expired_erases_the_emails_of_someone_who_only_applied(ended_world):
    application = submitted(ended_world.offer, "Eva.Jansen@example.org")
    emails = list(_emails_to("eva.jansen@example.org"))
    assert [email.subject for email in emails] == [
        "Je aanvraag voor Teaching at Leiden and Havana: Ingediend"
    ]

    report = services.anonymise_expired(today=timezone.localdate())

    assert report.applications == [application.pk]
    assert report.emails == [email.pk for email in emails]
    assert not _emails_to("eva.jansen@example.org").exists()
    (email,) = OutgoingEmail.objects.filter(pk=emails[0].pk)
    assert (email.to, email.subject, email.body_text, email.body_html) == (
        f"erased-email-{email.pk}@invalid.example",
        "erased",
        "erased",
        "",
    )


def test_anonymise_expired_keeps_the_emails_of_someone_who_applied_again_later(ended_world):
    submitted(ended_world.offer, "eva.jansen@example.org")
    coordinator = make_coordinator("coordinator-new", first_name="Kenji", last_name="Sato")
    recent = make_offer_world(coordinator=coordinator, title="LUMC and Nagasaki", slug="lumc")
    submitted(recent.offer, "EVA.JANSEN@example.org")

    report = services.anonymise_expired(today=timezone.localdate())

    assert len(report.applications) == 1
    assert report.emails == []
    assert _emails_to("eva.jansen@example.org").count() == 2


def test_erase_person_erases_the_emails_of_someone_who_only_applied(ended_world):
    submitted(ended_world.offer, "Eva.Jansen@example.org")
    ids = list(_emails_to("eva.jansen@example.org").values_list("pk", flat=True))

    report = services.erase_person(email_address="EVA.jansen@example.org")

    assert report.emails == ids
    assert len(ids) == 1
    assert not _emails_to("eva.jansen@example.org").exists()
    assert OutgoingEmail.objects.get(pk=ids[0]).subject == "erased"
