"""A student's registration after the form: the address checks, the signed link to it, and
what the link's page lets them do."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.rules import STAFF_GROUP
from mobility.models import InterestRegistration
from mobility.registrations import register_interest, registration_token
from outbox.models import OutgoingEmail
from tests.factories import UserFactory
from tests.public.helpers import public_url

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "name": "Sanne de Vries",
    "email": "sanne@example.org",
    "study_programme": "Biomedical Sciences",
    "level": "master",
    "motivation": "I want to work on medical imaging.",
    "website": "",
}


def _register(client, offer, language="en", **overrides):
    return client.post(
        public_url("offer-register", language, slug=offer.slug), {**REGISTRATION, **overrides}
    )


def _link_in(email: OutgoingEmail) -> str:
    (path,) = re.findall(r"http://127.0.0.1:8000(/\w\w/registration/\S+/)", email.body_text)
    return path


@pytest.mark.parametrize("address", ["sanne@[127.0.0.1]", "sanne@localhost"])
def test_register_interest_with_an_address_literal_says_so_next_to_the_field(
    client, open_offer, address
):
    response = _register(client, open_offer, email=address)

    text = response.content.decode()
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["email"]
    assert response.context["form"].errors["email"] == [
        "Enter an address at a domain name (like name@university.nl), not at an IP address "
        "or at localhost."
    ]
    assert f'value="{address}"' in text
    assert 'value="Sanne de Vries"' in text
    assert InterestRegistration.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0


def test_register_interest_again_and_again_sends_one_email_a_day(client, open_offer):
    for email in ("sanne@example.org", "SANNE@example.org", "Sanne@Example.org"):
        _register(client, open_offer, email=email)

    assert list(OutgoingEmail.objects.values_list("to", "template")) == [
        ("sanne@example.org", "registration_confirmation")
    ]


def test_registration_link_shows_the_registration_and_saves_changes_but_not_the_status(
    client, open_offer
):
    _register(client, open_offer)
    InterestRegistration.objects.update(status="contacted")
    path = _link_in(OutgoingEmail.objects.get())

    page = client.get(path)
    saved = client.post(
        path,
        {
            "name": "Sanne de Vries-Jansen",
            "study_programme": "Medicine",
            "level": "bachelor",
            "motivation": "Updated.",
            "status": "nominated",
        },
    )

    registration = InterestRegistration.objects.get()
    assert page.status_code == 200
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert "Contacted" in page.content.decode()
    assert saved.status_code == 302
    assert (registration.name, registration.level, registration.motivation) == (
        "Sanne de Vries-Jansen",
        "bachelor",
        "Updated.",
    )
    assert registration.status == "contacted"


def test_registration_link_in_dutch_opens_a_dutch_page(client, open_offer):
    _register(client, open_offer, language="nl")

    page = client.get(_link_in(OutgoingEmail.objects.get()))

    assert _link_in(OutgoingEmail.objects.get()).startswith("/nl/registration/")
    assert "Je registratie" in page.content.decode()


def test_registration_link_after_the_application_deadline_only_shows(client, open_offer):
    _register(client, open_offer)
    path = _link_in(OutgoingEmail.objects.get())
    open_offer.application_deadline = datetime.date(2020, 1, 1)
    open_offer.save()

    refused = client.post(path, {**REGISTRATION, "name": "Someone else"})

    assert refused.status_code == 409
    assert InterestRegistration.objects.get().name == "Sanne de Vries"


def test_registration_link_with_a_forged_token_is_not_found(client, open_offer):
    _register(client, open_offer)
    token = registration_token(InterestRegistration.objects.get())[:-2] + "xx"

    assert client.get(public_url("registration", token=token)).status_code == 404


def test_expired_registration_link_offers_a_fresh_one_that_stops_the_old(client, open_offer):
    with time_machine.travel(datetime.datetime(2025, 1, 1, 9, tzinfo=datetime.UTC)):
        registration = register_interest(
            offer=open_offer,
            language="en",
            **{key: value for key, value in REGISTRATION.items() if key != "website"},
        ).registration
    old = _link_in(OutgoingEmail.objects.get())
    current = public_url("registration", token=registration_token(registration))

    expired = client.get(old)
    renew = client.post(old + "renew/")
    again = client.post(old + "renew/")

    fresh = OutgoingEmail.objects.filter(template="registration_link").get()
    assert expired.status_code == 410
    assert "This link has expired" in expired.content.decode()
    assert "s\u2022\u2022\u2022@example.org" in expired.content.decode()
    assert "A fresh link is on its way" in renew.content.decode()
    assert "a few minutes ago" in again.content.decode()
    assert fresh.to == "sanne@example.org"
    assert client.get(current).status_code == 410
    assert client.get(_link_in(fresh)).status_code == 200


def test_staff_revoking_the_address_stops_the_registration_link(client, open_offer):
    _register(client, open_offer)
    path = _link_in(OutgoingEmail.objects.get())
    staff = UserFactory(username="iro-staff")
    staff.groups.add(Group.objects.get_or_create(name=STAFF_GROUP)[0])
    client.force_login(staff)

    client.post(reverse("reminders:staff-revoke-links"), {"email": "SANNE@example.org"})
    client.logout()
    response = client.get(path)

    assert response.status_code == 410
    assert "This link no longer works" in response.content.decode()
