"""Two partners, Havana and Nagasaki, each with a contact, a project with us, one of our
participants going there, a signed agreement and a candidate nominated by its contact."""

import datetime
from dataclasses import dataclass

import pytest

from agreements.access import SESSION_KEY, partner_token
from agreements.models import Agreement, CooperationCondition, Nomination
from mobility.rates import seed_rates
from tests.factories import ContactFactory, HomeInstitutionFactory
from tests.workspace.conftest import (  # noqa: F401 (fixtures)
    coordinator_a,
    coordinator_b,
    login,
    make_project_world,
    make_staff,
    plain_user,
    staff_user,
)


@dataclass
class PartnerWorld:
    institution: object
    contact: object
    project: object
    mobility: object
    agreement: object
    nomination: object


def signed_agreement(partner, **overrides) -> Agreement:
    values = {
        "partner": partner,
        "first_academic_year": 2020,
        "last_academic_year": 2022,
        "status": Agreement.Status.SIGNED_BY_BOTH,
        "our_signatory": "Hester Bijl",
        "our_signing_date": datetime.date(2020, 6, 1),
        "partner_signatory": "Miriam Nicado",
        "partner_signing_date": datetime.date(2020, 6, 15),
        **overrides,
    }
    return Agreement.objects.create(**values)


def make_partner_world(*, coordinator, title, partner_name, contact_name, email) -> PartnerWorld:
    world = make_project_world(coordinator=coordinator, title=title, partner_name=partner_name)
    contact = ContactFactory(institution=world.partner, name=contact_name, email=email)
    agreement = signed_agreement(world.partner)
    CooperationCondition.objects.create(
        agreement=agreement,
        direction="outgoing",
        mobility_type="STA",
        mobilities_per_year=2,
        total_days_per_year=10,
    )
    nomination = Nomination.objects.create(
        project=world.project,
        partner=world.partner,
        nominated_by=contact,
        first_name="Ana",
        last_name=f"Candidate of {partner_name}",
        email="candidate@example.org",
        birth_date=datetime.date(1985, 4, 2),
        nationality="CU",
        gender="F",
        activity="STA",
        level="staff",
        planned_start=datetime.date(2021, 10, 4),
        planned_end=datetime.date(2021, 10, 8),
    )
    return PartnerWorld(
        institution=world.partner,
        contact=contact,
        project=world.project,
        mobility=world.mobility,
        agreement=agreement,
        nomination=nomination,
    )


@pytest.fixture
def home(db):
    seed_rates()
    return HomeInstitutionFactory()


@pytest.fixture
def havana(coordinator_a, home) -> PartnerWorld:  # noqa: F811
    return make_partner_world(
        coordinator=coordinator_a,
        title="Leiden and Havana",
        partner_name="University of Havana",
        contact_name="Miriam Nicado",
        email="miriam@uh.cu",
    )


@pytest.fixture
def nagasaki(coordinator_b, home) -> PartnerWorld:  # noqa: F811
    return make_partner_world(
        coordinator=coordinator_b,
        title="LUMC and Nagasaki",
        partner_name="Nagasaki University",
        contact_name="Kenji Mori",
        email="mori@nagasaki-u.ac.jp",
    )


@pytest.fixture
def partner_client(client):
    """The test client with a contact's access link in its session."""

    def signed_in_as(contact):
        session = client.session
        session[SESSION_KEY] = partner_token(contact)
        session.save()
        return client

    return signed_in_as
