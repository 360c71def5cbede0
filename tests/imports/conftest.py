"""Fixtures of the import tests: the files in files/, a staff user, and a project with its
partners and the seeded rate tables."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from mobility.rates import seed_rates
from tests.factories import (
    CallFactory,
    HomeInstitutionFactory,
    InstitutionFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    UserFactory,
)

FILES = Path(__file__).parent / "files"
GRANT_AGREEMENT = "2020-1-NL01-KA107-064321"


def file_bytes(name: str) -> bytes:
    return (FILES / name).read_bytes()


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def leiden(db):
    return HomeInstitutionFactory(erasmus_code="NL LEIDEN01")


@pytest.fixture
def nagasaki(db):
    return InstitutionFactory(
        name="Nagasaki University",
        country="JP",
        city="Nagasaki",
        latitude=Decimal("32.78"),
        longitude=Decimal("129.87"),
        schac_code="nagasaki-u.ac.jp",
        pic="999862592",
        oid="E10208764",
    )


@pytest.fixture
def havana(db):
    return InstitutionFactory(
        name="University of Havana",
        country="CU",
        city="Havana",
        latitude=Decimal("23.13"),
        longitude=Decimal("-82.38"),
        schac_code="uh.cu",
        oid="E10000001",
    )


@pytest.fixture
def project(db, leiden, nagasaki, havana):
    seed_rates()
    project = ProjectFactory(
        call=CallFactory(year=2020, action="KA107"),
        grant_agreement_number=GRANT_AGREEMENT,
        start_date=datetime.date(2020, 8, 1),
        end_date=datetime.date(2023, 7, 31),
    )
    for partner in (nagasaki, havana):
        ProjectPartnerFactory(project=project, institution=partner)
    return project
