from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string

from projects.deadlines import mark_deadline_done
from projects.models import Project
from reminders import selectors, services
from tests.factories import ProjectFactory

from .conftest import DUE, at, make_deadline

pytestmark = pytest.mark.django_db


def test_upcoming_for_person_lists_open_deadlines_by_due_date(deadline, coordinator):
    later = make_deadline(people=[coordinator], due_date=DUE + timedelta(days=30))
    overdue = make_deadline(people=[coordinator], due_date=DUE - timedelta(days=3))
    done = make_deadline(people=[coordinator])
    mark_deadline_done(deadline=done, by=coordinator)
    make_deadline(
        people=[coordinator],
        project=ProjectFactory(lead_coordinator=coordinator, status=Project.Status.CLOSED),
    )
    make_deadline()  # someone else's

    upcoming = selectors.upcoming_for_person(coordinator, DUE)

    assert list(upcoming) == [overdue, deadline, later]


def test_my_deadlines_partial_shows_deadlines_reminders_and_preferences_link(deadline, coordinator):
    overdue = make_deadline(
        people=[coordinator], due_date=date(2021, 5, 20), title="Participant report"
    )
    services.send_due_reminders(now=at(date(2021, 5, 31)))

    html = render_to_string(
        "reminders/_my_deadlines.html",
        {
            "person": coordinator,
            "deadlines": selectors.upcoming_for_person(coordinator, date(2021, 5, 31))[:5],
            "reminders": selectors.recent_reminders_for_person(coordinator)[:5],
            "today": date(2021, 5, 31),
        },
    )

    assert html.index("Participant report") < html.index("Interim report")
    assert html.count("overdue") == 1
    assert "Interim report (Nanomedicine with Havana), queued" in html
    assert 'href="/reminders/preferences/' in html
    assert overdue.title in html
