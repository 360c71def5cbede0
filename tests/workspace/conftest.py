"""The people and projects of the workspace tests.

Two projects: A, led by coordinator A, and B, led by coordinator B. Each has a partner, a
grant line, a mobility, a deadline and an offer with one interest registration.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group

from accounts.rules import STAFF_GROUP
from tests.factories import (
    DeadlineFactory,
    ExchangeOfferFactory,
    InstitutionFactory,
    InterestRegistrationFactory,
    MobilityFactory,
    MobilityGrantFactory,
    PersonFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    UserFactory,
)

PASSWORD = "correct horse battery staple"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def make_staff(username: str = "staff"):
    user = UserFactory(username=username)
    group, _created = Group.objects.get_or_create(name=STAFF_GROUP)
    user.groups.add(group)
    return user


def make_coordinator(username: str, **person):
    user = UserFactory(username=username)
    PersonFactory(user=user, email=f"{username}@example.org", **person)
    return user


@dataclass
class ProjectWorld:
    project: object
    partner: object
    grant_line: object
    mobility: object
    deadline: object
    offer: object
    registration: object


def make_project_world(*, coordinator, title: str, partner_name: str) -> ProjectWorld:
    partner = InstitutionFactory(name=partner_name)
    project = ProjectFactory(title=title, lead_coordinator=coordinator.person)
    ProjectPartnerFactory(project=project, institution=partner)
    offer = ExchangeOfferFactory(project=project, partner=partner)
    return ProjectWorld(
        project=project,
        partner=partner,
        grant_line=MobilityGrantFactory(project=project, partner=partner),
        mobility=MobilityFactory(project=project, partner=partner),
        deadline=DeadlineFactory(
            project=project, title=f"Report of {title}", due_date=datetime.date(2030, 1, 15)
        ),
        offer=offer,
        registration=InterestRegistrationFactory(offer=offer),
    )


@pytest.fixture
def staff_user(db):
    return make_staff()


@pytest.fixture
def plain_user(db):
    return UserFactory(username="nobody")


@pytest.fixture
def coordinator_a(db):
    return make_coordinator("coordinator-a", first_name="Maria", last_name="Yazdanbakhsh")


@pytest.fixture
def coordinator_b(db):
    return make_coordinator("coordinator-b", first_name="Kenji", last_name="Tanaka")


@pytest.fixture
def world_a(coordinator_a) -> ProjectWorld:
    return make_project_world(
        coordinator=coordinator_a, title="Leiden and Havana", partner_name="University of Havana"
    )


@pytest.fixture
def world_b(coordinator_b) -> ProjectWorld:
    return make_project_world(
        coordinator=coordinator_b, title="LUMC and Nagasaki", partner_name="Nagasaki University"
    )


@pytest.fixture
def login(client):
    """Log the test client in as a user (or stay anonymous with None); returns the client."""

    def log_in(user):
        client.logout()
        if user is not None:
            client.force_login(user, backend=MODEL_BACKEND)
        return client

    return log_in
