"""Fixtures of the project-idea tests: the 2023 KA171 call open for ideas until noon in
Amsterdam on 15 January 2023, its two contacts, the seeded rates and two institutions."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from accounts.rules import STAFF_GROUP
from ideas.models import Idea, IdeaFlow
from ideas.services import open_call_for_ideas
from mobility.rates import seed_rates
from projects.models import Call
from tests.factories import (
    CallFactory,
    HomeInstitutionFactory,
    InstitutionFactory,
    OrganisationalUnitFactory,
    PersonFactory,
    ProjectFactory,
    UserFactory,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
INTERNAL_DEADLINE = datetime.datetime(2023, 1, 15, 12, 0, tzinfo=AMSTERDAM)
BEFORE_DEADLINE = INTERNAL_DEADLINE - datetime.timedelta(days=10)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def rates(db):
    seed_rates()


@pytest.fixture
def leiden(db):
    return HomeInstitutionFactory()


@pytest.fixture
def nagasaki(db):
    """9,185.04 km from Leiden."""
    return InstitutionFactory(
        name="Nagasaki University",
        country="JP",
        city="Nagasaki",
        latitude=Decimal("32.78"),
        longitude=Decimal("129.87"),
    )


@pytest.fixture
def observatory(leiden):
    return OrganisationalUnitFactory(institution=leiden, name="Leiden Observatory")


@pytest.fixture
def call_for_ideas(rates, leiden):
    call = CallFactory(
        year=2023,
        action=Call.Action.KA171,
        deadline=datetime.datetime(2023, 2, 23, 12, 0, tzinfo=ZoneInfo("Europe/Brussels")),
        internal_deadline=None,
    )
    contacts = [
        PersonFactory(first_name="Kathelijne", last_name="Smits", email="k.smits@example.org"),
        PersonFactory(first_name="Jesca", last_name="Zweijtzer", email="j.zweijtzer@example.org"),
    ]
    return open_call_for_ideas(call=call, internal_deadline=INTERNAL_DEADLINE, contacts=contacts)


TEACHING_FLOW = {"activity": "STA", "direction": "outgoing", "people": 2, "duration_days": 7}
STUDY_FLOW = {"activity": "SMS", "direction": "incoming", "people": 3, "duration_days": 150}


@pytest.fixture
def idea(call_for_ideas, observatory, nagasaki):
    """A confirmed idea with two flows, made without emails."""
    idea = Idea.objects.create(
        call_for_ideas=call_for_ideas,
        first_name="Maria",
        last_name="Yazdanbakhsh",
        email="m.yazdanbakhsh@example.org",
        unit=observatory,
        partner=nagasaki,
        research_field="Astronomy",
        rationale="Joint observing with the Nagasaki telescope.",
        confirmed_at=BEFORE_DEADLINE,
    )
    IdeaFlow.objects.create(idea=idea, **TEACHING_FLOW)
    IdeaFlow.objects.create(idea=idea, **STUDY_FLOW)
    return idea


@pytest.fixture
def staff(db):
    user = UserFactory(username="office")
    user.groups.add(Group.objects.get_or_create(name=STAFF_GROUP)[0])
    return user


@pytest.fixture
def coordinator(db):
    user = UserFactory(username="coordinator")
    ProjectFactory(lead_coordinator=PersonFactory(user=user))
    return user
