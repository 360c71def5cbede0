"""Users with each role and a small project whose budget is worked out by hand in the tests."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from accounts.rules import STAFF_GROUP
from mobility.grants import recalculate_grant
from mobility.models import Activity, Level, Mobility
from projects.models import Project
from tests.factories import (
    CallFactory,
    MobilityFactory,
    MobilityGrantFactory,
    PersonFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    UserFactory,
)
from tests.mobility.conftest import havana, leiden, nagasaki, rates  # noqa: F401

D = datetime.date


@pytest.fixture
def staff_user(db):
    user = UserFactory(username="iro")
    user.groups.add(Group.objects.get_or_create(name=STAFF_GROUP)[0])
    return user


@pytest.fixture
def coordinator(db):
    """Leads the budget project."""
    user = UserFactory(username="maria")
    PersonFactory(user=user, first_name="Maria", last_name="Yazdanbakhsh")
    return user


@pytest.fixture
def other_coordinator(db):
    """Leads another project only."""
    user = UserFactory(username="luis")
    ProjectFactory(lead_coordinator=PersonFactory(user=user, last_name="Cruz"))
    return user


@pytest.fixture
def outsider(db):
    return UserFactory(username="visitor")


def build_budget_project(
    *, nagasaki_university, havana_university, coordinator=None, awarded="20000.00"
):
    """KA107 2020, 1 Aug 2020 - 31 Jul 2023; three grant lines and five mobilities.

    Needs the seeded rates and our institution (Leiden).

    Lines: STA out Nagasaki 2 x (6,000), SMS in Havana 1 x (5,500), STT in Nagasaki 1 x (2,000).
    Mobilities: grant = individual + travel support; each adds EUR 350 organisational support.
    A STA out Nagasaki, completed, 5 days + 2 travel: 7 x 180 + 1,500 = 2,760 (+ 350)
    B STA out Nagasaki, approved, 12 days + 2 travel: 14 x 180 + 1,500 = 4,020 (+ 350)
    C SMS in Havana, nominated, 1 Sep 2021 - 31 Jan 2022 (150 days): 5 x 850 + 820 = 5,070 (+ 350)
    D STT in Nagasaki, cancelled: counts nowhere
    E SMT out Havana (no grant line), approved, Jan-Mar 2022: 3 x 700 + 820 = 2,920 (+ 350)
    """
    project = ProjectFactory(
        call=CallFactory(year=2020, action="KA107"),
        title="Nanomedicine with Havana and Nagasaki",
        slug="nanomedicine",
        grant_agreement_number="2020-1-NL01-KA107-064321",
        awarded_budget=Decimal(awarded),
        **({"lead_coordinator": coordinator.person} if coordinator else {}),
    )
    for partner in (nagasaki_university, havana_university):
        ProjectPartnerFactory(project=project, institution=partner)
    nagasaki_u, havana_u = nagasaki_university, havana_university
    lines = [
        (nagasaki_u, Activity.TEACHING, "outgoing", 2, 5, "6000.00"),
        (havana_u, Activity.STUDY, "incoming", 1, 150, "5500.00"),
        (nagasaki_u, Activity.TRAINING, "incoming", 1, 5, "2000.00"),
    ]
    for partner, activity, direction, planned, days, amount in lines:
        MobilityGrantFactory(
            project=project,
            partner=partner,
            activity=activity,
            direction=direction,
            mobilities_planned=planned,
            duration_days=days,
            amount_awarded=Decimal(amount),
        )
    student = {"level": Level.MASTER, "travel_days": 0}
    mobilities = [
        {"partner": nagasaki_u, "status": Mobility.Status.COMPLETED},
        {"partner": nagasaki_u, "status": Mobility.Status.APPROVED, "planned_end": D(2021, 3, 19)},
        {
            "partner": havana_u,
            "activity": Activity.STUDY,
            "direction": "incoming",
            "status": Mobility.Status.NOMINATED,
            "planned_start": D(2021, 9, 1),
            "planned_end": D(2022, 1, 31),
            **student,
        },
        {
            "partner": nagasaki_u,
            "activity": Activity.TRAINING,
            "direction": "incoming",
            "status": Mobility.Status.CANCELLED,
        },
        {
            "partner": havana_u,
            "activity": Activity.TRAINEESHIP,
            "status": Mobility.Status.APPROVED,
            "planned_start": D(2022, 1, 1),
            "planned_end": D(2022, 3, 31),
            **student,
        },
    ]
    for values in mobilities:
        recalculate_grant(mobility=MobilityFactory(project=project, **values))
    return project


@pytest.fixture
def budget_project(rates, leiden, nagasaki, havana, coordinator) -> Project:  # noqa: F811
    return build_budget_project(
        nagasaki_university=nagasaki, havana_university=havana, coordinator=coordinator
    )
