"""Fixtures of the public site's tests: an empty cache and offers relative to today."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.factories import ExchangeOfferFactory, InstitutionFactory, ProjectPartnerFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """Stored pages and rate-limit counters of one test never reach another."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def nagasaki(db):
    return InstitutionFactory(name="Nagasaki University", country="JP", city="Nagasaki")


@pytest.fixture
def havana(db):
    return InstitutionFactory(
        name="University of Havana",
        name_local="Universidad de La Habana",
        country="CU",
        city="Havana",
    )


@pytest.fixture
def open_offer(db, nagasaki, today):
    """A published offer at Nagasaki under a running project, open for a month more."""
    link = ProjectPartnerFactory(institution=nagasaki, project__title="LUMC and Nagasaki")
    return ExchangeOfferFactory(
        project=link.project,
        partner=nagasaki,
        slug="medical-imaging-nagasaki",
        title="Medical imaging research in Nagasaki",
        title_nl="Onderzoek naar medische beeldvorming in Nagasaki",
        description="Three months in the radiology laboratory.",
        application_deadline=today + datetime.timedelta(days=30),
    )
