"""Coordinators and contact persons in the workspace: one person per email address."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from projects.models import Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

SAME_ADDRESS = (
    "Someone in the portal already has this email address (capitals do not make it another one)."
)


def new_person_data(**fields) -> dict:
    return {
        "first_name": "Maria",
        "last_name": "Yazdanbakhsh",
        "email": "maria.yazdanbakhsh@lumc.nl",
        "language": "en",
        **fields,
    }


def test_same_address_in_capitals_is_refused_next_to_the_email(login, staff_user):
    PersonFactory(email="maria.yazdanbakhsh@lumc.nl")

    response = login(staff_user).post(
        reverse("workspace:person-create"),
        new_person_data(email="MARIA.Yazdanbakhsh@lumc.nl"),
    )

    html = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert response.context["editor"].form.errors == {"email": [SAME_ADDRESS]}
    assert f'<span id="error_1_id_email"><strong>{SAME_ADDRESS}</strong>' in html
    assert 'value="MARIA.Yazdanbakhsh@lumc.nl"' in html
    assert Person.objects.filter(email__iexact="maria.yazdanbakhsh@lumc.nl").count() == 1


def test_person_keeps_their_own_address_when_edited(login, staff_user):
    person = PersonFactory(email="maria.yazdanbakhsh@lumc.nl")

    response = login(staff_user).post(
        reverse("workspace:person-update", args=[person.pk]),
        new_person_data(email="Maria.Yazdanbakhsh@lumc.nl", phone="+31 71 526 9111"),
    )

    person.refresh_from_db()
    assert response.status_code == 302
    assert (person.email, person.phone) == ("Maria.Yazdanbakhsh@lumc.nl", "+31 71 526 9111")


def test_database_refuses_the_same_address_in_other_capitals():
    PersonFactory(email="maria.yazdanbakhsh@lumc.nl")

    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        PersonFactory(email="MARIA.YAZDANBAKHSH@LUMC.NL")

    assert "person_email_unique_ignoring_case" in str(refused.value)
