import datetime
import re
import threading

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.rules import STAFF_GROUP
from mobility.models import ExchangeOffer, InterestRegistration
from mobility.registrations import (
    change_registration_status,
    is_open_for_interest,
    register_interest,
    registration_token,
    send_fresh_registration_link,
    with_availability,
)
from outbox.models import OutgoingEmail
from projects.models import Project
from tests.concurrency import backend_pid, waits_for_a_lock
from tests.factories import ExchangeOfferFactory, InterestRegistrationFactory, UserFactory

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
def staff(db):
    return UserFactory(username="iro-staff")


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


def test_register_interest_again_with_a_known_address_changes_nothing(offer):
    first = _register(offer).registration
    InterestRegistration.objects.filter(pk=first.pk).update(status="nominated")

    result = _register(
        offer, email="SANNE@Example.org", name="Mallory", level="bachelor", motivation="Mine."
    )

    assert result.created is False
    registration = InterestRegistration.objects.get()
    assert (
        registration.name,
        registration.level,
        registration.motivation,
        registration.status,
        registration.email,
    ) == (
        "Sanne de Vries",
        "master",
        "I want to work on medical imaging.",
        "nominated",
        ("sanne@example.org"),
    )


def test_register_interest_again_emails_the_owner_a_link_at_most_once_a_day(offer, settings):
    settings.PORTAL_BASE_URL = "https://exchange.example.org"
    start = datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC)
    _register(offer, now=start)

    _register(offer, email="SANNE@example.org", now=start + datetime.timedelta(hours=1))
    _register(offer, email="sanne@example.org", now=start + datetime.timedelta(hours=23))
    _register(offer, email="Sanne@example.org", now=start + datetime.timedelta(hours=25))
    _register(offer, email="sanne@example.org", now=start + datetime.timedelta(hours=26))

    emails = list(OutgoingEmail.objects.order_by("pk"))
    assert [(email.to, email.template) for email in emails] == [
        ("sanne@example.org", "registration_confirmation"),
        ("sanne@example.org", "registration_known"),
    ]
    assert emails[1].subject == "Your registration for Medical imaging in Nagasaki"
    assert "We have changed nothing." in emails[1].body_text
    assert "https://exchange.example.org/en/registration/" in emails[1].body_text
    assert emails[1].holds_secret is True


@pytest.mark.parametrize("address", ["a@[127.0.0.1]", "a@[IPv6:::1]", "a@localhost"])
def test_register_interest_with_an_address_literal_is_refused(offer, address):
    with pytest.raises(ValidationError) as refused:
        _register(offer, email=address)

    assert list(refused.value.message_dict) == ["email"]
    assert InterestRegistration.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0


def test_registration_with_an_address_literal_is_refused_by_the_database(offer):
    with pytest.raises(IntegrityError), transaction.atomic():
        InterestRegistrationFactory(offer=offer, email="a@[127.0.0.1]")


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
    second_pid = backend_pid()
    inserted = threading.Event()
    outcome = {}

    def insert_and_commit_once_the_second_waits():
        try:
            with transaction.atomic():
                InterestRegistrationFactory(offer=offer, email="sanne@example.org", name="First")
                inserted.set()
                # Commit only once the second submission waits for this row: both then
                # insert the same address at the same moment, whatever the machine's speed.
                outcome["second waited"] = waits_for_a_lock(second_pid, timeout=5)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcome["failure"] = error
            inserted.set()
        finally:
            connection.close()

    first = threading.Thread(target=insert_and_commit_once_the_second_waits)
    first.start()
    inserted.wait(5)
    result = _register(offer, email="Sanne@Example.org", name="Second", today=None)
    first.join(10)

    assert outcome == {"second waited": True}
    assert result.created is False
    registration = InterestRegistration.objects.get()
    assert (registration.pk, registration.name) == (result.registration.pk, "First")


def _registration_link(email: OutgoingEmail) -> str:
    (path,) = re.findall(r"http://127.0.0.1:8000(/\w\w/registration/\S+/)", email.body_text)
    return path


def test_registration_link_expires_after_30_days(offer, client):
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC)):
        registration = _register(offer).registration
        path = reverse("public:registration", kwargs={"token": registration_token(registration)})
    with time_machine.travel(datetime.datetime(2026, 12, 19, 9, tzinfo=datetime.UTC)):
        still_valid = client.get(path)
    with time_machine.travel(datetime.datetime(2026, 12, 21, 9, tzinfo=datetime.UTC)):
        expired = client.get(path)

    assert (still_valid.status_code, expired.status_code) == (200, 410)
    assert "This link has expired" in expired.content.decode()


def test_change_registration_status_emails_the_student_once_in_their_language(offer, staff):
    registration = _register(offer, language="nl").registration
    OutgoingEmail.objects.all().delete()

    change_registration_status(registration=registration, status="nominated", by=staff)
    change_registration_status(registration=registration, status="nominated", by=staff)

    registration.refresh_from_db()
    email = OutgoingEmail.objects.get()
    assert registration.status == "nominated"
    assert (email.to, email.template, email.language, email.holds_secret) == (
        "sanne@example.org",
        "registration_status",
        "nl",
        True,
    )
    assert email.subject == "Je registratie voor Medische beeldvorming in Nagasaki: Genomineerd"
    assert "/nl/registration/" in email.body_text


def test_change_registration_status_to_an_unknown_status_is_refused(offer, staff):
    registration = _register(offer).registration

    with pytest.raises(ValidationError):
        change_registration_status(registration=registration, status="accepted", by=staff)

    registration.refresh_from_db()
    assert registration.status == "new"
    assert OutgoingEmail.objects.count() == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_registration_status_change_in_the_workspace_is_emailed_after_commit(
    client, smtp_server, celery_worker_process
):
    offer = ExchangeOfferFactory(
        title="Medical imaging in Nagasaki", application_deadline=timezone.localdate()
    )
    registration = _register(offer, today=None).registration
    staff_user = UserFactory(username="iro-staff")
    staff_user.groups.add(Group.objects.get_or_create(name=STAFF_GROUP)[0])
    client.force_login(staff_user)
    smtp_server.wait_for(1, timeout=20)

    response = client.post(
        reverse("workspace:registration-status", args=[registration.pk]),
        {"status": "declined"},
    )
    messages = smtp_server.wait_for(2, timeout=20)

    assert response.status_code == 302
    status_email = messages[1]
    assert status_email.to == "sanne@example.org"
    assert status_email.subject == "Your registration for Medical imaging in Nagasaki: Declined"
    assert "you have not been selected" in status_email.text
    assert (
        client.get(_registration_link(OutgoingEmail.objects.order_by("pk").last())).status_code
        == 200
    )


def test_fresh_registration_link_carries_the_addresses_other_registrations(offer):
    other = ExchangeOfferFactory(title="Glycomics in Tomsk", application_deadline=TODAY)
    first = _register(offer).registration
    second = _register(other, email="Sanne@example.org").registration
    old_second_link = registration_token(second)

    sent = send_fresh_registration_link(registration=first, now=timezone.now())

    email = OutgoingEmail.objects.get(template="registration_link")
    assert sent is True
    assert "Your other registrations with this address:" in email.body_text
    assert "Glycomics in Tomsk: http://127.0.0.1:8000/en/registration/" in email.body_text
    assert old_second_link not in email.body_text
