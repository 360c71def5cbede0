import datetime

import pytest
from django.db import IntegrityError, transaction

from mobility.models import Activity, Level
from tests.factories import (
    ExchangeOfferFactory,
    InterestRegistrationFactory,
    MobilityFactory,
    MobilityGrantFactory,
)

pytestmark = pytest.mark.django_db


def _rejected(factory, **values):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**values)


@pytest.mark.parametrize(
    ("activity", "days"),
    [(Activity.TEACHING, 4), (Activity.TEACHING, 61), (Activity.STUDY, 45), (Activity.STUDY, 367)],
)
def test_grant_line_duration_outside_the_activity_is_rejected(activity, days):
    _rejected(MobilityGrantFactory, activity=activity, duration_days=days)


@pytest.mark.parametrize(
    ("activity", "days"),
    [
        (Activity.TEACHING, 5),
        (Activity.TRAINING, 60),
        (Activity.STUDY, 30),
        (Activity.TRAINEESHIP, 60),
    ],
)
def test_grant_line_duration_at_the_bounds_is_accepted(activity, days):
    MobilityGrantFactory(activity=activity, duration_days=days)


def test_grant_line_negative_amount_is_rejected():
    _rejected(MobilityGrantFactory, amount_awarded=-10)


def test_grant_line_is_unique_per_flow():
    line = MobilityGrantFactory()

    _rejected(
        MobilityGrantFactory,
        project=line.project,
        partner=line.partner,
        activity=line.activity,
        direction=line.direction,
    )


def test_mobility_end_before_start_is_rejected():
    _rejected(
        MobilityFactory,
        planned_start=datetime.date(2021, 3, 12),
        planned_end=datetime.date(2021, 3, 8),
    )


def test_mobility_actual_end_before_actual_start_is_rejected():
    _rejected(
        MobilityFactory,
        actual_start=datetime.date(2021, 3, 12),
        actual_end=datetime.date(2021, 3, 8),
    )


@pytest.mark.parametrize(
    ("activity", "level", "start", "end"),
    [
        (Activity.TEACHING, Level.STAFF, datetime.date(2021, 3, 8), datetime.date(2021, 3, 11)),
        (Activity.TEACHING, Level.STAFF, datetime.date(2021, 3, 1), datetime.date(2021, 4, 30)),
        (Activity.STUDY, Level.MASTER, datetime.date(2021, 3, 1), datetime.date(2021, 4, 14)),
    ],
)
def test_mobility_duration_outside_the_activity_is_rejected(activity, level, start, end):
    _rejected(MobilityFactory, activity=activity, level=level, planned_start=start, planned_end=end)


def test_mobility_five_staff_days_and_two_student_months_are_accepted():
    MobilityFactory(planned_start=datetime.date(2021, 3, 8), planned_end=datetime.date(2021, 3, 12))
    MobilityFactory(
        activity=Activity.STUDY,
        level=Level.MASTER,
        planned_start=datetime.date(2021, 3, 1),
        planned_end=datetime.date(2021, 4, 29),
    )


def test_mobility_staff_activity_needs_a_staff_participant():
    _rejected(MobilityFactory, activity=Activity.TEACHING, level=Level.MASTER)


def test_mobility_negative_grant_is_rejected():
    _rejected(MobilityFactory, travel_support=-1)


def test_offer_needs_at_least_one_place():
    _rejected(ExchangeOfferFactory, places=0)


def test_offer_period_must_end_after_it_starts():
    _rejected(
        ExchangeOfferFactory,
        period_start=datetime.date(2027, 2, 1),
        period_end=datetime.date(2027, 1, 1),
    )


def test_registration_is_unique_per_offer_and_email_whatever_the_case():
    registration = InterestRegistrationFactory(email="Sanne@Example.org")

    _rejected(InterestRegistrationFactory, offer=registration.offer, email="sanne@example.org")
