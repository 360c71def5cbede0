"""Fixtures of the grant, rate and export tests: the seeded rate tables and some places."""

from decimal import Decimal

import pytest

from mobility.rates import seed_rates
from tests.factories import HomeInstitutionFactory, InstitutionFactory


@pytest.fixture
def rates(db):
    seed_rates()


@pytest.fixture
def leiden(db):
    """Leiden University, ours: 52.15 N, 4.48 E."""
    return HomeInstitutionFactory()


@pytest.fixture
def nagasaki(db):
    """9,185.04 km from Leiden: the 8,000 km and more band."""
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
    """7,789.98 km from Leiden: the 4,000-7,999 km band."""
    return InstitutionFactory(
        name="University of Havana",
        name_local="Universidad de La Habana",
        country="CU",
        city="Havana",
        latitude=Decimal("23.13"),
        longitude=Decimal("-82.38"),
        schac_code="uh.cu",
    )
