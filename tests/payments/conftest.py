"""A staff mobility to Nagasaki under the KA107 2020 call, with the seeded rates.

Planned 8-19 March 2021: 12 days + 2 travel days = 14 x EUR 180 = 2,520 individual support,
plus EUR 1,500 travel support (8,000 km and more): a grant of EUR 4,020.00.
"""

import datetime

import pytest

from mobility.grants import recalculate_grant
from tests.factories import CallFactory, MobilityFactory, ProjectFactory
from tests.mobility.conftest import havana, leiden, nagasaki, rates  # noqa: F401
from tests.workspace.conftest import (  # noqa: F401
    coordinator_a,
    login,
    make_coordinator,
    make_staff,
    staff_user,
)


@pytest.fixture
def project(rates, leiden, coordinator_a):  # noqa: F811
    return ProjectFactory(
        call=CallFactory(year=2020, action="KA107"),
        title="Nanomedicine with Nagasaki",
        grant_agreement_number="2020-1-NL01-KA107-064321",
        lead_coordinator=coordinator_a.person,
    )


@pytest.fixture
def mobility(project, nagasaki):  # noqa: F811
    mobility = MobilityFactory(
        project=project,
        partner=nagasaki,
        first_name="Sanne",
        last_name="de Vries",
        email="sanne.devries@example.org",
        planned_start=datetime.date(2021, 3, 8),
        planned_end=datetime.date(2021, 3, 19),
    )
    return recalculate_grant(mobility=mobility)
