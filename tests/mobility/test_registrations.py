import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from mobility.models import ExchangeOffer, InterestRegistration
from mobility.registrations import is_open_for_interest, register_interest, with_availability
from outbox.models import OutgoingEmail
from projects.models import Project
from tests.factories import ExchangeOfferFactory, InterestRegistrationFactory

TODAY = datetime.date(2026, 11, 20)


def _register(offer, **overrides):
    details = {
        "name": "Sanne de Vries",
        "email": "sanne@example.org",
        "study_programme": "Biomedical Sciences",
        "level": "master",
        "motivation": "I want to work on medical imaging.",
        "language": "en",
        "today": TODAY,
    }
    return register_interest(offer=offer, **{**details, **overrides})


@pytest.fixture
def offer(db):
    return ExchangeOfferFactory(
        title="Medical imaging in Nagasaki",
        title_nl="Medische beeldvorming in Nagasaki",
        slug="imaging-nagasaki",
        places=2,
        application_deadline=TODAY + datetime.timedelta(days=10),
    )


def test_register_interest_creates_a_registration(offer):
    result = _register(offer)

    assert result.created is True
    registration = InterestRegistration.objects.get()
    assert result.registration == registration
    assert (registration.offer, registration.name, registration.email) == (
        offer,
        "Sanne de Vries",
        "sanne@example.org",
    )
    assert (registration.level, registration.language, registration.status) == (
        "master",
        "en",
        "new",
    )


def test_register_interest_queues_a_confirmation_email(offer, settings):
    settings.PORTAL_BASE_URL = "https://exchange.example.org/"

    _register(offer)

    email = OutgoingEmail.objects.get()
    assert (email.to, email.template, email.language, email.status) == (
        "sanne@example.org",
        "registration_confirmation",
        "en",
        "queued",
    )
    assert email.subject == "Your interest in Medical imaging in Nagasaki is registered"
    assert "Dear Sanne de Vries," in email.body_text
    assert "https://exchange.example.org/en/offers/imaging-nagasaki/" in email.body_text
    assert "I want to work on medical imaging." in email.body_html


def test_register_interest_in_dutch_queues_a_dutch_email(offer):
    _register(offer, language="nl")

    email = OutgoingEmail.objects.get()
    assert email.language == "nl"
    assert email.subject == ("Je interesse in Medische beeldvorming in Nagasaki is geregistreerd")
    assert "/nl/offers/imaging-nagasaki/" in email.body_text
    assert '<html lang="nl">' in email.body_html


def test_register_interest_with_an_unknown_language_writes_english(offer):
    result = _register(offer, language="xx")

    assert result.registration.language == "en"
    assert OutgoingEmail.objects.get().language == "en"


def test_register_interest_again_with_the_same_email_updates_the_registration(offer):
    first = _register(offer).registration
    InterestRegistration.objects.filter(pk=first.pk).update(status="contacted")

    result = _register(
        offer, email="SANNE@Example.org", name="Sanne de Vries-Jansen", motivation="Updated."
    )

    assert result.created is False
    assert result.registration.pk == first.pk
    registration = InterestRegistration.objects.get()
    assert (registration.name, registration.motivation, registration.status) == (
        "Sanne de Vries-Jansen",
        "Updated.",
        "contacted",
    )
    assert registration.email == "sanne@example.org"
    subjects = list(OutgoingEmail.objects.order_by("pk").values_list("subject", flat=True))
    assert subjects == [
        "Your interest in Medical imaging in Nagasaki is registered",
        "Your registration for Medical imaging in Nagasaki is updated",
    ]


def test_register_interest_for_another_offer_creates_another_registration(offer):
    other = ExchangeOfferFactory(application_deadline=TODAY)

    _register(offer)
    result = _register(other)

    assert result.created is True
    assert InterestRegistration.objects.count() == 2


def test_register_interest_on_the_deadline_day_is_accepted(offer):
    offer.application_deadline = TODAY
    offer.save()

    assert _register(offer).created is True


def test_register_interest_after_the_deadline_is_refused(offer):
    offer.application_deadline = TODAY - datetime.timedelta(days=1)
    offer.save()

    with pytest.raises(ValidationError) as refused:
        _register(offer)

    assert refused.value.code == "offer_closed"
    assert InterestRegistration.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0


def test_register_interest_when_nominations_fill_the_places_is_refused(offer):
    InterestRegistrationFactory.create_batch(2, offer=offer, status="nominated")

    with pytest.raises(ValidationError) as refused:
        _register(offer)

    assert refused.value.code == "offer_closed"
    assert InterestRegistration.objects.count() == 2


def test_register_interest_with_places_left_counts_only_nominations(offer):
    InterestRegistrationFactory(offer=offer, status="nominated")
    InterestRegistrationFactory.create_batch(3, offer=offer, status="new")
    InterestRegistrationFactory(offer=offer, status="declined")

    assert _register(offer).created is True


def test_register_interest_in_an_unpublished_offer_is_refused(offer):
    offer.is_published = False
    offer.save()

    with pytest.raises(ValidationError):
        _register(offer)


def test_register_interest_under_a_project_that_is_not_public_is_refused(offer):
    Project.objects.filter(pk=offer.project_id).update(status=Project.Status.SUBMITTED)

    with pytest.raises(ValidationError):
        _register(offer)


def test_with_availability_marks_open_and_closed_offers(db):
    open_offer = ExchangeOfferFactory(places=1, application_deadline=TODAY)
    passed = ExchangeOfferFactory(application_deadline=TODAY - datetime.timedelta(days=1))
    filled = ExchangeOfferFactory(places=1, application_deadline=TODAY)
    InterestRegistrationFactory(offer=filled, status="nominated")

    offers = with_availability(ExchangeOffer.objects.all(), today=TODAY)

    assert {offer.pk: (offer.is_open, offer.nominated_count) for offer in offers} == {
        open_offer.pk: (True, 0),
        passed.pk: (False, 0),
        filled.pk: (False, 1),
    }
    assert is_open_for_interest(open_offer, today=TODAY) is True
    assert is_open_for_interest(filled, today=TODAY) is False


@pytest.mark.django_db(transaction=True)
def test_register_interest_racing_the_same_email_updates_instead_of_failing():
    offer = ExchangeOfferFactory(application_deadline=timezone.localdate())
    inserted = threading.Event()
    failures = []

    def insert_and_commit_late():
        try:
            with transaction.atomic():
                InterestRegistrationFactory(offer=offer, email="sanne@example.org", name="First")
                inserted.set()
                # The other submission now waits on the unique index until this commits.
                time.sleep(0.5)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)
            inserted.set()
        finally:
            connection.close()

    other = threading.Thread(target=insert_and_commit_late)
    other.start()
    inserted.wait(5)
    result = _register(offer, email="Sanne@Example.org", name="Second", today=None)
    other.join(5)

    assert failures == []
    assert result.created is False
    registration = InterestRegistration.objects.get()
    assert (registration.pk, registration.name) == (result.registration.pk, "Second")
