"""When a deadline's reminders fall due: the schedule's steps, and the one step to send now.

A step is a number of days before the due date (negative: after it). After the last step
the reminders repeat weekly until the deadline is done. When sweeps were missed, only the
latest step whose day has come is sent; earlier ones are stale and skipped for good.
"""

from datetime import date

DEFAULT_DAYS_BEFORE = (30, 7, 1, 0, -3)
REPEAT_EVERY_DAYS = 7


def parse_days_before(text: str) -> tuple[int, ...]:
    """The steps of a deadline's own schedule ("14, 3, 0, -7"), or the default when empty."""
    steps = {int(part) for part in text.split(",") if part.strip()}
    return tuple(sorted(steps, reverse=True)) or DEFAULT_DAYS_BEFORE


def current_step(*, due_date: date, today: date, days_before: tuple[int, ...]) -> int | None:
    """The latest step whose day has come, or None when the first step is still ahead."""
    days_left = (due_date - today).days
    reached = [step for step in days_before if step >= days_left]
    if not reached:
        return None
    last = min(days_before)
    if days_left < last:
        weeks = (last - days_left) // REPEAT_EVERY_DAYS
        return last - weeks * REPEAT_EVERY_DAYS
    return min(reached)


def is_superseded(step: int, *, sent_steps: set[int]) -> bool:
    """Whether this step, or a later one, was already sent for the same due date."""
    return any(sent <= step for sent in sent_steps)


def lead_days(days_before: tuple[int, ...]) -> int:
    """How many days before the due date the first reminder goes out."""
    return max(max(days_before), 0)
