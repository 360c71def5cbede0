"""The EU's rules of a call, as data: durations per activity, travel days, project period."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from mobility.eligibility import eligibility_problems, mobility_problems
from mobility.models import EligibilityRule, Mobility
from tests.factories import CallFactory, MobilityFactory, ProjectFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def _problems(call_year=2020, action="KA107", activity="SMS", travel_days=0, **dates):
    return eligibility_problems(
        call_year=call_year,
        action=action,
        activity=activity,
        travel_days=travel_days,
        **dates,
    )


KA107_STUDY = (
    "Duration rule of KA107 2020: Student mobility for studies lasts 3 to 12 months "
    "(30-day months); these dates count %s days in 30-day months."
)
KA171_STUDY = (
    "Duration rule of KA171 2022: Student mobility for studies lasts 2 to 12 months "
    "(30-day months) or 5 to 30 days (travel days excluded); these dates count %s."
)
KA107_TEACHING = (
    "Duration rule of KA107 2020: Staff mobility for teaching lasts 5 to 60 days "
    "(travel days excluded); these dates count %s."
)


def test_february_and_march_count_two_months_under_ka171(rates):
    assert _problems(2022, "KA171", start=D(2022, 2, 1), end=D(2022, 3, 31)) == []


def test_one_day_short_of_two_months_is_refused_under_ka171(rates):
    assert _problems(2022, "KA171", start=D(2022, 2, 2), end=D(2022, 3, 30)) == [
        KA171_STUDY % "57 calendar days or 59 days in 30-day months"
    ]


def test_ka107_study_of_60_days_is_refused_for_its_3_month_minimum(rates):
    assert _problems(start=D(2021, 2, 1), end=D(2021, 3, 31)) == [KA107_STUDY % 60]


@pytest.mark.parametrize(
    ("start", "end", "problems"),
    [
        (D(2021, 2, 1), D(2021, 4, 30), []),
        (D(2021, 2, 2), D(2021, 4, 30), [KA107_STUDY % 89]),
        (D(2020, 9, 1), D(2021, 8, 31), []),
        (D(2020, 9, 1), D(2021, 9, 1), [KA107_STUDY % 361]),
    ],
)
def test_ka107_study_lasts_3_to_12_months(rates, start, end, problems):
    assert _problems(start=start, end=end) == problems


def test_sixteen_month_study_is_refused(rates):
    assert _problems(2022, "KA171", start=D(2022, 9, 1), end=D(2023, 12, 31)) == [
        KA171_STUDY % "487 calendar days or 480 days in 30-day months"
    ]


@pytest.mark.parametrize(
    ("end", "problems"),
    [
        (D(2021, 3, 8), [KA107_TEACHING % "1 calendar day"]),
        (D(2021, 3, 11), [KA107_TEACHING % "4 calendar days"]),
        (D(2021, 3, 12), []),
        (D(2021, 5, 6), []),
        (D(2021, 5, 7), [KA107_TEACHING % "61 calendar days"]),
    ],
)
def test_staff_mobility_lasts_5_to_60_days(rates, end, problems):
    assert _problems(activity="STA", travel_days=2, start=D(2021, 3, 8), end=end) == problems


def test_short_term_study_of_5_to_30_days_only_under_ka171(rates):
    assert _problems(2022, "KA171", start=D(2022, 3, 1), end=D(2022, 3, 30)) == []
    assert _problems(2022, "KA171", start=D(2022, 3, 1), end=D(2022, 3, 31)) == [
        KA171_STUDY % "31 calendar days or 30 days in 30-day months"
    ]
    assert _problems(start=D(2021, 3, 1), end=D(2021, 3, 30)) == [KA107_STUDY % 30]


def test_dates_from_year_1_to_9999_are_refused_without_crashing(rates):
    assert _problems(start=D(1, 1, 1), end=D(9999, 12, 31)) == [KA107_STUDY % 3599640]


@pytest.mark.parametrize(
    ("travel_days", "green", "problems"),
    [
        (-5, False, ["Funded travel days cannot be negative."]),
        (2, False, []),
        (3, False, ["Travel day rule of KA107 2020: at most 2 funded travel days; 3 asked."]),
        (400, False, ["Travel day rule of KA107 2020: at most 2 funded travel days; 400 asked."]),
        (3, True, ["Travel day rule of KA107 2020: at most 2 funded travel days; 3 asked."]),
    ],
)
def test_ka107_funds_two_travel_days(rates, travel_days, green, problems):
    assert (
        _problems(
            activity="STT",
            travel_days=travel_days,
            green_travel=green,
            start=D(2021, 3, 8),
            end=D(2021, 3, 12),
        )
        == problems
    )


@pytest.mark.parametrize(
    ("travel_days", "green", "problems"),
    [
        (2, False, []),
        (
            3,
            False,
            [
                "Travel day rule of KA171 2022: at most 2 funded travel days, 6 with green "
                "travel; 3 asked."
            ],
        ),
        (6, True, []),
        (
            7,
            True,
            [
                "Travel day rule of KA171 2022: at most 2 funded travel days, 6 with green "
                "travel; 7 asked."
            ],
        ),
    ],
)
def test_ka171_adds_four_travel_days_for_green_travel(rates, travel_days, green, problems):
    assert (
        _problems(
            2022,
            "KA171",
            activity="STA",
            travel_days=travel_days,
            green_travel=green,
            start=D(2022, 3, 7),
            end=D(2022, 3, 11),
        )
        == problems
    )


def test_rules_are_data_staff_can_change(rates):
    EligibilityRule.objects.filter(
        rate_table__call_year=2020, rate_table__action="KA107", activity="SMS"
    ).update(min_duration=2)

    assert _problems(start=D(2021, 2, 1), end=D(2021, 3, 31)) == []


def test_an_activity_without_rules_is_named(rates):
    EligibilityRule.objects.filter(
        rate_table__call_year=2020, rate_table__action="KA107", activity="SMT"
    ).delete()

    assert _problems(activity="SMT", start=D(2021, 2, 1), end=D(2021, 5, 31)) == [
        "The KA107 2020 rules have no duration limits for Student traineeship."
    ]


def test_a_call_without_a_rate_table_is_named(rates):
    assert _problems(2014, start=D(2015, 2, 1), end=D(2015, 5, 31)) == [
        "There is no rate table for KA107 2014."
    ]


def test_mobility_problems_read_the_actual_dates_and_the_project_period(rates):
    project = ProjectFactory(call=CallFactory(year=2020, action="KA107"))
    mobility = MobilityFactory(
        project=project,
        planned_start=D(2023, 7, 10),
        planned_end=D(2023, 7, 14),
        actual_start=D(2023, 7, 20),
        actual_end=D(2023, 8, 2),
    )
    planned_only = MobilityFactory(project=project)

    assert mobility_problems(mobility) == [
        "Project period rule: the mobility ends after the project (31 Jul 2023)."
    ]
    assert mobility_problems(planned_only) == []


CYCLE = (
    "A student is funded for at most 12 months per study cycle: %s earlier and %s now make "
    "%s months."
)


@pytest.mark.parametrize(
    ("previous", "start", "end", "problems"),
    [
        # Five 30-day months after seven: exactly twelve.
        ("7", D(2021, 9, 1), D(2022, 1, 30), []),
        ("7", D(2021, 9, 1), D(2022, 2, 1), [CYCLE % ("7", "5.03", "12.03")]),
        # A short stay counts its calendar days / 30: 10 days are 0.33 months.
        ("11.67", D(2022, 3, 1), D(2022, 3, 10), []),
        ("11.68", D(2022, 3, 1), D(2022, 3, 10), [CYCLE % ("11.68", "0.33", "12.01")]),
    ],
)
def test_a_student_is_funded_twelve_months_per_study_cycle(rates, previous, start, end, problems):
    found = _problems(2022, "KA171", start=start, end=end, previous_participation=Decimal(previous))
    assert found == problems


def test_earlier_months_do_not_count_for_staff(rates):
    found = _problems(
        2022,
        "KA171",
        activity="STA",
        start=D(2022, 3, 1),
        end=D(2022, 3, 10),
        previous_participation=Decimal(12),
    )
    assert found == []


def test_earlier_months_are_refused_by_the_database_for_staff_and_above_twelve(rates):
    staff = MobilityFactory(activity="STA")
    student = MobilityFactory(activity="SMS", level="master")
    with pytest.raises(IntegrityError), transaction.atomic():
        Mobility.objects.filter(pk=staff.pk).update(previous_participation=Decimal(1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Mobility.objects.filter(pk=student.pk).update(previous_participation=Decimal("12.5"))
    staff.previous_participation = Decimal(1)
    with pytest.raises(ValidationError) as error:
        staff.full_clean()
    assert error.value.message_dict["previous_participation"] == [
        "Earlier Erasmus+ months count for students only, from 0 to 12 months."
    ]
