"""Fixtures of the reminder tests: a deadline with its coordinator, and times in Amsterdam."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.rules import STAFF_GROUP
from outbox.models import OutgoingEmail
from reminders.models import Reminder
from tests.factories import (
    DeadlineFactory,
    OutgoingEmailFactory,
    PersonFactory,
    ProjectFactory,
    UserFactory,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DUE = date(2021, 6, 1)


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """A moment on that day, Amsterdam time (the sweep's time zone)."""
    return datetime.combine(day, time(hour, minute), tzinfo=AMSTERDAM)


def make_deadline(*, due_date=DUE, people=None, project=None, **fields):
    project = project or ProjectFactory(title="Nanomedicine with Havana")
    deadline = DeadlineFactory(project=project, due_date=due_date, **fields)
    deadline.responsible.set(people if people is not None else [project.lead_coordinator])
    return deadline


def make_reminder(*, person, deadline=None, email_status=OutgoingEmail.Status.SENT, **email):
    """A reminder "7 days before", its email already in the given state."""
    deadline = deadline or make_deadline(people=[person])
    sent = email_status == OutgoingEmail.Status.SENT
    return Reminder.objects.create(
        deadline=deadline,
        person=person,
        due_date=deadline.due_date,
        days_before=7,
        delivery=Reminder.Delivery.INDIVIDUAL,
        status=Reminder.Status.QUEUED,
        email=OutgoingEmailFactory(
            to=person.email,
            status=email_status,
            attempts=6,
            sent_at=timezone.now() if sent else None,
            **email,
        ),
    )


@pytest.fixture
def coordinator(db):
    return PersonFactory(first_name="Maria", last_name="Yazdanbakhsh", email="maria@example.org")


@pytest.fixture
def deadline(coordinator):
    return make_deadline(
        project=ProjectFactory(title="Nanomedicine with Havana", lead_coordinator=coordinator),
        title="Interim report",
        kind="interim_report",
    )


@pytest.fixture
def staff_client(client):
    user = UserFactory(username="iro-staff")
    user.groups.add(Group.objects.get_or_create(name=STAFF_GROUP)[0])
    client.force_login(user)
    return client
