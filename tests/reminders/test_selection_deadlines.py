"""A call's "review by" date is an ordinary deadline: the sweep on the real Celery worker
reminds the reviewing coordinator by email, and it is in their calendar feed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from applications import services as applications
from mobility.models import ExchangeOffer
from reminders import services, tasks
from reminders.models import Reminder
from tests.applications.conftest import make_offer_world
from tests.workspace.conftest import make_coordinator


def reviewed_by(days: int, *, username: str):
    """An offer whose applications closed yesterday, reviewed by a coordinator in `days` days."""
    reviewer = make_coordinator(username, first_name="Maria", last_name="Yazdanbakhsh")
    world = make_offer_world(coordinator=reviewer, title="Leiden and Havana", slug="teach-a")
    today = timezone.localdate()
    ExchangeOffer.objects.filter(pk=world.offer.pk).update(
        application_deadline=today - datetime.timedelta(days=1)
    )
    world.offer.refresh_from_db()
    call = world.call
    call.offer = world.offer
    call.review_by = today + datetime.timedelta(days=days)
    call = applications.save_call(call=call, reviewers=[reviewer])
    return reviewer, call.review_deadline


@pytest.mark.worker
def test_worker_sweep_reminds_the_reviewer_of_the_review_deadline_once(
    celery_worker_process, smtp_server
):
    reviewer, deadline = reviewed_by(7, username="reviewer-a")

    tasks.sweep.delay()
    celery_worker_process.wait_until_idle(timeout=60)
    (message,) = smtp_server.wait_for(1, timeout=20)
    tasks.sweep.delay()
    celery_worker_process.wait_until_idle(timeout=60)

    assert message.to == "reviewer-a@example.org"
    assert message.subject == (
        "Reminder: Applications reviewed: Teaching at Leiden and Havana (Leiden and Havana), "
        "due in 7 days"
    )
    assert (
        "What: Applications reviewed: Teaching at Leiden and Havana (Applications reviewed)"
        in message.text
    )
    assert list(Reminder.objects.values_list("deadline_id", "person_id", "days_before")) == [
        (deadline.pk, reviewer.person.pk, 7)
    ]
    assert len(smtp_server.messages) == 1


def test_review_deadline_is_in_the_reviewers_calendar_feed(client, db):
    reviewer, deadline = reviewed_by(10, username="reviewer-a")
    token = services.preference_for(person=reviewer.person).calendar_token

    response = client.get(reverse("reminders:calendar", args=[token]))

    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["UID"]) == f"deadline-{deadline.pk}@127.0.0.1"
    assert str(event["SUMMARY"]) == (
        "Applications reviewed: Teaching at Leiden and Havana (Leiden and Havana)"
    )
    assert event.decoded("DTSTART") == timezone.localdate() + datetime.timedelta(days=10)
