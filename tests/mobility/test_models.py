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


@pytest.mark.parametrize(
    ("activity", "level", "start", "end", "long_term"),
    [
        # 30 days is the longest short-term stay; a longer one (58 days at least) is long-term.
        (
            Activity.STUDY,
            Level.MASTER,
            datetime.date(2027, 3, 1),
            datetime.date(2027, 3, 30),
            False,
        ),
        (Activity.STUDY, Level.MASTER, datetime.date(2027, 3, 1), datetime.date(2027, 4, 27), True),
        (
            Activity.TRAINEESHIP,
            Level.BACHELOR,
            datetime.date(2027, 2, 1),
            datetime.date(2027, 3, 31),
            True,
        ),
        # Staff mobilities never are.
        (
            Activity.TEACHING,
            Level.STAFF,
            datetime.date(2027, 3, 1),
            datetime.date(2027, 3, 5),
            False,
        ),
    ],
)
def test_the_long_term_flag_follows_the_dates(activity, level, start, end, long_term):
    mobility = MobilityFactory(
        activity=activity,
        level=level,
        planned_start=start,
        planned_end=end,
        long_term=not long_term,
    )

    mobility.refresh_from_db()
    assert mobility.long_term is long_term


def test_actual_dates_saved_alone_update_the_long_term_flag():
    mobility = MobilityFactory(
        activity=Activity.STUDY,
        level=Level.MASTER,
        planned_start=datetime.date(2027, 2, 1),
        planned_end=datetime.date(2027, 5, 31),
    )
    assert mobility.long_term is True

    mobility.actual_start = datetime.date(2027, 2, 1)
    mobility.actual_end = datetime.date(2027, 2, 20)
    mobility.save(update_fields=["actual_start", "actual_end"])

    mobility.refresh_from_db()
    assert mobility.long_term is False
