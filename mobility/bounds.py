"""What a mobility's dates may be at all, whatever its call: the safety bounds the model
(Mobility.clean, next to the fields) and the database (constraints on
mobility.models.Mobility) keep, and the two ways durations are counted. The EU's rules of
each call are in mobility.eligibility.
"""

import datetime
from datetime import timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

# What an activity allows, in calendar days of activity (travel days not included):
# staff 5 days to 2 months; students 5-30 days (short-term) or 2-12 months.
STAFF_DAYS = (5, 60)
SHORT_TERM_STUDENT_DAYS = (5, 30)
# 58: the fewest calendar days that count two 30-day months (1 Feb to 30 Mar).
LONG_TERM_STUDENT_DAYS = (58, 366)
DURATION_MESSAGE = _(
    "Staff mobility lasts 5 to 60 days; student mobility 5 to 30 days or 2 to 12 months."
)
# Planned and actual dates may lie this far outside the project's period (a stay agreed
# just before the project starts, a return delayed past its end); further out is a typo.
PROJECT_PERIOD_TOLERANCE = timedelta(days=31)
# Safety bounds the database keeps on every row, whatever wrote it.
ACTUAL_DAYS_MAX = LONG_TERM_STUDENT_DAYS[1]
ACTUAL_FROM_PLANNED_MAX = timedelta(days=366)
TRAVEL_DAYS_MAX = 6

PLANNED_END_MESSAGE = _("The planned end cannot be before the planned start.")
ACTUAL_END_MESSAGE = _("The actual end cannot be before the actual start.")
ACTUAL_DURATION_MESSAGE = _("A mobility lasts at most 12 months (366 days).")
ACTUAL_NEAR_PLANNED_MESSAGE = _("The actual dates lie within a year of the planned ones.")
TRAVEL_DAYS_MESSAGE = _(
    "Funded travel days are 0 to 6: one before and one after, up to four more for green travel."
)


def days_allowed(*, is_staff: bool) -> tuple[tuple[int, int], ...]:
    """The ranges of calendar days of activity that the kind of mobility may last."""
    if is_staff:
        return (STAFF_DAYS,)
    return (SHORT_TERM_STUDENT_DAYS, LONG_TERM_STUDENT_DAYS)


def _outside_period_message(project_start: datetime.date, project_end: datetime.date) -> str:
    return _(
        "Outside the project period (%(start)s to %(end)s): dates may lie at most "
        "%(days)s days before or after it."
    ) % {
        "start": date_format(project_start),
        "end": date_format(project_end),
        "days": PROJECT_PERIOD_TOLERANCE.days,
    }


def mobility_date_errors(
    *,
    is_staff: bool | None,
    project_start: datetime.date | None,
    project_end: datetime.date | None,
    planned_start: datetime.date | None,
    planned_end: datetime.date | None,
    actual_start: datetime.date | None,
    actual_end: datetime.date | None,
) -> dict[str, str]:
    """What is wrong with a mobility's dates, by field (the first problem of each); empty
    when they may be stored. Unknown values (None) are not checked."""
    errors: dict[str, str] = {}
    dates = {
        "planned_start": planned_start,
        "planned_end": planned_end,
        "actual_start": actual_start,
        "actual_end": actual_end,
    }
    if project_start and project_end:
        earliest = project_start - PROJECT_PERIOD_TOLERANCE
        latest = project_end + PROJECT_PERIOD_TOLERANCE
        for name, value in dates.items():
            if value and not earliest <= value <= latest:
                errors[name] = _outside_period_message(project_start, project_end)
    if planned_start and planned_end and "planned_end" not in errors:
        days = (planned_end - planned_start).days + 1
        if planned_end < planned_start:
            errors["planned_end"] = PLANNED_END_MESSAGE
        elif is_staff is not None and not any(
            low <= days <= high for low, high in days_allowed(is_staff=is_staff)
        ):
            errors["planned_end"] = DURATION_MESSAGE
    if actual_start and actual_end and "actual_end" not in errors:
        if actual_end < actual_start:
            errors["actual_end"] = ACTUAL_END_MESSAGE
        elif (actual_end - actual_start).days + 1 > ACTUAL_DAYS_MAX:
            errors["actual_end"] = ACTUAL_DURATION_MESSAGE
    if planned_start and planned_end:
        for name in ("actual_start", "actual_end"):
            value = dates[name]
            if (
                value
                and name not in errors
                and not (
                    planned_start - ACTUAL_FROM_PLANNED_MAX
                    <= value
                    <= planned_end + ACTUAL_FROM_PLANNED_MAX
                )
            ):
                errors[name] = ACTUAL_NEAR_PLANNED_MESSAGE
    return errors


def calendar_days(start: datetime.date, end: datetime.date) -> int:
    """Both days counted: 8-12 March is 5 days."""
    return (end - start).days + 1


def is_long_term_stay(start: datetime.date, end: datetime.date) -> bool:
    """A student's stay is long-term when it is longer than a short-term one may be."""
    return calendar_days(start, end) > SHORT_TERM_STUDENT_DAYS[1]


def days_30_360(start: datetime.date, end: datetime.date) -> int:
    """The Beneficiary Module's count for long-term students: every month 30 days, day 31 as 30
    (1 Feb-31 Mar is 60 days)."""
    return (
        (end.year - start.year) * 360
        + (end.month - start.month) * 30
        + (min(end.day, 30) - min(start.day, 30))
        + 1
    )
