from datetime import date, timedelta

import pytest

from reminders.schedule import (
    DEFAULT_DAYS_BEFORE,
    current_step,
    is_superseded,
    parse_days_before,
)

DUE = date(2021, 6, 1)


def step_on(days_left, days_before=DEFAULT_DAYS_BEFORE):
    return current_step(
        due_date=DUE, today=DUE - timedelta(days=days_left), days_before=days_before
    )


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [
        (45, None),
        (31, None),
        (30, 30),
        (29, 30),
        (8, 30),
        (7, 7),
        (2, 7),
        (1, 1),
        (0, 0),
        (-1, 0),
        (-2, 0),
        (-3, -3),
        (-9, -3),
        (-10, -10),
        (-16, -10),
        (-17, -17),
        (-365, -360),
    ],
)
def test_current_step_default_schedule_is_latest_reached_step(days_left, expected):
    assert step_on(days_left) == expected


def test_current_step_own_schedule_repeats_weekly_after_its_last_step():
    steps = (14, 2)

    assert [step_on(days_left, steps) for days_left in (15, 14, 3, 2, -4, -5, -12)] == [
        None,
        14,
        14,
        2,
        2,
        -5,
        -12,
    ]


def test_parse_days_before_sorts_and_drops_repeats():
    assert parse_days_before(" 2, 14 ,0,-7, 2") == (14, 2, 0, -7)


def test_parse_days_before_empty_is_default_schedule():
    assert parse_days_before("") == (30, 7, 1, 0, -3)


def test_is_superseded_when_same_or_later_step_was_sent():
    assert is_superseded(7, sent_steps={7}) is True
    assert is_superseded(7, sent_steps={1}) is True
    assert is_superseded(7, sent_steps={30}) is False
    assert is_superseded(7, sent_steps=set()) is False
